import { scaled, type NetSpec } from '../spec';

/**
 * LeNet-5 as the d2l book writes it: sigmoid activations and average pooling, with the first
 * convolution padded by 2 so the 28×28 MNIST digit keeps its size (LeNet's 32×32 input, in effect).
 */
export const lenet: NetSpec = {
  id: 'lenet',
  title: 'LeNet-5',
  year: 1998,
  paper: 'LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document recognition"',
  widthFactor: 1,
  inputSize: 28,
  paperInputSize: 28,
  deviations: [],
  layers: (f) => [
    { kind: 'conv', name: 'conv1', filters: scaled(6, f), kernel: 5, padding: 2 },
    { kind: 'activation', name: 'sigmoid1', fn: 'sigmoid' },
    { kind: 'avgpool', name: 'pool1', pool: 2, stride: 2 },
    { kind: 'conv', name: 'conv2', filters: scaled(16, f), kernel: 5 },
    { kind: 'activation', name: 'sigmoid2', fn: 'sigmoid' },
    { kind: 'avgpool', name: 'pool2', pool: 2, stride: 2 },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units: scaled(120, f) },
    { kind: 'activation', name: 'sigmoid3', fn: 'sigmoid' },
    { kind: 'dense', name: 'fc2', units: scaled(84, f) },
    { kind: 'activation', name: 'sigmoid4', fn: 'sigmoid' },
    { kind: 'dense', name: 'fc3', units: 10 },
  ],
};

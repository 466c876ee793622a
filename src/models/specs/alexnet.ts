import { scaled, type NetSpec } from '../spec';
import { convRelu, denseHead } from './blocks';

const FACTOR = 8;

/** AlexNet as the d2l book writes it for one-channel input: five convolutions with ReLU and max-pooling, then two wide dense layers with dropout. */
export const alexnet: NetSpec = {
  id: 'alexnet',
  title: 'AlexNet',
  year: 2012,
  paper: 'Krizhevsky, Sutskever & Hinton, "ImageNet classification with deep convolutional neural networks"',
  widthFactor: FACTOR,
  inputSize: 112,
  paperInputSize: 224,
  deviations: [`every channel and dense width divided by ${FACTOR}`, 'input upscaled to 112×112 (4×) instead of the book\'s 224×224, which would cost four times the compute'],
  layers: (f) => [
    ...convRelu('conv1', scaled(96, f), 11, 4, 1),
    { kind: 'maxpool', name: 'pool1', pool: 3, stride: 2 },
    ...convRelu('conv2', scaled(256, f), 5, 1, 2),
    { kind: 'maxpool', name: 'pool2', pool: 3, stride: 2 },
    ...convRelu('conv3', scaled(384, f), 3, 1, 1),
    ...convRelu('conv4', scaled(384, f), 3, 1, 1),
    ...convRelu('conv5', scaled(256, f), 3, 1, 1),
    { kind: 'maxpool', name: 'pool3', pool: 3, stride: 2 },
    ...denseHead(scaled(4096, f)),
  ],
};

import { scaled, type NetSpec } from '../spec';
import { vggBlock } from './blocks';

/** The book's `conv_arch`: (number of convolutions, channels) per block — VGG-11. */
export const CONV_ARCH: [number, number][] = [
  [1, 64],
  [1, 128],
  [2, 256],
  [2, 512],
  [2, 512],
];

const FACTOR = 16;

/** VGG-11 as the d2l book builds it: `vgg_block`s over `conv_arch`, then three dense layers with dropout. */
export const vgg: NetSpec = {
  id: 'vgg',
  title: 'VGG-11',
  year: 2014,
  paper: 'Simonyan & Zisserman, "Very deep convolutional networks for large-scale image recognition"',
  widthFactor: FACTOR,
  inputSize: 84,
  paperInputSize: 224,
  deviations: [
    `every channel and dense width divided by ${FACTOR} (the book itself divides by 4)`,
    'input upscaled to 84×84 (3×) instead of the book\'s 224×224, which would cost seven times the compute',
  ],
  layers: (f) => [
    ...CONV_ARCH.map(([n, c], i) => vggBlock(`block${i + 1}`, n, scaled(c, f))),
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units: scaled(4096, f) },
    { kind: 'activation', name: 'fc1_relu', fn: 'relu' },
    { kind: 'dropout', name: 'drop1', rate: 0.5 },
    { kind: 'dense', name: 'fc2', units: scaled(4096, f) },
    { kind: 'activation', name: 'fc2_relu', fn: 'relu' },
    { kind: 'dropout', name: 'drop2', rate: 0.5 },
    { kind: 'dense', name: 'fc3', units: 10 },
  ],
};

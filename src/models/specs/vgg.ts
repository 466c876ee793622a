import { scaled, type NetSpec } from '../spec';
import { denseHead, vggBlock } from './blocks';

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
    ...denseHead(scaled(4096, f)),
  ],
};

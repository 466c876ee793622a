import { scaled, type NetSpec } from '../spec';
import { ninBlock } from './blocks';

const FACTOR = 8;

/** Network in Network as the d2l book writes it: NiN blocks and max-pooling, ending in global average pooling over ten channels (no dense layer). */
export const nin: NetSpec = {
  id: 'nin',
  title: 'NiN',
  year: 2014,
  paper: 'Lin, Chen & Yan, "Network in network"',
  widthFactor: FACTOR,
  inputSize: 112,
  paperInputSize: 224,
  deviations: [
    `every channel width divided by ${FACTOR} (the last block keeps its 10 class channels)`,
    'input upscaled to 112×112 (4×) instead of the book\'s 224×224, which would cost four times the compute',
  ],
  layers: (f) => [
    ninBlock('nin1', scaled(96, f), 11, 4, 0),
    { kind: 'maxpool', name: 'pool1', pool: 3, stride: 2 },
    ninBlock('nin2', scaled(256, f), 5, 1, 2),
    { kind: 'maxpool', name: 'pool2', pool: 3, stride: 2 },
    ninBlock('nin3', scaled(384, f), 3, 1, 1),
    { kind: 'maxpool', name: 'pool3', pool: 3, stride: 2 },
    { kind: 'dropout', name: 'drop', rate: 0.5 },
    ninBlock('nin4', 10, 3, 1, 1),
    { kind: 'gap', name: 'gap' },
    { kind: 'flatten', name: 'flatten' },
  ],
};

import { scaled, type NetSpec } from '../spec';
import { convRelu, inception } from './blocks';

const FACTOR = 8;

/** GoogLeNet as the d2l book builds it: stages b1–b5, nine Inception blocks, global average pooling, one dense layer. */
export const googlenet: NetSpec = {
  id: 'googlenet',
  title: 'GoogLeNet',
  year: 2014,
  paper: 'Szegedy et al., "Going deeper with convolutions"',
  widthFactor: FACTOR,
  inputSize: 84,
  paperInputSize: 96,
  deviations: [`every channel width divided by ${FACTOR}`, 'input upscaled to 84×84 (3×) instead of the book\'s 96×96, so the upscaling is a whole factor; b5 still works on 3×3 maps, as in the book'],
  layers: (f) => {
    const c = (n: number) => scaled(n, f);
    const inc = (name: string, c1: number, c2: [number, number], c3: [number, number], c4: number) =>
      inception(name, c(c1), [c(c2[0]), c(c2[1])], [c(c3[0]), c(c3[1])], c(c4));
    return [
      { kind: 'block', name: 'b1', label: 'Stage b1', layers: [...convRelu('conv', c(64), 7, 2, 3), { kind: 'maxpool', name: 'pool', pool: 3, stride: 2, padding: 1 }] },
      {
        kind: 'block',
        name: 'b2',
        label: 'Stage b2',
        layers: [...convRelu('conv1', c(64), 1), ...convRelu('conv2', c(192), 3, 1, 1), { kind: 'maxpool', name: 'pool', pool: 3, stride: 2, padding: 1 }],
      },
      {
        kind: 'block',
        name: 'b3',
        label: 'Stage b3',
        layers: [inc('inception1', 64, [96, 128], [16, 32], 32), inc('inception2', 128, [128, 192], [32, 96], 64), { kind: 'maxpool', name: 'pool', pool: 3, stride: 2, padding: 1 }],
      },
      {
        kind: 'block',
        name: 'b4',
        label: 'Stage b4',
        layers: [
          inc('inception1', 192, [96, 208], [16, 48], 64),
          inc('inception2', 160, [112, 224], [24, 64], 64),
          inc('inception3', 128, [128, 256], [24, 64], 64),
          inc('inception4', 112, [144, 288], [32, 64], 64),
          inc('inception5', 256, [160, 320], [32, 128], 128),
          { kind: 'maxpool', name: 'pool', pool: 3, stride: 2, padding: 1 },
        ],
      },
      {
        kind: 'block',
        name: 'b5',
        label: 'Stage b5',
        layers: [
          inc('inception1', 256, [160, 320], [32, 128], 128),
          inc('inception2', 384, [192, 384], [48, 128], 128),
          { kind: 'gap', name: 'gap' },
          { kind: 'flatten', name: 'flatten' },
        ],
      },
      { kind: 'dense', name: 'fc', units: 10 },
    ];
  },
};

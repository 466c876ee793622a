import { scaled, type LayerSpec, type NetSpec } from '../spec';
import { residual } from './blocks';

const FACTOR = 8;

/** The book's ResNet-18 `arch`: (residual blocks, channels) per stage. */
export const RESNET18_ARCH: [number, number][] = [
  [2, 64],
  [2, 128],
  [2, 256],
  [2, 512],
];

/** ResNet-18 as the d2l book builds it: b1, four stages of two residual blocks, global average pooling, one dense layer. */
export const resnet: NetSpec = {
  id: 'resnet',
  title: 'ResNet-18',
  year: 2015,
  paper: 'He, Zhang, Ren & Sun, "Deep residual learning for image recognition"',
  widthFactor: FACTOR,
  inputSize: 56,
  paperInputSize: 96,
  deviations: [`every channel width divided by ${FACTOR}`, 'input upscaled to 56×56 (2×) instead of the book\'s 96×96, so the upscaling is a whole factor and an epoch costs a third as much; b5 works on 2×2 maps where the book has 3×3'],
  layers: (f) => {
    const stages: LayerSpec[] = RESNET18_ARCH.map(([n, channels], i) => ({
      kind: 'block',
      name: `b${i + 2}`,
      label: `Stage b${i + 2}`,
      layers: Array.from({ length: n }, (_, j) =>
        // The first block of every stage but the first halves the size and changes the width.
        j === 0 && i > 0 ? residual(`res${j + 1}`, scaled(channels, f), true, 2) : residual(`res${j + 1}`, scaled(channels, f), false),
      ),
    }));
    return [
      {
        kind: 'block',
        name: 'b1',
        label: 'Stage b1',
        layers: [
          { kind: 'conv', name: 'conv', filters: scaled(64, f), kernel: 7, stride: 2, padding: 3 },
          { kind: 'batchnorm', name: 'bn' },
          { kind: 'activation', name: 'relu', fn: 'relu' },
          { kind: 'maxpool', name: 'pool', pool: 3, stride: 2, padding: 1 },
        ],
      },
      ...stages,
      { kind: 'gap', name: 'gap' },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'fc', units: 10 },
    ];
  },
};

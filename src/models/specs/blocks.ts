import type { LayerSpec, LeafSpec } from '../spec';

/** A convolution followed by ReLU, the book's most common pair. */
export function convRelu(name: string, filters: number, kernel: number, stride = 1, padding = 0): LayerSpec[] {
  return [
    { kind: 'conv', name, filters, kernel, stride, padding },
    { kind: 'activation', name: `${name}_relu`, fn: 'relu' },
  ];
}

/** d2l `vgg_block(num_convs, out_channels)`: 3×3 convolutions (padding 1) with ReLU, then a 2×2 max-pool. */
export function vggBlock(name: string, numConvs: number, channels: number): LayerSpec {
  const convs = Array.from({ length: numConvs }, (_, i) => convRelu(`conv${i + 1}`, channels, 3, 1, 1)).flat();
  return { kind: 'block', name, label: `VGG block (${numConvs}×conv 3×3, ${channels})`, layers: [...convs, { kind: 'maxpool', name: 'pool', pool: 2, stride: 2 }] };
}

/** d2l `nin_block(out_channels, kernel_size, strides, padding)`: a convolution, then two 1×1 convolutions, each with ReLU. */
export function ninBlock(name: string, channels: number, kernel: number, stride: number, padding: number): LayerSpec {
  return {
    kind: 'block',
    name,
    label: `NiN block (conv ${kernel}×${kernel} + two 1×1, ${channels})`,
    layers: [...convRelu('conv', channels, kernel, stride, padding), ...convRelu('mlp1', channels, 1), ...convRelu('mlp2', channels, 1)],
  };
}

/**
 * d2l `Inception(c1, c2, c3, c4)`: four parallel paths concatenated on channels. Path 1: 1×1 conv;
 * path 2: 1×1 then 3×3 (padding 1); path 3: 1×1 then 5×5 (padding 2); path 4: 3×3 max-pool
 * (stride 1, padding 1) then 1×1 conv. ReLU after every convolution.
 */
export function inception(name: string, c1: number, c2: [number, number], c3: [number, number], c4: number): LayerSpec {
  return {
    kind: 'branches',
    name,
    label: `Inception (${c1}, (${c2.join(', ')}), (${c3.join(', ')}), ${c4})`,
    paths: [
      convRelu('p1_1', c1, 1),
      [...convRelu('p2_1', c2[0], 1), ...convRelu('p2_2', c2[1], 3, 1, 1)],
      [...convRelu('p3_1', c3[0], 1), ...convRelu('p3_2', c3[1], 5, 1, 2)],
      [{ kind: 'maxpool', name: 'p4_1', pool: 3, stride: 1, padding: 1 }, ...convRelu('p4_2', c4, 1)],
    ],
  };
}

/**
 * d2l `Residual(num_channels, use_1x1conv, strides)`: conv 3×3 – BN – ReLU – conv 3×3 – BN, added to
 * the input (through a 1×1 convolution with the same stride when `use1x1`), then ReLU.
 */
export function residual(name: string, channels: number, use1x1: boolean, stride = 1): LayerSpec {
  const shortcut: LeafSpec[] = use1x1 ? [{ kind: 'conv', name: 'conv3', filters: channels, kernel: 1, stride }] : [];
  return {
    kind: 'residual',
    name,
    label: use1x1 ? `Residual (${channels}, 1×1 conv shortcut, stride ${stride})` : `Residual (${channels})`,
    body: [
      { kind: 'conv', name: 'conv1', filters: channels, kernel: 3, stride, padding: 1 },
      { kind: 'batchnorm', name: 'bn1' },
      { kind: 'activation', name: 'relu1', fn: 'relu' },
      { kind: 'conv', name: 'conv2', filters: channels, kernel: 3, padding: 1 },
      { kind: 'batchnorm', name: 'bn2' },
    ],
    shortcut,
    after: [{ kind: 'activation', name: 'relu', fn: 'relu' }],
  };
}

/** AlexNet's and VGG's classifier: flatten, two wide dense layers with ReLU and dropout 0.5, then 10 outputs. */
export function denseHead(units: number): LayerSpec[] {
  return [
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units },
    { kind: 'activation', name: 'fc1_relu', fn: 'relu' },
    { kind: 'dropout', name: 'drop1', rate: 0.5 },
    { kind: 'dense', name: 'fc2', units },
    { kind: 'activation', name: 'fc2_relu', fn: 'relu' },
    { kind: 'dropout', name: 'drop2', rate: 0.5 },
    { kind: 'dense', name: 'fc3', units: 10 },
  ];
}

import * as tf from '@tensorflow/tfjs';
import type { LayerSpec, NetSpec } from './spec';

/** The model's input: one MNIST digit, NHWC [batch, 28, 28, 1], white ink on black, values in [0, 1]. */
export const INPUT_SIZE = 28;

/** The tfjs name of a spec layer: `<net>/<layer>`, so every weight says which network it belongs to. */
export function layerName(net: NetSpec, layer: LayerSpec): string {
  return `${net.id}/${layer.name}`;
}

/** PyTorch-style numeric padding as tfjs layers: 'same' where it is equivalent, else explicit zeros. */
function convPadding(
  name: string,
  kernel: number,
  stride: number,
  padding: number,
  x: tf.SymbolicTensor,
): { x: tf.SymbolicTensor; mode: 'same' | 'valid' } {
  if (padding === 0) return { x, mode: 'valid' };
  if (stride === 1 && 2 * padding === kernel - 1) return { x, mode: 'same' };
  const padded = tf.layers.zeroPadding2d({ name: `${name}_pad`, padding: padding }).apply(x) as tf.SymbolicTensor;
  return { x: padded, mode: 'valid' };
}

function applyLayer(net: NetSpec, layer: LayerSpec, x: tf.SymbolicTensor): tf.SymbolicTensor {
  const name = layerName(net, layer);
  switch (layer.kind) {
    case 'conv': {
      const stride = layer.stride ?? 1;
      const p = convPadding(name, layer.kernel, stride, layer.padding ?? 0, x);
      return tf.layers
        .conv2d({ name, filters: layer.filters, kernelSize: layer.kernel, strides: stride, padding: p.mode })
        .apply(p.x) as tf.SymbolicTensor;
    }
    case 'avgpool':
    case 'maxpool': {
      if (layer.padding) throw new Error(`${name}: padded pooling is not supported yet`);
      const config = { name, poolSize: layer.pool, strides: layer.stride ?? layer.pool, padding: 'valid' as const };
      const pool = layer.kind === 'avgpool' ? tf.layers.averagePooling2d(config) : tf.layers.maxPooling2d(config);
      return pool.apply(x) as tf.SymbolicTensor;
    }
    case 'activation':
      return tf.layers.activation({ name, activation: layer.fn }).apply(x) as tf.SymbolicTensor;
    case 'flatten': {
      // tfjs flattens NHWC as H, W, C; the book flattens C, H, W. Permute first so that the flat
      // vector (and the dense weights after it) are in the book's order.
      const chw = tf.layers.permute({ name: `${name}_chw`, dims: [3, 1, 2] }).apply(x) as tf.SymbolicTensor;
      return tf.layers.flatten({ name }).apply(chw) as tf.SymbolicTensor;
    }
    case 'dense':
      return tf.layers.dense({ name, units: layer.units }).apply(x) as tf.SymbolicTensor;
    case 'dropout':
      return tf.layers.dropout({ name, rate: layer.rate }).apply(x) as tf.SymbolicTensor;
  }
}

/**
 * Builds the shipped network from its spec with the functional API. Input NHWC [b, 28, 28, 1];
 * output [b, 10] logits (softmax is applied by the caller, so the loss can work on logits).
 */
export function buildModel(net: NetSpec): tf.LayersModel {
  if (net.inputSize !== INPUT_SIZE) throw new Error(`${net.id}: in-model upscaling is not supported yet`);
  const input = tf.input({ name: `${net.id}/input`, shape: [INPUT_SIZE, INPUT_SIZE, 1] });
  let x: tf.SymbolicTensor = input;
  for (const layer of net.layers(net.widthFactor)) x = applyLayer(net, layer, x);
  return tf.model({ name: net.id, inputs: input, outputs: x });
}

import * as tf from '@tensorflow/tfjs';
import type { LayerSpec, LeafSpec, NetSpec } from './spec';

/** The model's input: one MNIST digit, NHWC [batch, 28, 28, 1], white ink on black, values in [0, 1]. */
export const INPUT_SIZE = 28;

type Sym = tf.SymbolicTensor;

/** The tfjs name of a spec layer: `<net>/<path>`, so every weight says which network and block it is in. */
export function layerName(net: NetSpec, path: string): string {
  return `${net.id}/${path}`;
}

/**
 * PyTorch-style numeric padding as tfjs layers: 'same' where that is identical (stride 1, odd kernel,
 * padding (k−1)/2, for convolutions), else explicit zeros then 'valid'. Zero padding equals PyTorch's
 * −∞ padding for max-pooling here because every padded max-pool in the book follows a ReLU (inputs ≥ 0).
 */
function padded(name: string, kernel: number, stride: number, padding: number, x: Sym, canSame: boolean): { x: Sym; mode: 'same' | 'valid' } {
  if (padding === 0) return { x, mode: 'valid' };
  if (canSame && stride === 1 && 2 * padding === kernel - 1) return { x, mode: 'same' };
  return { x: tf.layers.zeroPadding2d({ name: `${name}_pad`, padding }).apply(x) as Sym, mode: 'valid' };
}

function applyLeaf(name: string, layer: LeafSpec, x: Sym): Sym {
  switch (layer.kind) {
    case 'conv': {
      const stride = layer.stride ?? 1;
      const p = padded(name, layer.kernel, stride, layer.padding ?? 0, x, true);
      return tf.layers.conv2d({ name, filters: layer.filters, kernelSize: layer.kernel, strides: stride, padding: p.mode }).apply(p.x) as Sym;
    }
    case 'avgpool':
    case 'maxpool': {
      const stride = layer.stride ?? layer.pool;
      const p = padded(name, layer.pool, stride, layer.padding ?? 0, x, false);
      const config = { name, poolSize: layer.pool, strides: stride, padding: 'valid' as const };
      return (layer.kind === 'avgpool' ? tf.layers.averagePooling2d(config) : tf.layers.maxPooling2d(config)).apply(p.x) as Sym;
    }
    case 'gap': {
      const [, h, w] = x.shape as number[];
      return tf.layers.averagePooling2d({ name, poolSize: [h!, w!], strides: [h!, w!], padding: 'valid' }).apply(x) as Sym;
    }
    case 'batchnorm':
      // PyTorch's BatchNorm2d defaults: running averages with momentum 0.1 (Keras counts it as 0.9), eps 1e-5.
      return tf.layers.batchNormalization({ name, axis: -1, momentum: 0.9, epsilon: 1e-5 }).apply(x) as Sym;
    case 'activation':
      return tf.layers.activation({ name, activation: layer.fn }).apply(x) as Sym;
    case 'flatten': {
      // tfjs flattens NHWC as H, W, C; the book flattens C, H, W. Permute first so that the flat
      // vector (and the dense weights after it) are in the book's order.
      const chw = tf.layers.permute({ name: `${name}_chw`, dims: [3, 1, 2] }).apply(x) as Sym;
      return tf.layers.flatten({ name }).apply(chw) as Sym;
    }
    case 'dense':
      return tf.layers.dense({ name, units: layer.units }).apply(x) as Sym;
    case 'dropout':
      return tf.layers.dropout({ name, rate: layer.rate }).apply(x) as Sym;
  }
}

function applyAll(net: NetSpec, layers: LayerSpec[], x: Sym, prefix: string): Sym {
  let out = x;
  for (const layer of layers) {
    const path = prefix ? `${prefix}/${layer.name}` : layer.name;
    const name = layerName(net, path);
    if (layer.kind === 'block') {
      out = applyAll(net, layer.layers, out, path);
    } else if (layer.kind === 'branches') {
      const ends = layer.paths.map((p) => applyAll(net, p, out, path));
      out = tf.layers.concatenate({ name: `${name}/concat`, axis: -1 }).apply(ends) as Sym;
    } else if (layer.kind === 'residual') {
      const body = applyAll(net, layer.body, out, path);
      const shortcut = applyAll(net, layer.shortcut, out, path);
      out = tf.layers.add({ name: `${name}/add` }).apply([body, shortcut]) as Sym;
      out = applyAll(net, layer.after, out, path);
    } else {
      out = applyLeaf(name, layer, out);
    }
  }
  return out;
}

/**
 * Builds the shipped network from its spec with the functional API. Input NHWC [b, 28, 28, 1],
 * upscaled bilinearly inside the model to the spec's input size; output [b, 10] logits (softmax is
 * applied by the caller, so the loss can work on logits).
 */
export function buildModel(net: NetSpec): tf.LayersModel {
  const input = tf.input({ name: `${net.id}/input`, shape: [INPUT_SIZE, INPUT_SIZE, 1] });
  let x: Sym = input;
  if (net.inputSize !== INPUT_SIZE) {
    const factor = net.inputSize / INPUT_SIZE;
    if (!Number.isInteger(factor)) throw new Error(`${net.id}: input size ${net.inputSize} is not a multiple of 28`);
    x = tf.layers.upSampling2d({ name: `${net.id}/upsample`, size: [factor, factor], interpolation: 'bilinear' }).apply(x) as Sym;
  }
  x = applyAll(net, net.layers(net.widthFactor), x, '');
  return tf.model({ name: net.id, inputs: input, outputs: x });
}

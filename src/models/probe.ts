import * as tf from '@tensorflow/tfjs';
import type { NetGraph } from './graph';
import type { Prediction } from './predict';
import { MNIST_SIZE } from './preprocess';
import type { Shape } from './shapes';

/** One layer's output for one digit, in the book's order: C×H×W (channel planes, row-major) or N. */
export interface Activation {
  shape: Shape;
  data: Float32Array;
}

export interface ProbeResult {
  prediction: Prediction;
  /** Every graph node's output, the input digit included, keyed by node id. */
  activations: Record<string, Activation>;
}

/**
 * A model with the same layers (and so the same weights) as `model` whose outputs are every node of
 * the graph after the input: one call gives all the activations of a digit. It owns no weights:
 * never dispose it (that would dispose the shared layers); dispose `model` instead.
 */
export function buildProbe(model: tf.LayersModel, graph: NetGraph): tf.LayersModel {
  const ids = graph.order.filter((id) => graph.nodes[id]!.kind !== 'input');
  const outputs = ids.map((id) => model.getLayer(id).output as tf.SymbolicTensor);
  return tf.model({ name: `${graph.net}_probe`, inputs: model.inputs, outputs });
}

/**
 * Runs one digit (784 values in [0, 1], row-major) through the probe: a single `predict`, the maps
 * turned to C×H×W on the device, then every output read back asynchronously and freed.
 */
export async function runProbe(probe: tf.LayersModel, graph: NetGraph, digit: Float32Array): Promise<ProbeResult> {
  if (digit.length !== MNIST_SIZE * MNIST_SIZE) throw new Error(`runProbe: expected 784 values, got ${digit.length}`);
  const start = performance.now();
  const ids = graph.order.filter((id) => graph.nodes[id]!.kind !== 'input');
  const outs = tf.tidy(() => {
    const x = tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1]);
    const raw = probe.predict(x) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(raw) ? raw : [raw];
    const chw = list.map((t) => (t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : t));
    return [...chw, tf.softmax(chw.at(-1) as tf.Tensor2D)];
  });
  try {
    const values = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
    const probabilities = values.at(-1)!;
    if (!probabilities.every(Number.isFinite)) throw new Error('the network produced a non-finite output');
    let digitOut = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[digitOut]!) digitOut = i;
    const activations: Record<string, Activation> = { [graph.order[0]!]: { shape: [1, MNIST_SIZE, MNIST_SIZE], data: digit } };
    ids.forEach((id, i) => {
      activations[id] = { shape: graph.nodes[id]!.shape, data: values[i]! };
    });
    return { prediction: { probabilities, digit: digitOut, ms: performance.now() - start }, activations };
  } finally {
    outs.forEach((t) => t.dispose());
  }
}

const singleLayerModels = new WeakMap<tf.LayersModel, tf.LayersModel[]>();

/**
 * The way many visualizers get activations, kept as the benchmark's baseline: one model per layer,
 * each run and read back on its own. Same values as `runProbe`, one inference per layer. Returns the
 * wall time in ms.
 */
export async function naiveActivations(model: tf.LayersModel, graph: NetGraph, digit: Float32Array): Promise<number> {
  let singles = singleLayerModels.get(model);
  if (!singles) {
    singles = graph.order
      .filter((id) => graph.nodes[id]!.kind !== 'input')
      .map((id) => tf.model({ inputs: model.inputs, outputs: model.getLayer(id).output as tf.SymbolicTensor }));
    singleLayerModels.set(model, singles);
  }
  const start = performance.now();
  for (const single of singles) {
    const y = tf.tidy(() => single.predict(tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1])) as tf.Tensor);
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  }
  return performance.now() - start;
}

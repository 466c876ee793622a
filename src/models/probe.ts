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

export interface ProbeOptions {
  /**
   * Run the network layer by layer and give the page's thread back (a new task) whenever a stretch
   * of work has taken longer than this many ms, so drawing never waits behind a whole inference.
   * Without it, one `predict` call does all the layers in one go.
   */
  sliceMs?: number;
}

/** Lets the page handle what is waiting (input, a frame) before going on: a fresh task, not a microtask. */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Every layer's output for input `x`, computed layer by layer in the model's own (topological)
 * order, yielding to the page between layers once a slice of work passes `sliceMs`. Returns the
 * outputs by layer name (the caller disposes them) and the longest slice.
 */
async function runSliced(model: tf.LayersModel, x: tf.Tensor, sliceMs: number): Promise<{ outputs: Map<string, tf.Tensor>; longestMs: number }> {
  const outputs = new Map<string, tf.Tensor>();
  let sliceStart = performance.now();
  let longestMs = 0;
  try {
    for (const layer of model.layers) {
      const inbound = layer.inboundNodes[0]!.inboundLayers;
      if (inbound.length === 0) {
        outputs.set(layer.name, x);
        continue;
      }
      const ins = inbound.map((l) => outputs.get(l.name)!);
      outputs.set(layer.name, layer.apply(ins.length === 1 ? ins[0]! : ins, { training: false }) as tf.Tensor);
      const now = performance.now();
      if (now - sliceStart > sliceMs) {
        longestMs = Math.max(longestMs, now - sliceStart);
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
  } catch (err) {
    outputs.forEach((t) => t !== x && t.dispose());
    throw err;
  }
  return { outputs, longestMs: Math.max(longestMs, performance.now() - sliceStart) };
}

/**
 * Runs one digit (784 values in [0, 1], row-major) through the probe: every node's output (in one
 * `predict`, or layer by layer in slices, see `ProbeOptions`), the maps turned to C×H×W and every
 * output (with the softmax) flattened into one buffer on the device, then read back in one
 * asynchronous read (one GPU round trip, not one per layer) and freed.
 */
export async function runProbe(probe: tf.LayersModel, graph: NetGraph, digit: Float32Array, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (digit.length !== MNIST_SIZE * MNIST_SIZE) throw new Error(`runProbe: expected 784 values, got ${digit.length}`);
  const start = performance.now();
  const ids = graph.order.filter((id) => graph.nodes[id]!.kind !== 'input');
  const sizes: number[] = [];
  // A map turned to C×H×W, any output flattened; then all of them and the softmax of the logits
  // (the last output) joined into one buffer, remembering where each part ends.
  const flatten = (t: tf.Tensor) => (t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : t).reshape([-1]);
  const join = (flat: tf.Tensor[], logits: tf.Tensor) => {
    const probs = tf.softmax(logits as tf.Tensor2D).reshape([-1]);
    sizes.push(...flat.map((t) => t.size), probs.size);
    return tf.concat([...flat, probs]);
  };
  let all: tf.Tensor;
  let busyMs: number;
  if (options.sliceMs === undefined) {
    all = tf.tidy(() => {
      const raw = probe.predict(tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1])) as tf.Tensor | tf.Tensor[];
      const list = Array.isArray(raw) ? raw : [raw];
      return join(list.map(flatten), list.at(-1)!);
    });
    busyMs = performance.now() - start;
  } else {
    const x = tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1]);
    const flat: tf.Tensor[] = [];
    try {
      const { outputs, longestMs } = await runSliced(probe, x, options.sliceMs);
      busyMs = longestMs;
      try {
        // Flattened output by output, in slices too (on the CPU backend a transpose is real work),
        // then joined in one last step.
        let sliceStart = performance.now();
        for (const id of ids) {
          const t = outputs.get(id)!;
          flat.push(tf.tidy(() => flatten(t)));
          if (performance.now() - sliceStart > options.sliceMs) {
            busyMs = Math.max(busyMs, performance.now() - sliceStart);
            await yieldToPage();
            sliceStart = performance.now();
          }
        }
        all = tf.tidy(() => join(flat, outputs.get(ids.at(-1)!)!));
        busyMs = Math.max(busyMs, performance.now() - sliceStart);
      } finally {
        outputs.forEach((o) => o !== x && o.dispose());
      }
    } finally {
      flat.forEach((t) => t.dispose());
      x.dispose();
    }
  }
  try {
    const buffer = (await all.data()) as Float32Array;
    let offset = 0;
    const values = sizes.map((n) => buffer.subarray(offset, (offset += n)));
    const probabilities = values.at(-1)!;
    if (!probabilities.every(Number.isFinite)) throw new Error('the network produced a non-finite output');
    let digitOut = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[digitOut]!) digitOut = i;
    const activations: Record<string, Activation> = { [graph.order[0]!]: { shape: [1, MNIST_SIZE, MNIST_SIZE], data: digit } };
    ids.forEach((id, i) => {
      activations[id] = { shape: graph.nodes[id]!.shape, data: values[i]! };
    });
    return { prediction: { probabilities, digit: digitOut, ms: performance.now() - start, busyMs }, activations };
  } finally {
    all.dispose();
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

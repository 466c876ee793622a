import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build';
import { seedKernels, type KernelInit } from './init';
import type { LearnData, LearnSplit } from './learnData';
import { seededRandom, shuffle } from './random';
import type { NetSpec } from './spec';
import { skipInputGradient } from './wasmTraining';

/**
 * Training in the page (issue 17): one network learning from the Learn view's digits, a batch at a
 * time, so a caller (the Learn worker, a test, scripts/experiments.ts) can pause between any two
 * steps, change the learning rate or the optimiser, and look at the network as it is now.
 */

/** SGD as the book trains (plain minibatch SGD), or Adam. */
export type OptimizerName = 'sgd' | 'adam';

export interface RunSettings {
  spec: NetSpec;
  /** How kernels start (biases start at zero). Default Glorot-uniform, the book's `init_cnn`. */
  kernelInit?: KernelInit;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  /** Seeds the initial weights and the order the digits come in. */
  seed: number;
  /** Train on the first `trainLimit` training digits only (the dropout experiment's small set). */
  trainLimit?: number;
}

export interface StepResult {
  loss: number;
  accuracy: number;
}

export interface HeldOutResult {
  accuracy: number;
  loss: number;
  /** confusion[true][predicted]. */
  confusion: number[][];
  /** Digits never answered on the evaluated digits. */
  neverPredicted: number[];
  /**
   * Digits whose score was exactly 0 on every evaluated digit: a class unit that is dead, in a network
   * whose scores come out of a ReLU (NiN's class maps), since it has no gradient to come back with.
   */
  silent: number[];
}

/** One layer's output for one digit in the book's order (C×H×W or N). */
export interface LearnMap {
  name: string;
  shape: number[];
  data: Float32Array;
}

const makeOptimizer = (name: OptimizerName, lr: number): tf.Optimizer => (name === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr));

/** `count` digits of a split as a batch: x [n, 28, 28, 1] in [0, 1], y one-hot [n, 10]. */
export function batchOf(split: LearnSplit, indices: readonly number[]): [tf.Tensor4D, tf.Tensor2D] {
  const n = indices.length;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * 10);
  indices.forEach((i, b) => {
    const base = i * 784;
    for (let k = 0; k < 784; k++) x[b * 784 + k] = split.images[base + k]! / 255;
    y[b * 10 + split.labels[i]!] = 1;
  });
  return [tf.tensor4d(x, [n, 28, 28, 1]), tf.tensor2d(y, [n, 10])];
}

export class LearnRun {
  readonly model: tf.LayersModel;
  private optimizer: tf.Optimizer;
  private optimizerName: OptimizerName;
  private learningRate: number;
  private batchSize: number;
  private order: number[] = [];
  private cursor = 0;
  private epoch = 0;
  private probe: tf.LayersModel | null = null;
  /** Batches trained, and digits seen (counting repeats). */
  steps = 0;
  images = 0;
  readonly trainCount: number;
  private readonly releaseInput: () => void;

  constructor(
    readonly settings: RunSettings,
    private readonly data: LearnData,
  ) {
    this.model = buildModel(settings.spec);
    seedKernels(this.model, seededRandom(settings.seed), 'zeros', settings.kernelInit ?? 'glorot');
    // Nothing here reads the gradient of the input digits: the first convolution skips it (issue 18).
    this.releaseInput = skipInputGradient(this.model);
    this.optimizerName = settings.optimizer;
    this.learningRate = settings.learningRate;
    this.batchSize = settings.batchSize;
    this.optimizer = makeOptimizer(this.optimizerName, this.learningRate);
    this.model.compile({ optimizer: this.optimizer, loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
    this.trainCount = Math.min(settings.trainLimit ?? data.train.count, data.train.count);
  }

  /** Changes how the next steps train. A new optimiser starts with fresh state (Adam's moments). */
  configure(change: { optimizer?: OptimizerName; learningRate?: number; batchSize?: number }): void {
    if (change.batchSize) this.batchSize = change.batchSize;
    if (change.learningRate) this.learningRate = change.learningRate;
    if (change.optimizer && change.optimizer !== this.optimizerName) {
      this.optimizer.dispose();
      this.optimizerName = change.optimizer;
      this.optimizer = makeOptimizer(this.optimizerName, this.learningRate);
      this.model.compile({ optimizer: this.optimizer, loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
    } else if (change.learningRate) {
      // Adam reads its `learningRate` field on every step; SGD has a setter.
      const o = this.optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
      if (typeof o.setLearningRate === 'function') o.setLearningRate(this.learningRate);
      else o.learningRate = this.learningRate;
    }
  }

  get currentBatchSize(): number {
    return this.batchSize;
  }

  /** The next batch's digits: the training digits in a seeded order, reshuffled each pass. */
  private nextIndices(): number[] {
    const out: number[] = [];
    while (out.length < this.batchSize) {
      if (this.cursor >= this.order.length) {
        this.order = shuffle(Array.from({ length: this.trainCount }, (_, i) => i), seededRandom(this.settings.seed * 1009 + this.epoch + 1));
        this.epoch += 1;
        this.cursor = 0;
      }
      const take = Math.min(this.batchSize - out.length, this.order.length - this.cursor);
      out.push(...this.order.slice(this.cursor, this.cursor + take));
      this.cursor += take;
    }
    return out;
  }

  /** Passes over the training digits begun so far (fractional). */
  get epochs(): number {
    return this.images / this.trainCount;
  }

  /** Trains one batch; the loss and accuracy are the batch's, measured before the update. */
  async step(): Promise<StepResult> {
    const idx = this.nextIndices();
    const [x, y] = batchOf(this.data.train, idx);
    try {
      const [loss, accuracy] = (await this.model.trainOnBatch(x, y)) as number[];
      this.steps += 1;
      this.images += idx.length;
      return { loss: loss!, accuracy: accuracy! };
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /**
   * Accuracy, mean loss and confusion on the first `limit` held-out digits (all by default), or on
   * the training digits this run learns from (`on: 'train'`), in inference mode (no dropout).
   */
  async evaluate(limit = this.data.test.count, on: 'test' | 'train' = 'test'): Promise<HeldOutResult> {
    const test = on === 'test' ? this.data.test : this.data.train;
    const n = Math.min(limit, on === 'test' ? test.count : this.trainCount);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    let correct = 0;
    let lossSum = 0;
    const loudest = new Float32Array(10).fill(-Infinity);
    for (let start = 0; start < n; start += 500) {
      const idx = Array.from({ length: Math.min(500, n - start) }, (_, i) => start + i);
      const [x, y] = batchOf(test, idx);
      const [pred, loss, peak] = tf.tidy(() => {
        const logits = this.model.predict(x) as tf.Tensor2D;
        return [logits.argMax(1), tf.losses.softmaxCrossEntropy(y, logits, undefined, tf.Reduction.SUM), logits.abs().max(0)];
      });
      x.dispose();
      y.dispose();
      try {
        const p = await pred.data();
        lossSum += (await loss.data())[0]!;
        (await peak.data()).forEach((v: number, d: number) => (loudest[d] = Math.max(loudest[d]!, v)));
        idx.forEach((i, k) => {
          const t = test.labels[i]!;
          confusion[t]![p[k]!]! += 1;
          if (p[k] === t) correct += 1;
        });
      } finally {
        pred.dispose();
        loss.dispose();
        peak.dispose();
      }
    }
    const neverPredicted = confusion[0]!.map((_, d) => d).filter((d) => confusion.every((row) => row[d] === 0));
    const silent = Array.from(loudest, (v, d) => (v === 0 ? d : -1)).filter((d) => d >= 0);
    return { accuracy: correct / n, loss: lossSum / n, confusion, neverPredicted, silent };
  }

  /** The first convolution's kernels as [filters, kh, kw] (one input channel). */
  async filters(): Promise<LearnMap | null> {
    const conv = this.model.layers.find((l) => l.getClassName() === 'Conv2D');
    if (!conv) return null;
    const kernel = conv.getWeights()[0]!;
    const [kh, kw, ci, co] = kernel.shape as [number, number, number, number];
    const hwio = await kernel.data();
    const data = new Float32Array(co * kh * kw);
    for (let o = 0; o < co; o++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) data[(o * kh + y) * kw + x] = hwio[((y * kw + x) * ci + 0) * co + o]!;
    return { name: conv.name, shape: [co, kh, kw], data };
  }

  /**
   * A digit (784 values in [0, 1]) through the network as it is now: the output of each named
   * layer (tfjs names) in the book's order, and the ten probabilities.
   */
  async look(digit: Float32Array, layers: readonly string[]): Promise<{ maps: LearnMap[]; probabilities: Float32Array }> {
    if (!this.probe) {
      const outputs = [...layers.map((name) => this.model.getLayer(name).output as tf.SymbolicTensor), this.model.outputs[0]!];
      this.probe = tf.model({ inputs: this.model.inputs, outputs });
    }
    const outs = tf.tidy(() => {
      const x = tf.tensor4d(digit, [1, 28, 28, 1]);
      const all = this.probe!.predict(x) as tf.Tensor[];
      // Maps to the book's C×H×W on the device, as the app's probe does.
      return [...all.slice(0, -1).map((t) => (t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : t)), tf.softmax(all[all.length - 1]!)];
    });
    try {
      const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
      const maps = layers.map((name, i) => ({ name, shape: outs[i]!.shape.slice(1), data: values[i]! }));
      return { maps, probabilities: values[values.length - 1]! };
    } finally {
      outs.forEach((t) => t.dispose());
    }
  }

  /** The weights as plain arrays (name, shape, values), to hand to another thread. */
  async weights(): Promise<{ name: string; shape: number[]; data: Float32Array }[]> {
    return Promise.all(this.model.weights.map(async (w) => ({ name: w.originalName, shape: w.shape as number[], data: (await w.read().data()) as Float32Array })));
  }

  dispose(): void {
    this.releaseInput();
    // The probe shares the model's layers and owns no weights of its own.
    this.model.dispose();
    this.optimizer.dispose();
  }
}

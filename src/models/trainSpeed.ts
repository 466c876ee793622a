import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build';
import { NETS } from './nets';
import { seededRandom } from './random';
import type { NetId } from './spec';
import { skipInputGradient } from './wasmTraining';

export interface TrainSpeed {
  net: NetId;
  batch: number;
  steps: number;
  msPerStep: number;
  imagesPerSecond: number;
}

/**
 * How fast `net` trains on the current backend (issue 18's benchmark, in Node and in the page): a
 * fresh model, Adam and softmax cross-entropy as `npm run train` uses them, on BATCHES batches of
 * random pixels with random labels in turn; `warmup` untimed steps (a second at least), then steps until `seconds` have
 * passed (at least three). Leaves no tensor behind.
 *
 * Random labels keep the loss near log 10, as early in training: on one fixed batch a network soon
 * learns it by heart and its gradients shrink toward zero, which is not the work of a training step.
 */
export const BATCHES = 8;

export async function measureTrainSpeed(net: NetId, batch: number, seconds: number, warmup = 3): Promise<TrainSpeed> {
  const model = buildModel(NETS[net]);
  const release = skipInputGradient(model);
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy });
  const rand = seededRandom(18);
  const xs: tf.Tensor[] = [];
  const ys: tf.Tensor[] = [];
  for (let i = 0; i < BATCHES; i++) {
    xs.push(tf.tensor4d(Float32Array.from({ length: batch * 28 * 28 }, rand), [batch, 28, 28, 1]));
    const labels = Array.from({ length: batch }, () => Math.floor(10 * rand()));
    ys.push(tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat()));
  }
  let steps = 0;
  const step = () => model.trainOnBatch(xs[steps % BATCHES]!, ys[steps % BATCHES]!);
  try {
    // Warm up for a second at least: the first steps compile code and grow memory pools.
    const warm = performance.now();
    for (let i = 0; i < warmup || performance.now() - warm < 1000; i++) await step();
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000 || steps < 3) {
      await step();
      steps++;
      elapsed = performance.now() - t0;
    }
    const msPerStep = elapsed / steps;
    return { net, batch, steps, msPerStep, imagesPerSecond: (batch * 1000) / msPerStep };
  } finally {
    release();
    tf.dispose([...xs, ...ys]);
    optimizer.dispose();
    model.dispose();
  }
}

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
 * fresh model, Adam and softmax cross-entropy as `npm run train` uses them, on one fixed batch of
 * random digits; `warmup` untimed steps, then steps until `seconds` have passed (at least three).
 * Leaves no tensor behind.
 */
export async function measureTrainSpeed(net: NetId, batch: number, seconds: number, warmup = 3): Promise<TrainSpeed> {
  const model = buildModel(NETS[net]);
  const release = skipInputGradient(model);
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy });
  const rand = seededRandom(18);
  const x = tf.tensor4d(Float32Array.from({ length: batch * 28 * 28 }, rand), [batch, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10).toFloat());
  try {
    for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
    let steps = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000 || steps < 3) {
      await model.trainOnBatch(x, y);
      steps++;
      elapsed = performance.now() - t0;
    }
    const msPerStep = elapsed / steps;
    return { net, batch, steps, msPerStep, imagesPerSecond: (batch * 1000) / msPerStep };
  } finally {
    release();
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

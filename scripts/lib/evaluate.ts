import * as tf from '@tensorflow/tfjs';
import type { MnistSplit } from './mnist';

export interface Evaluation {
  accuracy: number;
  correct: number;
  count: number;
  /** confusion[true][predicted] = number of test digits. */
  confusion: number[][];
}

/** Batch `start..start+size` of a split as an NHWC [size, 28, 28, 1] tensor in [0, 1]. */
export function batchImages(split: MnistSplit, indices: ArrayLike<number>): tf.Tensor4D {
  const n = indices.length;
  const buf = new Float32Array(n * 784);
  for (let b = 0; b < n; b++) {
    const base = indices[b]! * 784;
    for (let k = 0; k < 784; k++) buf[b * 784 + k] = split.images[base + k]! / 255;
  }
  return tf.tensor4d(buf, [n, 28, 28, 1]);
}

/** The predicted digit of every image of a split, in order (no augmentation). */
export async function predictAll(model: tf.LayersModel, split: MnistSplit, batchSize = 500): Promise<Uint8Array> {
  const out = new Uint8Array(split.count);
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const pred = tf.tidy(() => (model.predict(batchImages(split, idx)) as tf.Tensor).argMax(-1));
    out.set(await pred.data(), start);
    pred.dispose();
  }
  return out;
}

/** Classifies every digit of a split and tallies accuracy and the confusion matrix. */
export async function evaluate(model: tf.LayersModel, split: MnistSplit): Promise<Evaluation> {
  const guesses = await predictAll(model, split);
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  let correct = 0;
  guesses.forEach((guess, i) => {
    const truth = split.labels[i]!;
    confusion[truth]![guess]! += 1;
    if (truth === guess) correct++;
  });
  return { accuracy: correct / split.count, correct, count: split.count, confusion };
}

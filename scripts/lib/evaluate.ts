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

/** Classifies every digit of a split (no augmentation) and tallies accuracy and the confusion matrix. */
export async function evaluate(model: tf.LayersModel, split: MnistSplit, batchSize = 500): Promise<Evaluation> {
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const pred = tf.tidy(() => (model.predict(batchImages(split, idx)) as tf.Tensor).argMax(-1));
    const labels = await pred.data();
    pred.dispose();
    for (let i = 0; i < n; i++) {
      const truth = split.labels[start + i]!;
      const guess = labels[i]!;
      confusion[truth]![guess]! += 1;
      if (truth === guess) correct++;
    }
  }
  return { accuracy: correct / split.count, correct, count: split.count, confusion };
}

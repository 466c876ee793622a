import * as tf from '@tensorflow/tfjs';
import { batchImages } from './evaluate';
import type { MnistSplit } from './mnist';

/** A few misread test digits per confusion cell, for the app's "click a cell" view. */
export interface MistakesFile {
  /** Key `${truth}-${predicted}`; each digit is 784 bytes (0–255, white on black), base64. */
  cells: Record<string, { index: number; pixels: string }[]>;
}

/** Classifies the test split and keeps the first `perCell` mistakes of each (true, predicted) pair. */
export async function collectMistakes(model: tf.LayersModel, split: MnistSplit, perCell = 6, batchSize = 500): Promise<MistakesFile> {
  const cells: MistakesFile['cells'] = {};
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const pred = tf.tidy(() => (model.predict(batchImages(split, idx)) as tf.Tensor).argMax(-1));
    const guesses = await pred.data();
    pred.dispose();
    for (let i = 0; i < n; i++) {
      const truth = split.labels[start + i]!;
      const guess = guesses[i]!;
      if (truth === guess) continue;
      const list = (cells[`${truth}-${guess}`] ??= []);
      if (list.length >= perCell) continue;
      const at = (start + i) * 784;
      list.push({ index: start + i, pixels: Buffer.from(split.images.subarray(at, at + 784)).toString('base64') });
    }
  }
  return { cells };
}

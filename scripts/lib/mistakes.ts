import * as tf from '@tensorflow/tfjs';
import { predictAll } from './evaluate';
import type { MnistSplit } from './mnist';

/** A few misread test digits per confusion cell, for the app's "click a cell" view. */
export interface MistakesFile {
  /** Key `${truth}-${predicted}`; each digit is 784 bytes (0–255, white on black), base64. */
  cells: Record<string, { index: number; pixels: string }[]>;
}

/** Classifies the test split and keeps the first `perCell` mistakes of each (true, predicted) pair. */
export async function collectMistakes(model: tf.LayersModel, split: MnistSplit, perCell = 6): Promise<MistakesFile> {
  const guesses = await predictAll(model, split);
  const cells: MistakesFile['cells'] = {};
  guesses.forEach((guess, i) => {
    const truth = split.labels[i]!;
    if (truth === guess) return;
    const list = (cells[`${truth}-${guess}`] ??= []);
    if (list.length >= perCell) return;
    list.push({ index: i, pixels: Buffer.from(split.images.subarray(i * 784, (i + 1) * 784)).toString('base64') });
  });
  return { cells };
}

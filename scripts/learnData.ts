/**
 * Writes public/learn/mnist-subset.bin.gz, the digits the Learn view trains on (src/models/learnData.ts):
 * the first 12,000 MNIST training digits and every 5th test digit (2,000), as MNIST has them.
 *
 *   npx tsx scripts/learnData.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { encodeLearnData, type LearnSplit } from '../src/models/learnData';
import { loadMnist, type MnistSplit } from './lib/mnist';

export const LEARN_TRAIN = 12_000;
export const LEARN_TEST = 2_000;

function pick(split: MnistSplit, indices: number[]): LearnSplit {
  const images = new Uint8Array(indices.length * 784);
  const labels = new Uint8Array(indices.length);
  indices.forEach((i, k) => {
    images.set(split.images.subarray(i * 784, (i + 1) * 784), k * 784);
    labels[k] = split.labels[i]!;
  });
  return { images, labels, count: indices.length };
}

const train = pick(loadMnist('train'), Array.from({ length: LEARN_TRAIN }, (_, i) => i));
const test = pick(loadMnist('test'), Array.from({ length: LEARN_TEST }, (_, i) => i * 5));
const packed = gzipSync(encodeLearnData({ train, test }), { level: 9 });
mkdirSync('public/learn', { recursive: true });
writeFileSync('public/learn/mnist-subset.bin.gz', packed);
console.log(`public/learn/mnist-subset.bin.gz: ${LEARN_TRAIN} training and ${LEARN_TEST} held-out digits, ${(packed.length / 1024).toFixed(0)} KiB`);

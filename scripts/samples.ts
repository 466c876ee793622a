/**
 * Writes public/samples/mnist-test.json: the first digit of each class in the MNIST test set, for the
 * app's "try a test digit" buttons (28×28 bytes each, base64, row-major, white ink on black).
 *
 *   npx tsx scripts/samples.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadMnist } from './lib/mnist';

const test = loadMnist('test');
const digits: { index: number; label: number; pixels: string }[] = [];
for (let d = 0; d < 10; d++) {
  const index = test.labels.findIndex((l) => l === d);
  const bytes = test.images.subarray(index * 784, (index + 1) * 784);
  digits.push({ index, label: d, pixels: Buffer.from(bytes).toString('base64') });
}
mkdirSync('public/samples', { recursive: true });
writeFileSync('public/samples/mnist-test.json', JSON.stringify({ source: 'MNIST test set (t10k), first digit of each class', digits }, null, 1) + '\n');
console.log(`wrote ${digits.length} digits: indices ${digits.map((d) => d.index).join(', ')}`);

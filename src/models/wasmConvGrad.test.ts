import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../scripts/lib/tfNode';
import { seededRandom } from './random';

function randomArray(n: number, rand: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => 2 * rand() - 1);
}

/** dL/dW and dL/dx of sum(conv2d(x, w) · r) on the current backend, as plain numbers. */
async function convGrads(
  xs: Float32Array,
  xShape: [number, number, number, number],
  ws: Float32Array,
  wShape: [number, number, number, number],
  stride: number,
  pad: 'same' | 'valid',
  rs: (n: number) => Float32Array,
): Promise<{ dx: Float32Array; dw: Float32Array }> {
  const x = tf.tensor4d(xs, xShape);
  const w = tf.tensor4d(ws, wShape);
  const outShape = tf.tidy(() => tf.conv2d(x, w, stride, pad).shape);
  const r = tf.tensor(rs(outShape.reduce((a, b) => a * b, 1)), outShape);
  const [gx, gw] = tf.grads((xt, wt) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, pad).mul(r).sum())([x, w]);
  const dx = (await gx!.data()) as Float32Array;
  const dw = (await gw!.data()) as Float32Array;
  tf.dispose([x, w, r, gx!, gw!]);
  return { dx, dw };
}

function worstDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('convolution gradients on wasm', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  const cases: { k: number; stride: number; pad: 'same' | 'valid'; size: number; ci: number; co: number }[] = [
    { k: 5, stride: 1, pad: 'same', size: 12, ci: 1, co: 3 },
    { k: 5, stride: 1, pad: 'valid', size: 10, ci: 2, co: 4 },
    { k: 3, stride: 2, pad: 'same', size: 9, ci: 3, co: 2 },
    { k: 3, stride: 2, pad: 'valid', size: 11, ci: 2, co: 3 },
    { k: 11, stride: 4, pad: 'valid', size: 27, ci: 1, co: 2 },
    { k: 1, stride: 2, pad: 'valid', size: 8, ci: 4, co: 5 },
    { k: 3, stride: 2, pad: 'same', size: 12, ci: 3, co: 4 },
    { k: 7, stride: 2, pad: 'same', size: 15, ci: 1, co: 2 },
    { k: 5, stride: 3, pad: 'valid', size: 14, ci: 2, co: 2 },
  ];

  for (const c of cases) {
    it(`filter and input gradients match the cpu backend: ${c.k}×${c.k}, stride ${c.stride}, '${c.pad}', ${c.size}×${c.size}×${c.ci} → ${c.co}`, async () => {
      const rand = seededRandom(c.k * 100 + c.stride * 10 + c.size);
      const xShape: [number, number, number, number] = [2, c.size, c.size, c.ci];
      const wShape: [number, number, number, number] = [c.k, c.k, c.ci, c.co];
      const xs = randomArray(xShape.reduce((a, b) => a * b), rand);
      const ws = randomArray(wShape.reduce((a, b) => a * b), rand);
      const rSeed = rand();
      const rs = (n: number) => randomArray(n, seededRandom(Math.floor(rSeed * 1e9)));

      await tf.setBackend('cpu');
      const expected = await convGrads(xs, xShape, ws, wShape, c.stride, c.pad, rs);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const actual = await convGrads(xs, xShape, ws, wShape, c.stride, c.pad, rs);
      expect(tf.memory().numTensors).toBe(before);

      expect(worstDiff(actual.dw, expected.dw)).toBeLessThan(1e-3);
      expect(worstDiff(actual.dx, expected.dx)).toBeLessThan(1e-3);
      expect(Math.max(...expected.dw.map(Math.abs))).toBeGreaterThan(0.1);
      expect(Math.max(...expected.dx.map(Math.abs))).toBeGreaterThan(0.1);
    });
  }
});

/**
 * The drawn-digit measurement on a small fixed subset, with LeNet's committed weights: the pipeline
 * (skeleton → pen paths → the pad's brush → toMnist → network) really produces digits a trained
 * network reads, and the figures stay where they were measured. `npm run drawn` is the full run.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, handDigitSet, redrawnDigits, REDRAW_SIZES, spreadIndices, tally } from './drawnSet';
import { HAND_TEMPLATES } from './handDigits';
import { loadMnist } from './mnist';
import { loadModel } from './modelFiles';
import { useWasmBackend } from './tfNode';

const LENET = path.join(process.cwd(), 'public', 'weights', 'lenet');

describe('drawn digits, read by the committed LeNet', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await useWasmBackend();
    model = await loadModel(LENET);
  });

  it('builds the sets reproducibly: every template, every size, labels in step', () => {
    const a = handDigitSet(2, 11);
    const b = handDigitSet(2, 11);
    expect(a.count).toBe(2 * HAND_TEMPLATES.length);
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(new Set(a.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const test = loadMnist('test');
    const indices = spreadIndices(test.count, 30);
    const redrawn = redrawnDigits(test, indices);
    expect(redrawn.count).toBe(30);
    expect(new Set(redrawn.tags)).toEqual(new Set(REDRAW_SIZES.map((s) => `size ${s}`)));
    expect(Array.from(redrawn.labels)).toEqual(indices.map((i) => test.labels[i]));
    // A re-drawn digit is not its MNIST bitmap: the pad's pen changes it.
    const original = Float32Array.from(test.images.subarray(0, 784), (v) => v / 255);
    const diff = redrawn.images.subarray(0, 784).reduce((s, v, k) => s + Math.abs(v - original[k]!), 0);
    expect(diff).toBeGreaterThan(20);
  });

  it('reads re-drawn MNIST test digits and the hand-written set far above chance, as measured', async () => {
    const test = loadMnist('test');
    const redrawn = redrawnDigits(test, spreadIndices(test.count, 300));
    const hand = handDigitSet(3);
    const before = tf.memory().numTensors;
    const r = tally(redrawn, await classify(model, redrawn));
    const h = tally(hand, await classify(model, hand));
    expect(tf.memory().numTensors).toBe(before);
    // Measured with the current tracer settings: the LeNet trained for the pad (issue 14) reads 98.7%
    // (296/300) re-drawn, its weakest digit 1 at 94%, and 98.4% (186/189) hand-written; the LeNet
    // before it read 99.0% (297/300), 5 at 96%, and 98.9% (187/189). (On all 10,000 re-drawn test
    // digits the pad's LeNet is the better one, 98.3% to 97.9%: 300 is too few to rank them.) Chance
    // is 10%. Floors a little under both, so a change that breaks the brush, the skeleton or the
    // preprocessing fails here.
    expect(r.count).toBe(300);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(h.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const d of r.perDigit) expect(d.accuracy).toBeGreaterThan(0.8);
  });
});

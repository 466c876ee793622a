import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedSamples } from '../../scripts/lib/mnist';
import { loadModel } from '../../scripts/lib/modelFiles';
import { useWasmBackend } from '../../scripts/lib/tfNode';
import {
  ATTRIBUTION_METHODS,
  camLayers,
  classScore,
  defaultCamLayer,
  gradCamMap,
  gradientMap,
  integratedGradientsMap,
  massCentre,
  occlusionMap,
  rankCorrelation,
  runFrom,
  randomiseTop,
  SANITY_THRESHOLD,
  smoothGradMap,
} from './attribution';
import { sanityOf, type AttributionFile } from './attributionChecks';
import { IDENTITY, transformDigit } from './robust';

const samples = shippedSamples;
const seven = () => samples().find((s) => s.label === 7)!.digit;
/** The digit moved by (dx, dy) whole pixels, the background filling in. */
const shifted = (digit: Float32Array, dx: number, dy: number) => transformDigit(digit, { ...IDENTITY, dx, dy });

const score = (model: tf.LayersModel, digit: Float32Array, cls: number) => tf.tidy(() => classScore(model, tf.tensor4d(digit, [1, 28, 28, 1]), cls).dataSync()[0]!);

describe('attribution on the shipped networks', () => {
  let lenet: tf.LayersModel;
  let resnet: tf.LayersModel;
  const digit = seven();

  beforeAll(async () => {
    await useWasmBackend();
    lenet = await loadModel('public/weights/lenet');
    resnet = await loadModel('public/weights/resnet');
  });
  afterAll(() => {
    lenet.dispose();
    resnet.dispose();
  });

  it('gradient saliency matches central finite differences on LeNet (within 2% of the largest gradient)', async () => {
    const g = await gradientMap(lenet, digit, 7);
    const largest = Math.max(...g.map.map(Math.abs));
    expect(largest).toBeGreaterThan(0);
    const eps = 1e-2;
    // Pixels on the stroke, beside it and in the background.
    for (const i of [7 * 28 + 10, 7 * 28 + 14, 8 * 28 + 18, 12 * 28 + 17, 17 * 28 + 14, 20 * 28 + 12, 5 * 28 + 5, 14 * 28 + 22, 24 * 28 + 9, 10 * 28 + 11]) {
      const up = digit.slice();
      const down = digit.slice();
      up[i]! += eps;
      down[i]! -= eps;
      const fd = (score(lenet, up, 7) - score(lenet, down, 7)) / (2 * eps);
      expect(Math.abs(fd - g.map[i]!)).toBeLessThan(0.02 * largest);
    }
  });

  // The deep networks need more steps (measured by npm run attribution, bench/attribution.md).
  it('Integrated Gradients add up to the logit\'s change from the empty digit, within 5% at 64 steps (LeNet)', async () => {
    const ig = await integratedGradientsMap(lenet, digit, 7, { steps: 64, batch: 16 });
    expect(Math.abs(ig.delta)).toBeGreaterThan(1);
    expect(Math.abs(ig.total - ig.delta) / Math.abs(ig.delta)).toBeLessThan(0.05);
  });

  it('Grad-CAM is the hand computation from the layer\'s maps and gradients, and those gradients match finite differences', async () => {
    const layers = camLayers(resnet);
    // Stage outputs are clean cuts; a layer inside a residual block is not.
    expect(layers).toContain('resnet/b4/res2/relu');
    expect(layers.some((l) => l.startsWith('resnet/b3/res1/') && !l.endsWith('/add') && !l.endsWith('/relu'))).toBe(false);
    expect(layers.some((l) => l.includes('flatten') || l.includes('_pad'))).toBe(false);
    expect(defaultCamLayer(resnet)).toBe('resnet/b5/res2/relu');
    expect(defaultCamLayer(lenet)).toBe('lenet/sigmoid2');
    const layer = 'resnet/b4/res2/relu';
    const cam = await gradCamMap(resnet, digit, 7, layer);
    const known = new Map<string, tf.Tensor>([[resnet.inputLayers[0]!.name, tf.tensor4d(digit, [1, 28, 28, 1])]]);
    tf.tidy(() => {
      runFrom(resnet, known);
      const a = known.get(layer)!;
      const head = (t: tf.Tensor) => tf.sum(tf.slice(runFrom(resnet, new Map([[layer, t]]))!, [0, 7], [-1, 1]));
      const g = tf.grad(head)(a);
      const [, h, w, c] = a.shape as number[];
      const A = a.dataSync();
      const G = g.dataSync();
      // By hand: α_k = mean of the gradient over the map; cam = ReLU(Σ_k α_k A_k).
      const alpha = new Float64Array(c!);
      for (let i = 0; i < h! * w!; i++) for (let k = 0; k < c!; k++) alpha[k]! += G[i * c! + k]! / (h! * w!);
      for (let i = 0; i < h! * w!; i++) {
        let s = 0;
        for (let k = 0; k < c!; k++) s += alpha[k]! * A[i * c! + k]!;
        expect(cam.cam[i]!).toBeCloseTo(Math.max(0, s), 4);
      }
      // The gradient itself, at a few of the layer's units.
      const eps = 1e-2;
      for (const j of [0, 5, 17, c! + 3, A.length - 1]) {
        const bump = (d: number) => {
          const v = A.slice();
          v[j]! += d;
          return head(tf.tensor(v, a.shape)).dataSync()[0]!;
        };
        expect(Math.abs((bump(eps) - bump(-eps)) / (2 * eps) - G[j]!)).toBeLessThan(1e-2 * Math.max(1, Math.abs(G[j]!)));
      }
    });
    known.forEach((t) => t.dispose());
    expect(cam.camShape).toEqual([4, 4]);
    expect(cam.detail).toBe('b4/res2/relu, 4×4 maps');
  });

  // LeNet's raw gradients are not: most of their mass is in the background, where ink would change
  // the answer, and it does not follow the digit (see bench/attribution.md).
  it('Integrated Gradients, Grad-CAM and occlusion move with the digit: shifted 4 px right, their mass moves right by 2–8 px', async () => {
    const right = shifted(digit, 4, 0);
    const run = async (d: Float32Array) => [
      await integratedGradientsMap(lenet, d, 7, { steps: 32 }),
      await gradCamMap(lenet, d, 7, defaultCamLayer(lenet)),
      await occlusionMap(lenet, d, 7, { patch: 6, stride: 2 }),
    ];
    const [here, there] = [await run(digit), await run(right)];
    here.forEach((m, k) => {
      const dx = massCentre(there[k]!.map)[0] - massCentre(m.map)[0];
      expect(dx, m.method).toBeGreaterThan(2);
      expect(dx, m.method).toBeLessThan(8);
    });
  });

  it('the randomisation sanity check on LeNet gives what the app labels each method with (public/weights/attribution.json)', async () => {
    const labels = JSON.parse(readFileSync('public/weights/attribution.json', 'utf8')) as AttributionFile;
    const random = await loadModel('public/weights/lenet');
    randomiseTop(random);
    const measured = await sanityOf(lenet, random, samples());
    for (const m of ATTRIBUTION_METHODS) {
      const stored = labels.nets.lenet!.sanity[m]!;
      expect(Math.abs(measured[m] - stored.rho), m).toBeLessThan(0.1);
      expect(measured[m] < SANITY_THRESHOLD, m).toBe(stored.passes);
    }
    random.dispose();
  });

  it('frees every tensor it makes', async () => {
    const before = tf.memory().numTensors;
    await gradientMap(resnet, digit, 3);
    await smoothGradMap(resnet, digit, 3, { samples: 4 });
    await integratedGradientsMap(resnet, digit, 3, { steps: 4 });
    await gradCamMap(resnet, digit, 3, defaultCamLayer(resnet));
    await occlusionMap(resnet, digit, 3, { patch: 7, stride: 7 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('rankCorrelation', () => {
  it('is 1 for the same order, −1 for the reverse, and handles ties', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(rankCorrelation([1, 1, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1);
  });
});

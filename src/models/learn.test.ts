import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../scripts/lib/tfNode';
import { BOOK_LENET, deepStack, denseHead, EXPERIMENTS, lenetVariant, SMALL_NIN } from './experiments';
import { LearnRun, type RunSettings } from './learn';
import { decodeLearnData, encodeLearnData, isGzip, type LearnData } from './learnData';
import { lenet } from './specs/lenet';
import type { LayerSpec } from './spec';

let data: LearnData;
beforeAll(async () => {
  await useWasmBackend();
  const file = readFileSync('public/learn/mnist-subset.bin.gz');
  expect(isGzip(file)).toBe(true);
  data = decodeLearnData(gunzipSync(file));
});

const quick = (over: Partial<RunSettings> = {}): RunSettings => ({ spec: BOOK_LENET, optimizer: 'adam', learningRate: 3e-3, batchSize: 32, seed: 5, ...over });

describe('the Learn view\'s digits', () => {
  it('holds 12,000 training and 2,000 held-out MNIST digits, every class in both', () => {
    expect(data.train.count).toBe(12_000);
    expect(data.test.count).toBe(2_000);
    for (const split of [data.train, data.test]) {
      const perClass = new Array(10).fill(0);
      split.labels.forEach((l) => perClass[l]++);
      expect(Math.min(...perClass)).toBeGreaterThan(split.count / 20);
      // Real digits: about a fifth of MNIST's pixels are ink.
      const ink = split.images.reduce((n, v) => n + (v > 127 ? 1 : 0), 0) / split.images.length;
      expect(ink).toBeGreaterThan(0.1);
      expect(ink).toBeLessThan(0.25);
    }
  });

  it('encodes and decodes to the same digits, and says what is wrong with a damaged file', () => {
    const small: LearnData = {
      train: { images: data.train.images.subarray(0, 784 * 3), labels: data.train.labels.subarray(0, 3), count: 3 },
      test: { images: data.test.images.subarray(0, 784 * 2), labels: data.test.labels.subarray(0, 2), count: 2 },
    };
    const bytes = encodeLearnData(small);
    const back = decodeLearnData(bytes);
    expect(Array.from(back.train.labels)).toEqual(Array.from(small.train.labels));
    expect(Array.from(back.test.images)).toEqual(Array.from(small.test.images));
    expect(() => decodeLearnData(bytes.subarray(0, bytes.length - 10))).toThrow(/cut short/);
    expect(() => decodeLearnData(new TextEncoder().encode('<!doctype html><p>not found</p>'))).toThrow(/not a ConvFlow digits file/);
  });
});

describe('training in the page', () => {
  it('the book\'s LeNet for the Learn view is the shipped LeNet\'s definition', () => {
    expect(JSON.stringify(BOOK_LENET.layers(1))).toBe(JSON.stringify(lenet.layers(1)));
  });

  it('gives the same curve for the same seed, and another for another seed', async () => {
    const curve = async (seed: number) => {
      const run = new LearnRun(quick({ seed }), data);
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) losses.push((await run.step()).loss);
      run.dispose();
      return losses;
    };
    const a = await curve(5);
    expect(await curve(5)).toEqual(a);
    expect(await curve(6)).not.toEqual(a);
  });

  it('learns: the loss falls and held-out accuracy rises far above chance in 150 batches', async () => {
    const run = new LearnRun(quick({ spec: lenetVariant({ activation: 'relu', pool: 'maxpool', batchNorm: false }) }), data);
    const before = await run.evaluate(500);
    let first = 0;
    let lastLoss = 0;
    for (let i = 0; i < 150; i++) {
      const { loss } = await run.step();
      if (i < 10) first += loss / 10;
      if (i >= 140) lastLoss += loss / 10;
    }
    const after = await run.evaluate(500);
    expect(lastLoss).toBeLessThan(first * 0.5);
    expect(before.accuracy).toBeLessThan(0.3);
    expect(after.accuracy).toBeGreaterThan(0.8);
    expect(run.images).toBe(150 * 32);
    run.dispose();
  }, 60_000);

  it('pauses, changes optimiser and rate between steps, and leaks no tensor across a reset', async () => {
    const before = tf.memory().numTensors;
    for (let round = 0; round < 2; round++) {
      const run = new LearnRun(quick(), data);
      await run.step();
      run.configure({ learningRate: 1e-3 });
      await run.step();
      run.configure({ optimizer: 'sgd', learningRate: 0.1, batchSize: 16 });
      await run.step();
      expect(run.images).toBe(32 + 32 + 16);
      await run.evaluate(100);
      await run.evaluate(100, 'train');
      const filters = await run.filters();
      expect(filters?.shape).toEqual([6, 5, 5]);
      const look = await run.look(new Float32Array(784).fill(0.5), ['lenet/sigmoid1', 'lenet/pool2']);
      expect(look.maps.map((m) => m.shape)).toEqual([
        [6, 28, 28],
        [16, 5, 5],
      ]);
      expect(look.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
      const weights = await run.weights();
      expect(weights.length).toBe(10);
      run.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 30_000);

  it('walks the training digits in a seeded order, each once per pass', async () => {
    const run = new LearnRun(quick({ trainLimit: 100, batchSize: 64 }), data);
    await run.step();
    await run.step();
    // 128 digits from a 100-digit set: one full pass and the start of the next.
    expect(run.epochs).toBeCloseTo(1.28, 5);
    run.dispose();
  });
});

/** A spec's layers without the given kinds, wrappers flattened as `unwrap` says. */
function strip(layers: LayerSpec[], drop: (l: LayerSpec) => boolean, unwrap = false): unknown[] {
  return layers.filter((l) => !drop(l)).flatMap((l): unknown[] => {
    if (l.kind === 'block') return unwrap ? strip(l.layers, drop, unwrap) : [{ ...l, layers: strip(l.layers, drop, unwrap), label: '' }];
    if (l.kind === 'residual') return unwrap ? [...strip(l.body, drop, unwrap), ...strip(l.after, drop, unwrap)] : [l];
    return [l];
  });
}

describe('the experiments', () => {
  it('are the six the issue lists, each with two arms that differ only in what it claims', () => {
    expect(EXPERIMENTS.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const exp of EXPERIMENTS) {
      const [a, b] = exp.arms.map((arm) => arm.settings);
      // Same seed, optimiser, rate, batch and digits in every experiment.
      const { spec: sa, kernelInit: ia, ...restA } = a!;
      const { spec: sb, kernelInit: ib, ...restB } = b!;
      expect(restA, `experiment ${exp.n}`).toEqual(restB);
      const la = sa.layers(1);
      const lb = sb.layers(1);
      const json = (x: unknown) => JSON.stringify(x);
      switch (exp.differs) {
        case 'activation':
          expect(json(la).replaceAll('sigmoid', 'relu')).toBe(json(lb));
          expect(json(la)).not.toBe(json(lb));
          break;
        case 'pooling':
          expect(json(la).replaceAll('avgpool', 'maxpool')).toBe(json(lb));
          expect(json(la)).not.toBe(json(lb));
          break;
        case 'init':
          expect(sa).toBe(sb);
          expect([ia, ib]).toEqual(['glorot', 'he']);
          break;
        case 'residual':
          expect(json(strip(la, () => false, true))).toBe(json(strip(lb, () => false, true)));
          expect(lb.filter((l) => l.kind === 'residual').length).toBeGreaterThan(5);
          expect(la.some((l) => l.kind === 'residual')).toBe(false);
          break;
        case 'batchnorm':
          expect(json(strip(lb, (l) => l.kind === 'batchnorm'))).toBe(json(la));
          expect(lb.filter((l) => l.kind === 'batchnorm').length).toBe(4);
          break;
        case 'dropout':
          expect(json(strip(lb, (l) => l.kind === 'dropout'))).toBe(json(la));
          expect(lb.filter((l) => l.kind === 'dropout').length).toBe(2);
          break;
      }
      if (exp.differs !== 'init') expect(ia).toBe(ib);
      expect(exp.steps % exp.evalEvery).toBe(0);
    }
  });

  it('build: every arm is a network that reads a digit into ten scores', () => {
    for (const spec of [SMALL_NIN, deepStack(false), deepStack(true), denseHead(true)]) {
      const run = new LearnRun({ spec, optimizer: 'sgd', learningRate: 0.1, batchSize: 8, seed: 1 }, data);
      expect(run.model.outputs[0]!.shape).toEqual([null, 10]);
      run.dispose();
    }
    // The deep stacks are as deep as they say: 19 convolutions and a dense layer.
    const convs = (s: ReturnType<typeof deepStack>) => JSON.stringify(s.layers(1)).match(/"kind":"conv"/g)!.length;
    expect(convs(deepStack(false))).toBe(19);
    expect(convs(deepStack(true))).toBe(19);
  });
});

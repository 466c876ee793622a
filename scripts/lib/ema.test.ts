import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { WeightAverage } from './ema';

function tinyModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: 1, useBias: true, kernelInitializer: 'zeros' }));
  return m;
}

const kernelOf = (m: tf.LayersModel) => Array.from(m.weights[0]!.read().dataSync());

describe('WeightAverage', () => {
  it('averages the weights with a decay that warms up, and swaps the average in and out', () => {
    const model = tinyModel();
    const avg = new WeightAverage(model, 0.5);
    // Step 0: decay min(0.5, 1/10) = 0.1, so the average moves 90% of the way to the new weights.
    model.weights[0]!.write(tf.tensor2d([[10], [20]]));
    avg.update();
    model.weights[0]!.write(tf.tensor2d([[0], [0]]));
    // Step 1: decay min(0.5, 2/11) = 0.1818…
    avg.update();
    expect(avg.currentDecay).toBeCloseTo(3 / 12);
    const restore = avg.swapIn();
    const d1 = 2 / 11;
    expect(kernelOf(model)[0]).toBeCloseTo(9 * d1, 5);
    expect(kernelOf(model)[1]).toBeCloseTo(18 * d1, 5);
    restore();
    expect(kernelOf(model)).toEqual([0, 0]);
    avg.dispose();
    model.dispose();
  });

  it('holds a fixed number of tensors across updates and swaps', () => {
    const model = tinyModel();
    const avg = new WeightAverage(model, 0.999);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      avg.update();
      avg.swapIn()();
    }
    expect(tf.memory().numTensors).toBe(before);
    avg.dispose();
    model.dispose();
  });

  it('resumes from a saved average and refuses a bad decay', () => {
    const model = tinyModel();
    const avg = new WeightAverage(model, 0.9, 100, [tf.tensor2d([[1], [2]]), tf.tensor1d([3])]);
    const restore = avg.swapIn();
    expect(kernelOf(model)).toEqual([1, 2]);
    restore();
    expect(avg.currentDecay).toBe(0.9);
    expect(() => new WeightAverage(model, 1)).toThrow(/between 0 and 1/);
    avg.dispose();
    model.dispose();
  });
});

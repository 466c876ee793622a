import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedKernels } from './init';
import { seededRandom } from './random';

function tiny(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, name: 'c' }).apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 4, name: 'd' }).apply(flat) as tf.SymbolicTensor });
}

const values = async (m: tf.LayersModel, layer: string, i: number) => Array.from(await m.getLayer(layer).getWeights()[i]!.data());

describe('seedKernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same Glorot-uniform kernels for the same seed, within the Glorot bound', async () => {
    const a = tiny();
    const b = tiny();
    seedKernels(a, seededRandom(5));
    seedKernels(b, seededRandom(5));
    const ka = await values(a, 'c', 0);
    expect(ka).toEqual(await values(b, 'c', 0));
    const limit = Math.sqrt(6 / (3 * 3 * 2 + 3 * 3 * 3));
    expect(Math.max(...ka.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...ka.map(Math.abs))).toBeGreaterThan(limit / 2);
    expect(await values(a, 'c', 1)).toEqual([0, 0, 0]);
  });

  it("'torch' biases are uniform in ±1/√fan-in, as PyTorch initialises them", async () => {
    const m = tiny();
    seedKernels(m, seededRandom(5), 'torch');
    const convBias = await values(m, 'c', 1);
    const denseBias = await values(m, 'd', 1);
    expect(convBias.every((v) => Math.abs(v) <= 1 / Math.sqrt(18))).toBe(true);
    expect(denseBias.every((v) => Math.abs(v) <= 1 / Math.sqrt(48))).toBe(true);
    expect(convBias.some((v) => v !== 0)).toBe(true);
  });

  it("'he' kernels are uniform in ±√(6/fan-in), wider than Glorot's bound", async () => {
    const m = tiny();
    seedKernels(m, seededRandom(5), 'zeros', 'he');
    const dense = await values(m, 'd', 0);
    const he = Math.sqrt(6 / 48);
    const glorot = Math.sqrt(6 / (48 + 4));
    expect(Math.max(...dense.map(Math.abs))).toBeLessThanOrEqual(he);
    expect(Math.max(...dense.map(Math.abs))).toBeGreaterThan(glorot);
  });
});

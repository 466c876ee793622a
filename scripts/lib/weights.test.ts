import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_NETS } from '../../src/models/nets';
import { evaluate } from './evaluate';
import { loadMnist } from './mnist';
import { loadModel } from './modelFiles';
import { useWasmBackend } from './tfNode';
import { ACCURACY_TARGET } from './trainConfig';

const WEIGHTS = path.join(process.cwd(), 'public', 'weights');

describe('committed weights', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  for (const id of SHIPPED_NETS) {
    it(`${id}: reaches its target on the 10,000 MNIST test digits, as its metrics.json says`, async () => {
      const metrics = JSON.parse(readFileSync(path.join(WEIGHTS, id, 'metrics.json'), 'utf8')) as {
        testAccuracy: number;
        confusion: number[][];
      };
      const model = await loadModel(path.join(WEIGHTS, id));
      const result = await evaluate(model, loadMnist('test'));
      model.dispose();
      expect(result.count).toBe(10_000);
      expect(result.accuracy).toBeGreaterThanOrEqual(ACCURACY_TARGET[id]);
      // Same weights, same backend: within a handful of borderline digits of what training printed.
      expect(Math.abs(result.accuracy - metrics.testAccuracy)).toBeLessThanOrEqual(0.0005);
      const diagonal = metrics.confusion.reduce((s, row, i) => s + row[i]!, 0);
      expect(diagonal / 10_000).toBeCloseTo(metrics.testAccuracy, 6);
      expect(tf.memory().numTensors).toBeLessThan(5);
    });
  }
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { netGraph } from './graph';
import { NETS } from './nets';
import { classify } from './predict';
import { buildProbe, runProbe } from './probe';
import { seededRandom } from './random';
import type { NetId } from './spec';

const digit = (() => {
  const rand = seededRandom(7);
  return Float32Array.from({ length: 784 }, () => (rand() > 0.7 ? rand() : 0));
})();

describe('runProbe', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(['lenet', 'googlenet', 'resnet'] as NetId[])('%s: one call gives every node, equal to asking each layer on its own', async (id) => {
    const model = buildModel(NETS[id]);
    const graph = netGraph(NETS[id]);
    const probe = buildProbe(model, graph);
    const { prediction, activations } = await runProbe(probe, graph, digit);
    expect(Object.keys(activations).sort()).toEqual([...graph.order].sort());
    for (const nodeId of graph.order) {
      const a = activations[nodeId]!;
      expect(a.data.length, nodeId).toBe(a.shape.reduce((x, y) => x * y, 1));
    }
    // The naive way, one model per layer, as a reference (NHWC there, C×H×W here).
    for (const nodeId of graph.order.filter((_, i) => i % 7 === 3)) {
      const single = tf.model({ inputs: model.inputs, outputs: model.getLayer(nodeId).output as tf.SymbolicTensor });
      const ref = tf.tidy(() => {
        const y = single.predict(tf.tensor4d(digit, [1, 28, 28, 1])) as tf.Tensor;
        return y.rank === 4 ? y.transpose([0, 3, 1, 2]) : y;
      });
      const want = await ref.data();
      ref.dispose();
      const got = activations[nodeId]!.data;
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - got[i]!));
      expect(worst, nodeId).toBeLessThan(1e-5);
    }
    const plain = await classify(model, digit);
    expect(prediction.digit).toBe(plain.digit);
    for (let i = 0; i < 10; i++) expect(prediction.probabilities[i]).toBeCloseTo(plain.probabilities[i]!, 5);
    model.dispose();
  });

  it.each(['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet'] as NetId[])('%s: run layer by layer in slices, it gives the same outputs as one call', async (id) => {
    const model = buildModel(NETS[id]);
    const graph = netGraph(NETS[id]);
    const probe = buildProbe(model, graph);
    const whole = await runProbe(probe, graph, digit);
    const before = tf.memory().numTensors;
    // A slice of 0 ms yields after every layer: the most interleaved run there is.
    const sliced = await runProbe(probe, graph, digit, { sliceMs: 0 });
    expect(tf.memory().numTensors).toBe(before);
    for (const nodeId of graph.order) {
      const want = whole.activations[nodeId]!.data;
      const got = sliced.activations[nodeId]!.data;
      expect(got.length, nodeId).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - got[i]!));
      expect(worst, nodeId).toBeLessThan(1e-5);
    }
    expect(sliced.prediction.digit).toBe(whole.prediction.digit);
    expect(sliced.prediction.busyMs).toBeLessThanOrEqual(sliced.prediction.ms);
    model.dispose();
  });

  it('leaves no tensor behind across repeated calls', async () => {
    const model = buildModel(NETS.lenet);
    const graph = netGraph(NETS.lenet);
    const probe = buildProbe(model, graph);
    await runProbe(probe, graph, digit);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await runProbe(probe, graph, digit);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

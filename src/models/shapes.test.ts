import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, layerName } from './build';
import { NETS } from './nets';
import { inferLayers, paperTable, shippedTable } from './shapes';
import { leaves, NET_IDS } from './spec';
import { lenet } from './specs/lenet';

describe('LeNet spec', () => {
  it('gives the shapes, parameters and multiply-adds the book prints', () => {
    const table = paperTable(lenet);
    expect(table.rows.map((r) => r.shape.join('×'))).toEqual([
      '6×28×28', '6×28×28', '6×14×14', '16×10×10', '16×10×10', '16×5×5', '400', '120', '120', '84', '84', '10',
    ]);
    expect(table.rows.map((r) => r.params)).toEqual([156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850]);
    expect(table.totalParams).toBe(61_706);
    expect(table.totalMacs).toBe(416_520);
  });

  it('computes receptive fields: 5, 6, 14, 16 input pixels after conv1, pool1, conv2, pool2', () => {
    const rf = paperTable(lenet).rows.map((r) => [r.name, r.receptiveField, r.jump]);
    expect(rf.slice(0, 6)).toEqual([
      ['conv1', 5, 1],
      ['sigmoid1', 5, 1],
      ['pool1', 6, 2],
      ['conv2', 14, 2],
      ['sigmoid2', 14, 2],
      ['pool2', 16, 4],
    ]);
    expect(rf[6]).toEqual(['flatten', null, 4]);
  });

  it('rejects a layer list that does not fit its input', () => {
    expect(() => inferLayers([{ kind: 'conv', name: 'c', filters: 1, kernel: 9 }], 5)).toThrow(/too small/);
    expect(() => inferLayers([{ kind: 'dense', name: 'd', units: 3 }], 5)).toThrow(/flat input/);
  });
});

describe('shape inference agrees with the built tfjs model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const id of NET_IDS) {
    it(`${id}: every layer's output shape and parameter count at the shipped scale`, () => {
      const net = NETS[id];
      const model = buildModel(net);
      const table = shippedTable(net);
      const byPath = new Map(table.rows.map((r) => [r.path, r]));
      for (const { layer, path } of leaves(net.layers(net.widthFactor))) {
        const row = byPath.get(path.join('/'))!;
        const tfLayer = model.getLayer(layerName(net, path.join('/')));
        const nhwc = (tfLayer.outputShape as (number | null)[]).slice(1);
        const chw = nhwc.length === 3 ? [nhwc[2], nhwc[0], nhwc[1]] : nhwc;
        expect(chw, layer.name).toEqual(row.shape);
        // tfjs counts batch norm's running statistics as (non-trainable) parameters.
        expect(tfLayer.countParams(), layer.name).toBe(row.params + row.buffers);
      }
      expect(model.countParams()).toBe(table.totalParams + table.totalBuffers);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      model.dispose();
    });
  }
});

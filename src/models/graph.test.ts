import { describe, expect, it } from 'vitest';
import { digitRegion, netGraph, readRegion, sourcesOf } from './graph';
import { NETS } from './nets';
import { shippedTable } from './shapes';
import { NET_IDS, leaves } from './spec';

describe('netGraph', () => {
  it.each(NET_IDS)('%s: one node per spec layer, each after its inputs, shapes from the shape table', (id) => {
    const net = NETS[id];
    const g = netGraph(net);
    const rows = new Map(shippedTable(net).rows.map((r) => [r.path, r]));
    for (const { path } of leaves(net.layers(net.widthFactor))) {
      const node = g.nodes[`${id}/${path.join('/')}`];
      expect(node, path.join('/')).toBeDefined();
      expect(node!.shape).toEqual(rows.get(path.join('/'))!.shape);
    }
    const position = new Map(g.order.map((n, i) => [n, i]));
    for (const n of g.order) for (const input of g.nodes[n]!.inputs) expect(position.get(input)!).toBeLessThan(position.get(n)!);
    expect(g.nodes[g.output]!.shape).toEqual([10]);
  });

  it("LeNet's receptive fields, by hand: 5, 6, 14, 16 pixels with jumps 1, 2, 2, 4", () => {
    const g = netGraph(NETS.lenet);
    const rf = (p: string) => g.nodes[`lenet/${p}`]!.rf;
    expect(rf('conv1')).toEqual({ size: 5, jump: 1, start: -2 });
    expect(rf('sigmoid1')).toEqual({ size: 5, jump: 1, start: -2 });
    expect(rf('pool1')).toEqual({ size: 6, jump: 2, start: -2 });
    expect(rf('conv2')).toEqual({ size: 14, jump: 2, start: -2 });
    expect(rf('pool2')).toEqual({ size: 16, jump: 4, start: -2 });
    expect(rf('flatten')).toBeNull();
    // Sigmoid outputs are never exactly zero: LeNet has no ReLU layer.
    expect(g.order.some((id) => g.nodes[id]!.afterRelu)).toBe(false);
  });

  it('marks what comes out of a ReLU, through pooling and concatenation, and nothing before it', () => {
    const g = netGraph(NETS.googlenet);
    const at = (p: string) => g.nodes[`googlenet/${p}`]!.afterRelu;
    expect(at('b1/conv')).toBe(false);
    expect(at('b1/conv_relu')).toBe(true);
    expect(at('b1/pool')).toBe(true);
    expect(at('b3/inception1/concat')).toBe(true);
    expect(netGraph(NETS.resnet).nodes['resnet/b2/res1/add']!.afterRelu).toBe(false);
  });

  it("an Inception path's receptive field grows by its own kernels; the concatenation sees the union", () => {
    const g = netGraph(NETS.googlenet);
    const into = g.nodes['googlenet/b2/pool']!.rf!;
    const at = (p: string) => g.nodes[`googlenet/b3/inception1/${p}`]!.rf!;
    // Path 1 is a 1×1 convolution: the same field. Path 3 adds a 5×5 (padding 2); path 4 a 3×3 pool (padding 1), then 1×1.
    expect(at('p1_1')).toEqual(into);
    expect(at('p3_2')).toEqual({ size: into.size + 4 * into.jump, jump: into.jump, start: into.start - 2 * into.jump });
    expect(at('p4_2')).toEqual({ size: into.size + 2 * into.jump, jump: into.jump, start: into.start - into.jump });
    expect(at('concat')).toEqual(at('p3_2'));
  });

  it('a residual block adds its body to the shortcut: the identity, or a 1×1 convolution', () => {
    const g = netGraph(NETS.resnet);
    const plain = g.nodes['resnet/b2/res1/add']!;
    expect(plain.inputs).toEqual(['resnet/b2/res1/bn2', 'resnet/b1/pool']);
    const down = g.nodes['resnet/b3/res1/add']!;
    expect(down.inputs).toEqual(['resnet/b3/res1/bn2', 'resnet/b3/res1/conv3']);
  });

  it('traces a channel of a concatenation to its path, and a residual add to both its inputs', () => {
    const g = netGraph(NETS.googlenet);
    const concat = g.nodes['googlenet/b3/inception1/concat']!;
    const widths = concat.inputs.map((id) => g.nodes[id]!.shape[0]!);
    expect(sourcesOf(g, concat.id, 0)).toEqual([{ id: concat.inputs[0], channel: 0 }]);
    // The first channel after path 1's is path 2's channel 0.
    expect(sourcesOf(g, concat.id, widths[0]!)).toEqual([{ id: concat.inputs[1], channel: 0 }]);
    const last = widths.reduce((a, b) => a + b) - 1;
    expect(sourcesOf(g, concat.id, last)).toEqual([{ id: concat.inputs[3], channel: widths[3]! - 1 }]);
    expect(sourcesOf(g, concat.id, last + 1)).toEqual([]);
    const r = netGraph(NETS.resnet);
    expect(sourcesOf(r, 'resnet/b2/res1/add', 5)).toEqual([
      { id: 'resnet/b2/res1/bn2', channel: 5 },
      { id: 'resnet/b1/pool', channel: 5 },
    ]);
  });

  it('maps a unit to the patch of the digit and of the previous map it reads', () => {
    const g = netGraph(NETS.lenet);
    // conv1 unit (0, 0) sees digit rows −2…2, clipped to 0…2.
    expect(digitRegion(g, 'lenet/conv1', 0, 0)).toEqual({ x: 0, y: 0, w: 3, h: 3 });
    expect(digitRegion(g, 'lenet/pool2', 1, 2)).toEqual({ x: 6, y: 2, w: 16, h: 16 });
    expect(digitRegion(g, 'lenet/fc1', 0, 0)).toBeNull();
    expect(readRegion({ kernel: 5, stride: 1, padding: 0 }, 3, 4, 14, 14)).toEqual({ y0: 3, y1: 7, x0: 4, x1: 8 });
    expect(readRegion({ kernel: 3, stride: 2, padding: 1 }, 0, 0, 7, 7)).toEqual({ y0: 0, y1: 1, x0: 0, x1: 1 });
    // With a 3× upscaled input, a digit pixel is three model pixels.
    const r = netGraph(NETS.vgg);
    expect(digitRegion(r, 'vgg/block1/conv1', 10, 10)).toEqual({ x: 3, y: 3, w: 1, h: 1 });
  });
});

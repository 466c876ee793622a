import { describe, expect, it } from 'vitest';
import { NETS } from './nets';
import { paperTable } from './shapes';
import { weightedDepth, type NetId } from './spec';

/**
 * The book's networks at paper scale (one input channel, ten classes), as computed by running the
 * d2l definitions in PyTorch (shared/REFERENCE_SHAPES.md): every top-level layer's output shape and
 * parameters, and the totals. Our specs at width factor 1 must reproduce them exactly.
 */
const REFERENCE: Record<NetId, { input: number; params: number; macs: number; rows: [string, number][] }> = {
  lenet: {
    input: 28,
    params: 61_706,
    macs: 416_520,
    rows: [
      ['6×28×28', 156], ['6×28×28', 0], ['6×14×14', 0], ['16×10×10', 2_416], ['16×10×10', 0], ['16×5×5', 0],
      ['400', 0], ['120', 48_120], ['120', 0], ['84', 10_164], ['84', 0], ['10', 850],
    ],
  },
  alexnet: {
    input: 224,
    params: 46_764_746,
    macs: 938_146_176,
    rows: [
      ['96×54×54', 11_712], ['96×54×54', 0], ['96×26×26', 0], ['256×26×26', 614_656], ['256×26×26', 0], ['256×12×12', 0],
      ['384×12×12', 885_120], ['384×12×12', 0], ['384×12×12', 1_327_488], ['384×12×12', 0], ['256×12×12', 884_992],
      ['256×12×12', 0], ['256×5×5', 0], ['6400', 0], ['4096', 26_218_496], ['4096', 0], ['4096', 0], ['4096', 16_781_312],
      ['4096', 0], ['4096', 0], ['10', 40_970],
    ],
  },
  vgg: {
    input: 224,
    params: 128_806_154,
    macs: 7_547_232_256,
    rows: [
      ['64×112×112', 640], ['128×56×56', 73_856], ['256×28×28', 885_248], ['512×14×14', 3_539_968], ['512×7×7', 4_719_616],
      ['25088', 0], ['4096', 102_764_544], ['4096', 0], ['4096', 0], ['4096', 16_781_312], ['4096', 0], ['4096', 0], ['10', 40_970],
    ],
  },
  nin: {
    input: 224,
    params: 1_992_166,
    macs: 762_297_352,
    rows: [
      ['96×54×54', 30_336], ['96×26×26', 0], ['256×26×26', 746_240], ['256×12×12', 0], ['384×12×12', 1_180_800],
      ['384×5×5', 0], ['384×5×5', 0], ['10×5×5', 34_790], ['10×1×1', 0], ['10', 0],
    ],
  },
  googlenet: {
    input: 96,
    params: 5_977_530,
    macs: 276_066_304,
    rows: [['64×24×24', 3_200], ['192×12×12', 114_944], ['480×6×6', 552_432], ['832×3×3', 2_809_168], ['1024', 2_487_536], ['10', 10_250]],
  },
  resnet: {
    input: 96,
    params: 11_178_378,
    macs: 318_657_536,
    rows: [
      ['64×24×24', 3_328], ['64×24×24', 148_224], ['128×12×12', 525_952], ['256×6×6', 2_100_480], ['512×3×3', 8_395_264],
      ['512×1×1', 0], ['512', 0], ['10', 5_130],
    ],
  },
};

describe('paper-scale tables reproduce the book', () => {
  for (const [id, ref] of Object.entries(REFERENCE) as [NetId, (typeof REFERENCE)[NetId]][]) {
    it(`${id}: every top-level shape and parameter count, and the totals`, () => {
      const net = NETS[id];
      expect(net.paperInputSize).toBe(ref.input);
      const table = paperTable(net);
      const top = table.rows.filter((r) => r.depth === 0).map((r) => [r.shape.join('×'), r.params]);
      expect(top).toEqual(ref.rows);
      expect(table.totalParams).toBe(ref.params);
      expect(table.totalMacs).toBe(ref.macs);
    });
  }

  it('GoogLeNet: the first Inception of b3 has four paths meeting in 256 channels (64 + 128 + 32 + 32)', () => {
    const rows = paperTable(NETS.googlenet).rows;
    const inc = rows.find((r) => r.path === 'b3/inception1')!;
    expect(inc.shape).toEqual([256, 12, 12]);
    const pathEnds = ['p1_1', 'p2_2', 'p3_2', 'p4_2'].map((n) => rows.find((r) => r.path === `b3/inception1/${n}`)!.shape[0]);
    expect(pathEnds).toEqual([64, 128, 32, 32]);
  });

  it('ResNet: a stride-2 block has a 1×1 shortcut that matches the body; the others use the identity', () => {
    const rows = paperTable(NETS.resnet).rows;
    expect(rows.find((r) => r.path === 'b3/res1/conv3')!.shape).toEqual([128, 12, 12]);
    expect(rows.find((r) => r.path === 'b3/res1/bn2')!.shape).toEqual([128, 12, 12]);
    expect(rows.some((r) => r.path === 'b2/res1/conv3')).toBe(false);
    // Batch norm's running statistics are state, not parameters (as PyTorch counts them).
    expect(rows.find((r) => r.path === 'b1/bn')!.buffers).toBe(128);
  });

  it('counts depth as the papers do: 5, 8, 11, 12, 22 and 18 layers with weights along the longest path', () => {
    const depth = Object.fromEntries(Object.values(NETS).map((n) => [n.id, weightedDepth(n.layers(1))]));
    expect(depth).toEqual({ lenet: 5, alexnet: 8, vgg: 11, nin: 12, googlenet: 22, resnet: 18 });
  });
});

import { describe, expect, it } from 'vitest';
import { NETS } from './nets';
import { evolveRows, matchRows, TRANSITIONS, transitionChanges } from './transitions';

const labels = (id: keyof typeof NETS) => evolveRows(NETS[id]).map((r) => r.label.paper);

describe('evolveRows', () => {
  it("draws LeNet and AlexNet as the book's Figure 2 does, activations and dropout folded in", () => {
    expect(labels('lenet')).toEqual(['Image (28 × 28)', '5 × 5 Conv (6), pad 2', '2 × 2 AvgPool, stride 2', '5 × 5 Conv (16)', '2 × 2 AvgPool, stride 2', 'FC (120)', 'FC (84)', 'FC (10)']);
    expect(labels('alexnet')).toHaveLength(12);
    expect(labels('alexnet').slice(1, 3)).toEqual(['11 × 11 Conv (96), stride 4, pad 1', '3 × 3 MaxPool, stride 2']);
    const lenet = evolveRows(NETS.lenet);
    expect(lenet[1]).toMatchObject({ act: 'sigmoid', node: 'lenet/sigmoid1', kind: 'conv' });
    expect(evolveRows(NETS.alexnet)[9]).toMatchObject({ act: 'relu', dropout: 0.5, node: 'alexnet/fc1_relu' });
  });

  it('keeps a top-level block as one row that shows its output', () => {
    const vgg = evolveRows(NETS.vgg);
    expect(vgg.map((r) => r.kind)).toEqual(['input', 'block', 'block', 'block', 'block', 'block', 'dense', 'dense', 'dense']);
    expect(vgg[3]).toMatchObject({ node: 'vgg/block3/pool', blockKind: 'vgg', label: { paper: 'VGG block (2 × conv 3×3, 256)' } });
    expect(vgg[3]!.parts!.paper).toBe('2 × (3 × 3 Conv (256), pad 1) · 2 × 2 MaxPool, stride 2');
    const google = evolveRows(NETS.googlenet);
    expect(google.map((r) => r.path)).toEqual(['input', 'b1', 'b2', 'b3', 'b4', 'b5', 'fc']);
    // b5 ends in flatten; its row shows the pooled maps before it.
    expect(google[5]!.node).toBe('googlenet/b5/gap');
    expect(google[4]!.blockKind).toBe('inception');
    expect(google[3]!.label.paper).toBe('Stage b3 · 2 × Inception');
    expect(google[1]!.label.paper).toBe('Stage b1 · 7 × 7 Conv · 3 × 3 MaxPool');
    expect(evolveRows(NETS.resnet)[2]!.blockKind).toBe('residual');
  });

  it('gives every row a node of the network', () => {
    for (const id of Object.keys(NETS) as (keyof typeof NETS)[]) {
      for (const row of evolveRows(NETS[id])) expect(row.node.startsWith(`${id}/`)).toBe(true);
    }
  });
});

describe('transitionChanges', () => {
  it("covers the story's five steps", () => {
    expect(TRANSITIONS.map((t) => `${t.from}→${t.to}`)).toEqual(['lenet→alexnet', 'alexnet→vgg', 'vgg→nin', 'nin→googlenet', 'googlenet→resnet']);
  });

  it('LeNet → AlexNet marks the activation, pooling and kernel changes, and the new layers', () => {
    const c = transitionChanges(NETS.lenet, NETS.alexnet);
    expect(c.toTags[1]).toEqual(['sigmoid → ReLU', '5 × 5 → 11 × 11, stride 4', '6 → 96 channels']);
    expect(c.toTags[2]).toEqual(['AvgPool → MaxPool', '2 × 2 → 3 × 3']);
    expect(c.toTags[4]).toContain('AvgPool → MaxPool');
    expect(c.toTags[3]).toContain('sigmoid → ReLU');
    expect(c.toTags.slice(5, 9)).toEqual([['new'], ['new'], ['new'], ['new']]);
    expect(c.toTags[9]).toEqual(['sigmoid → ReLU', '+ dropout 0.5', '120 → 4096 units']);
    // The image and the ten outputs did not change.
    expect(c.toTags[0]).toEqual([]);
    expect(c.toTags[11]).toEqual([]);
  });

  it("AlexNet → VGG marks the VGG blocks as taking the convolutions' place and keeps the dense head", () => {
    const c = transitionChanges(NETS.alexnet, NETS.vgg);
    expect(c.toTags.slice(1, 6)).toEqual(Array(5).fill(['convs → VGG block']));
    expect(c.toTags.slice(6)).toEqual([[], [], []]);
  });

  it('VGG → NiN marks the dense head as replaced by global average pooling', () => {
    const c = transitionChanges(NETS.vgg, NETS.nin);
    expect(c.fromTags.slice(6)).toEqual(Array(3).fill(['replaced by global avg pool']));
    expect(c.toTags.at(-1)).toEqual(['dense → 1×1 conv + global avg pool']);
    expect(c.toTags[1]).toEqual(['VGG block → NiN block']);
  });

  it('NiN → GoogLeNet and GoogLeNet → ResNet name the new repeated units', () => {
    const g = transitionChanges(NETS.nin, NETS.googlenet);
    expect(g.toTags[3]).toEqual(['NiN block → 2 × Inception']);
    expect(g.toTags[4]).toEqual(['NiN block → 5 × Inception']);
    const r = transitionChanges(NETS.googlenet, NETS.resnet);
    expect(r.toTags[1]).toEqual(['+ batch norm']);
    expect(r.toTags[4]).toEqual(['5 × Inception → 2 × Residual']);
    expect(r.toTags[2]).toEqual(['convs → 2 × Residual']);
    // GoogLeNet pools globally inside b5; ResNet gives it a row of its own.
    expect(r.toTags[6]).toEqual(['was inside b5']);
  });

  it('matches rows in order, never crossing', () => {
    const pairs = matchRows(evolveRows(NETS.lenet), evolveRows(NETS.alexnet));
    for (let k = 1; k < pairs.length; k++) {
      expect(pairs[k]![0]).toBeGreaterThan(pairs[k - 1]![0]);
      expect(pairs[k]![1]).toBeGreaterThan(pairs[k - 1]![1]);
    }
    expect(pairs).toHaveLength(8);
  });
});

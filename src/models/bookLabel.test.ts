import { describe, expect, it } from 'vitest';
import { bookLabels } from './bookLabel';
import { NETS } from './nets';
import { leaves } from './spec';

/** The labelled boxes of a network's figure, in order: what the book draws (it leaves out activations, dropout, flatten). */
function figureList(id: keyof typeof NETS, scale: 'paper' | 'shipped'): string[] {
  const net = NETS[id];
  const labels = bookLabels(net)[scale];
  const layers = net.layers(scale === 'paper' ? 1 : net.widthFactor);
  return leaves(layers)
    .filter(({ layer }) => !['activation', 'dropout', 'flatten'].includes(layer.kind))
    .map(({ path }) => labels.get(path.join('/'))!);
}

describe('book labels, generated from the specs', () => {
  it('LeNet reads as the book figure does', () => {
    expect(figureList('lenet', 'paper')).toEqual([
      '5 × 5 Conv (6), pad 2',
      '2 × 2 AvgPool, stride 2',
      '5 × 5 Conv (16)',
      '2 × 2 AvgPool, stride 2',
      'FC (120)',
      'FC (84)',
      'FC (10)',
    ]);
  });

  it('AlexNet reads as Figure 2 does (10 classes; the first convolution keeps the padding of 1 the code gives it)', () => {
    expect(figureList('alexnet', 'paper')).toEqual([
      '11 × 11 Conv (96), stride 4, pad 1',
      '3 × 3 MaxPool, stride 2',
      '5 × 5 Conv (256), pad 2',
      '3 × 3 MaxPool, stride 2',
      '3 × 3 Conv (384), pad 1',
      '3 × 3 Conv (384), pad 1',
      '3 × 3 Conv (256), pad 1',
      '3 × 3 MaxPool, stride 2',
      'FC (4096)',
      'FC (4096)',
      'FC (10)',
    ]);
  });

  it('the VGG block, the NiN block and Figure 5’s Inception paths', () => {
    const vgg = bookLabels(NETS.vgg).paper;
    expect(['block3/conv1', 'block3/conv2', 'block3/pool'].map((p) => vgg.get(p))).toEqual(['3 × 3 Conv (256), pad 1', '3 × 3 Conv (256), pad 1', '2 × 2 MaxPool, stride 2']);
    expect(vgg.get('block3')).toBe('VGG block');
    const nin = bookLabels(NETS.nin).paper;
    expect(['nin1/conv', 'nin1/mlp1', 'nin1/mlp2', 'gap'].map((p) => nin.get(p))).toEqual(['11 × 11 Conv (96), stride 4', '1 × 1 Conv (96)', '1 × 1 Conv (96)', 'Global AvgPool']);
    const g = bookLabels(NETS.googlenet).paper;
    expect(['p1_1', 'p2_1', 'p2_2', 'p3_1', 'p3_2', 'p4_1', 'p4_2', 'concat'].map((p) => g.get(`b3/inception1/${p}`)!.replace(/ \(\d+\)/, ''))).toEqual([
      '1 × 1 Conv',
      '1 × 1 Conv',
      '3 × 3 Conv, pad 1',
      '1 × 1 Conv',
      '5 × 5 Conv, pad 2',
      '3 × 3 MaxPool, pad 1',
      '1 × 1 Conv',
      'Concatenation',
    ]);
    const r = bookLabels(NETS.resnet).paper;
    expect(['conv1', 'bn1', 'conv2', 'bn2', 'conv3'].map((p) => r.get(`b3/res1/${p}`))).toEqual([
      '3 × 3 Conv (128), stride 2, pad 1',
      'Batch norm',
      '3 × 3 Conv (128), pad 1',
      'Batch norm',
      '1 × 1 Conv (128), stride 2',
    ]);
  });

  it('the shipped scale says the shipped widths', () => {
    expect(bookLabels(NETS.alexnet).shipped.get('conv1')).toBe('11 × 11 Conv (12), stride 4, pad 1');
    expect(bookLabels(NETS.lenet).shipped.get('conv1')).toBe(bookLabels(NETS.lenet).paper.get('conv1'));
  });
});

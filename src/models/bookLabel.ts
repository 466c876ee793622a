import type { NodeKind } from './graph';
import { isComposite, type LayerSpec, type LeafSpec, type NetSpec } from './spec';

/**
 * A layer as the book's figures label it: "5 × 5 Conv (6), pad 2", "2 × 2 AvgPool, stride 2",
 * "FC (120)", "Global AvgPool", "Batch norm". Stride and padding appear only where they are not 1
 * and 0, stride first, as in the figures.
 */
export function bookLabel(layer: LeafSpec): string {
  const extras = (stride = 1, padding = 0) => `${stride > 1 ? `, stride ${stride}` : ''}${padding > 0 ? `, pad ${padding}` : ''}`;
  switch (layer.kind) {
    case 'conv':
      return `${layer.kernel} × ${layer.kernel} Conv (${layer.filters})${extras(layer.stride, layer.padding)}`;
    case 'avgpool':
    case 'maxpool':
      return `${layer.pool} × ${layer.pool} ${layer.kind === 'avgpool' ? 'AvgPool' : 'MaxPool'}${extras(layer.stride ?? layer.pool, layer.padding)}`;
    case 'dense':
      return `FC (${layer.units})`;
    case 'gap':
      return 'Global AvgPool';
    case 'batchnorm':
      return 'Batch norm';
    case 'activation':
      return layer.fn === 'relu' ? 'ReLU' : 'Sigmoid';
    case 'dropout':
      return `Dropout (${layer.rate})`;
    case 'flatten':
      return 'Flatten';
  }
}

/** The word the book's Figure 1 writes above a layer: what kind of operation it is. */
export function kindWord(kind: NodeKind): string {
  switch (kind) {
    case 'conv':
      return 'convolution';
    case 'avgpool':
    case 'maxpool':
    case 'gap':
      return 'pooling';
    case 'dense':
      return 'dense';
    case 'activation':
      return 'activation';
    case 'batchnorm':
      return 'normalisation';
    case 'dropout':
      return 'dropout';
    case 'flatten':
      return 'flatten';
    case 'input':
      return 'input';
    case 'upsample':
      return 'upscale';
    case 'concat':
      return 'concatenation';
    case 'add':
      return 'addition';
  }
}

/** The book's figure palette, one mapping for the whole app: convolutions light, pooling dark, the rest white. */
export type BookColor = 'conv' | 'pool' | 'plain';

export function bookColor(kind: NodeKind): BookColor {
  if (kind === 'conv') return 'conv';
  if (kind === 'avgpool' || kind === 'maxpool' || kind === 'gap') return 'pool';
  return 'plain';
}

/** Each layer's (and each block's) book label at the paper scale and at the shipped scale, by path. */
export interface BookLabels {
  paper: Map<string, string>;
  shipped: Map<string, string>;
}

function collect(layers: LayerSpec[], prefix: string, out: Map<string, string>): void {
  for (const layer of layers) {
    const path = prefix ? `${prefix}/${layer.name}` : layer.name;
    if (!isComposite(layer)) {
      out.set(path, bookLabel(layer));
      continue;
    }
    if (layer.kind === 'block') {
      out.set(path, layer.label.replace(/\s*\(.*$/, ''));
      collect(layer.layers, path, out);
    } else if (layer.kind === 'branches') {
      out.set(path, 'Inception');
      out.set(`${path}/concat`, 'Concatenation');
      layer.paths.forEach((p) => collect(p, path, out));
    } else {
      out.set(path, layer.shortcut.length ? 'Residual, 1 × 1 Conv shortcut' : 'Residual');
      out.set(`${path}/add`, '+');
      collect(layer.body, path, out);
      collect(layer.shortcut, path, out);
      collect(layer.after, path, out);
    }
  }
}

/**
 * Book labels for every node path of `net` (leaves, blocks, concatenations and additions), at the
 * book's widths and input (paper) and as shipped, plus the input and upscaling nodes.
 */
export function bookLabels(net: NetSpec): BookLabels {
  const make = (factor: number, size: number) => {
    const out = new Map<string, string>([
      ['input', 'Image (28 × 28)'],
      ['upsample', `Upscale to ${size} × ${size}`],
    ]);
    collect(net.layers(factor), '', out);
    return out;
  };
  return { paper: make(1, net.paperInputSize), shipped: make(net.widthFactor, net.inputSize) };
}

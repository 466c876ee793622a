/**
 * Networks as data. A spec lists layers the way the d2l book's code does; the same spec builds the
 * tfjs model (build.ts), infers shapes and costs without weights (shapes.ts) and draws the diagram.
 * Paddings are PyTorch-style numbers (the book's code), not 'same'/'valid'.
 */

export type Activation = 'sigmoid' | 'relu';

/** A single layer: one tfjs layer in the built model (plus a zero-padding layer where needed). */
export type LeafSpec =
  | { kind: 'conv'; name: string; filters: number; kernel: number; stride?: number; padding?: number }
  | { kind: 'activation'; name: string; fn: Activation }
  | { kind: 'avgpool' | 'maxpool'; name: string; pool: number; stride?: number; padding?: number }
  /** Global average pooling to C×1×1 (the book's AdaptiveAvgPool2d((1, 1))). */
  | { kind: 'gap'; name: string }
  | { kind: 'batchnorm'; name: string }
  | { kind: 'flatten'; name: string }
  | { kind: 'dense'; name: string; units: number }
  | { kind: 'dropout'; name: string; rate: number };

/** Layers composed into the book's building blocks. */
export type CompositeSpec =
  /** Layers in sequence under one name: a VGG block, a NiN block, a GoogLeNet stage. */
  | { kind: 'block'; name: string; label: string; layers: LayerSpec[] }
  /** Parallel paths from one input, concatenated on channels: the Inception block. */
  | { kind: 'branches'; name: string; label: string; paths: LayerSpec[][] }
  /** f(x) = g(x) + shortcut(x), then `after` (the book's final ReLU); an empty shortcut is the identity. */
  | { kind: 'residual'; name: string; label: string; body: LayerSpec[]; shortcut: LayerSpec[]; after: LeafSpec[] };

export type LayerSpec = LeafSpec | CompositeSpec;
export type LayerKind = LayerSpec['kind'];

/** The story's networks, in the order the book tells it. */
export const NET_IDS = ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet'] as const;
export type NetId = (typeof NET_IDS)[number];

export interface NetSpec {
  id: NetId;
  /** Display name, e.g. "LeNet-5". */
  title: string;
  year: number;
  paper: string;
  /** Channel / unit widths are divided by this factor in the shipped model (1 = the book's widths). */
  widthFactor: number;
  /** Side of the square input the layers see; the 28×28 digit is upscaled (bilinear) inside the model if larger. */
  inputSize: number;
  /** The book's input size, used for the paper-scale table. */
  paperInputSize: number;
  /** Every way the shipped model differs from the book's definition; empty when it is the book's own. */
  deviations: string[];
  /** The layer list at a given width factor (1 = the book's). The last layer outputs the 10 logits. */
  layers(widthFactor: number): LayerSpec[];
}

/** Divides a width by the factor, never below 1 (the book's VGG uses `ratio = 4` the same way). */
export function scaled(width: number, factor: number): number {
  return Math.max(1, Math.floor(width / factor));
}

export function isNetId(value: string | null | undefined): value is NetId {
  return value != null && (NET_IDS as readonly string[]).includes(value);
}

export function isComposite(layer: LayerSpec): layer is CompositeSpec {
  return layer.kind === 'block' || layer.kind === 'branches' || layer.kind === 'residual';
}

/** Every leaf layer, depth first, with its path of names from the top (e.g. ['b3', 'inception1', 'p2_2']). */
export function leaves(layers: LayerSpec[], prefix: string[] = []): { layer: LeafSpec; path: string[] }[] {
  return layers.flatMap((layer) => {
    const path = [...prefix, layer.name];
    if (!isComposite(layer)) return [{ layer, path }];
    if (layer.kind === 'block') return leaves(layer.layers, path);
    if (layer.kind === 'branches') return layer.paths.flatMap((p) => leaves(p, path));
    return [...leaves(layer.body, path), ...leaves(layer.shortcut, path), ...leaves(layer.after, path)];
  });
}

/**
 * Depth as the papers count it: layers with weights (convolutions and dense layers) along the longest
 * path from input to output, so parallel paths count once (GoogLeNet is "22 layers deep").
 */
export function weightedDepth(layers: LayerSpec[]): number {
  return layers.reduce((depth, layer) => {
    switch (layer.kind) {
      case 'conv':
      case 'dense':
        return depth + 1;
      case 'block':
        return depth + weightedDepth(layer.layers);
      case 'branches':
        return depth + Math.max(...layer.paths.map(weightedDepth));
      case 'residual':
        return depth + Math.max(weightedDepth(layer.body), weightedDepth(layer.shortcut)) + weightedDepth(layer.after);
      default:
        return depth;
    }
  }, 0);
}

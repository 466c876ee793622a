/**
 * Networks as data. A spec lists layers the way the d2l book's code does; the same spec builds the
 * tfjs model (build.ts), infers shapes and costs without weights (shapes.ts) and, later, draws the
 * diagram. Paddings are PyTorch-style numbers (the book's code), not 'same'/'valid'.
 */

export type Activation = 'sigmoid' | 'relu';

export type LayerSpec =
  | { kind: 'conv'; name: string; filters: number; kernel: number; stride?: number; padding?: number }
  | { kind: 'activation'; name: string; fn: Activation }
  | { kind: 'avgpool' | 'maxpool'; name: string; pool: number; stride?: number; padding?: number }
  | { kind: 'flatten'; name: string }
  | { kind: 'dense'; name: string; units: number }
  | { kind: 'dropout'; name: string; rate: number };

export type LayerKind = LayerSpec['kind'];

/** The story's networks, in the order the book tells it. */
export const NET_IDS = ['lenet'] as const;
export type NetId = (typeof NET_IDS)[number];

export interface NetSpec {
  id: NetId;
  /** Display name, e.g. "LeNet-5". */
  title: string;
  year: number;
  paper: string;
  /** Channel / unit widths are divided by this factor in the shipped model (1 = the book's widths). */
  widthFactor: number;
  /** Side of the square input the layers see (the 28×28 digit is upscaled inside the model if larger). */
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

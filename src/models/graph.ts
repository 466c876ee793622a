import { layerName } from './build';
import { describeLayer } from './describe';
import { inferLayers, type Shape } from './shapes';
import type { LayerSpec, LeafSpec, NetSpec } from './spec';

/** How one output unit at (y, x) reads its input map(s): rows y·stride − padding … + kernel − 1. */
export interface Window {
  kernel: number;
  stride: number;
  padding: number;
}

/**
 * The patch of the model's input one unit sees, in the model's input pixels (after any upscaling):
 * unit (y, x) sees rows start + y·jump … start + y·jump + size − 1 (and the same for columns).
 * `start` may be negative: the window reaches into the padding.
 */
export interface ReceptiveField {
  size: number;
  jump: number;
  start: number;
}

export type NodeKind = LeafSpec['kind'] | 'input' | 'upsample' | 'concat' | 'add';

/** One tensor of the data flow: a layer's output, named as the tfjs layer that computes it. */
export interface GraphNode {
  /** The tfjs layer name, `<net>/<path>` (`<net>/input`, `<net>/<block>/concat`, `<net>/<block>/add`). */
  id: string;
  /** The spec path, e.g. "b3/inception1/p2_2"; "input" / "upsample" for the two nodes before the spec. */
  path: string;
  kind: NodeKind;
  /** A short description, e.g. "Conv 5×5, 6 filters, padding 2". */
  label: string;
  /** Output shape in the book's order, C×H×W or N. */
  shape: Shape;
  /** Nodes this one reads (two or more for a concatenation or an addition). */
  inputs: string[];
  /** How a unit reads its inputs; null for layers that see everything (dense, flatten, global pooling). */
  window: Window | null;
  /** What a unit sees of the input; null once it sees all of it. */
  rf: ReceptiveField | null;
  /** Whether values can be negative (drawn with a diverging colour scale) or are ≥ 0 (sequential). */
  signed: boolean;
  /** Whether the values come out of a ReLU (directly, or through pooling, dropout or concatenation), so exact zeros mean silent units. */
  afterRelu: boolean;
  params: number;
  macs: number;
}

/** The block structure over the nodes, for layout and collapsing. Group ids are spec paths. */
export type GraphItem =
  | { type: 'node'; id: string }
  | { type: 'block'; id: string; label: string; items: GraphItem[]; output: string }
  | { type: 'branches'; id: string; label: string; paths: GraphItem[][]; concat: string; output: string }
  | { type: 'residual'; id: string; label: string; body: GraphItem[]; shortcut: GraphItem[]; add: string; after: GraphItem[]; output: string };

export interface NetGraph {
  net: NetSpec['id'];
  nodes: Record<string, GraphNode>;
  /** Every node in data-flow order (each after all of its inputs): the step-through order. */
  order: string[];
  items: GraphItem[];
  /** Model input pixels per digit pixel (the in-model upscaling factor, 1 when there is none). */
  inputScale: number;
  /** The node whose output is the 10 logits. */
  output: string;
}

const IDENTITY: Window = { kernel: 1, stride: 1, padding: 0 };

function through(rf: ReceptiveField | null, w: Window | null): ReceptiveField | null {
  if (!rf || !w) return null;
  return { size: rf.size + (w.kernel - 1) * rf.jump, jump: rf.jump * w.stride, start: rf.start - w.padding * rf.jump };
}

/** The union of what several same-size maps see, unit by unit (they share one jump). */
function union(rfs: (ReceptiveField | null)[]): ReceptiveField | null {
  if (rfs.some((r) => r === null)) return null;
  const all = rfs as ReceptiveField[];
  const start = Math.min(...all.map((r) => r.start));
  const end = Math.max(...all.map((r) => r.start + r.size));
  return { size: end - start, jump: all[0]!.jump, start };
}

function windowOf(layer: LeafSpec): Window | null {
  switch (layer.kind) {
    case 'conv':
      return { kernel: layer.kernel, stride: layer.stride ?? 1, padding: layer.padding ?? 0 };
    case 'avgpool':
    case 'maxpool':
      return { kernel: layer.pool, stride: layer.stride ?? layer.pool, padding: layer.padding ?? 0 };
    case 'activation':
    case 'batchnorm':
    case 'dropout':
      return IDENTITY;
    default:
      return null;
  }
}

function reluAfter(layer: LeafSpec, inputRelu: boolean): boolean {
  switch (layer.kind) {
    case 'activation':
      return layer.fn === 'relu';
    case 'avgpool':
    case 'maxpool':
    case 'gap':
    case 'flatten':
    case 'dropout':
      return inputRelu;
    default:
      return false;
  }
}

function signedAfter(layer: LeafSpec, inputSigned: boolean): boolean {
  switch (layer.kind) {
    case 'conv':
    case 'batchnorm':
    case 'dense':
      return true;
    case 'activation':
      return false;
    default:
      return inputSigned;
  }
}

/**
 * The data-flow graph of a network at its shipped scale, derived from its spec alone (no tfjs): every
 * layer output with its shape, how it reads its inputs and its receptive field, plus the block
 * structure. The same function serves all six networks (and any other spec).
 */
export function netGraph(net: NetSpec): NetGraph {
  const specLayers = net.layers(net.widthFactor);
  const rows = new Map(inferLayers(specLayers, net.inputSize).rows.map((r) => [r.path, r]));
  const nodes: Record<string, GraphNode> = {};
  const order: string[] = [];
  const add = (node: GraphNode) => {
    nodes[node.id] = node;
    order.push(node.id);
    return node;
  };

  const inputId = layerName(net, 'input');
  add({ id: inputId, path: 'input', kind: 'input', label: 'The 28×28 digit', shape: [1, 28, 28], inputs: [], window: null, rf: { size: 1, jump: 1, start: 0 }, signed: false, afterRelu: false, params: 0, macs: 0 });
  let last = nodes[inputId]!;
  const inputScale = net.inputSize / 28;
  if (inputScale !== 1) {
    // The upscaled image is the first map the layers see; receptive fields are counted on it.
    last = add({
      id: layerName(net, 'upsample'),
      path: 'upsample',
      kind: 'upsample',
      label: `Upscaled ${inputScale}× (bilinear) to ${net.inputSize}×${net.inputSize}`,
      shape: [1, net.inputSize, net.inputSize],
      inputs: [inputId],
      window: null,
      rf: { size: 1, jump: 1, start: 0 },
      signed: false,
      afterRelu: false,
      params: 0,
      macs: 0,
    });
  }

  function walk(layers: LayerSpec[], from: GraphNode, prefix: string): { items: GraphItem[]; out: GraphNode } {
    const items: GraphItem[] = [];
    let cur = from;
    for (const layer of layers) {
      const path = prefix ? `${prefix}/${layer.name}` : layer.name;
      const id = layerName(net, path);
      const row = rows.get(path);
      if (!row) throw new Error(`netGraph: no shape for ${path}`);
      if (layer.kind === 'block') {
        const inner = walk(layer.layers, cur, path);
        items.push({ type: 'block', id: path, label: layer.label, items: inner.items, output: inner.out.id });
        cur = inner.out;
      } else if (layer.kind === 'branches') {
        const paths = layer.paths.map((p) => walk(p, cur, path));
        const concat = add({
          id: `${id}/concat`,
          path: `${path}/concat`,
          kind: 'concat',
          label: `Concatenate ${paths.length} paths on channels`,
          shape: row.shape,
          inputs: paths.map((p) => p.out.id),
          window: IDENTITY,
          rf: union(paths.map((p) => p.out.rf)),
          signed: paths.some((p) => p.out.signed),
          afterRelu: paths.every((p) => p.out.afterRelu),
          params: 0,
          macs: 0,
        });
        items.push({ type: 'branches', id: path, label: layer.label, paths: paths.map((p) => p.items), concat: concat.id, output: concat.id });
        cur = concat;
      } else if (layer.kind === 'residual') {
        const body = walk(layer.body, cur, path);
        const shortcut = walk(layer.shortcut, cur, path);
        const sum = add({
          id: `${id}/add`,
          path: `${path}/add`,
          kind: 'add',
          label: layer.shortcut.length ? 'Add: g(x) + conv1×1(x)' : 'Add: g(x) + x',
          shape: rows.get(`${path}/${layer.body.at(-1)!.name}`)!.shape,
          inputs: [body.out.id, shortcut.out.id],
          window: IDENTITY,
          rf: union([body.out.rf, shortcut.out.rf]),
          signed: true,
          afterRelu: false,
          params: 0,
          macs: 0,
        });
        const after = walk(layer.after, sum, path);
        items.push({ type: 'residual', id: path, label: layer.label, body: body.items, shortcut: shortcut.items, add: sum.id, after: after.items, output: after.out.id });
        cur = after.out;
      } else {
        const window = windowOf(layer);
        cur = add({
          id,
          path,
          kind: layer.kind,
          label: describeLayer(layer),
          shape: row.shape,
          inputs: [cur.id],
          window,
          rf: through(cur.rf, window),
          signed: signedAfter(layer, cur.signed),
          afterRelu: reluAfter(layer, cur.afterRelu),
          params: row.params,
          macs: row.macs,
        });
        items.push({ type: 'node', id });
      }
    }
    return { items, out: cur };
  }

  const head: GraphItem[] = [{ type: 'node', id: inputId }];
  if (inputScale !== 1) head.push({ type: 'node', id: last.id });
  const body = walk(specLayers, last, '');
  return { net: net.id, nodes, order, items: [...head, ...body.items], inputScale, output: body.out.id };
}

/** Rows and columns of `map` (size h×w) that unit (y, x) of a node with `window` reads, clipped to the map. */
export function readRegion(window: Window, y: number, x: number, h: number, w: number): { y0: number; y1: number; x0: number; x1: number } {
  const y0 = y * window.stride - window.padding;
  const x0 = x * window.stride - window.padding;
  return {
    y0: Math.max(0, y0),
    x0: Math.max(0, x0),
    y1: Math.min(h - 1, y0 + window.kernel - 1),
    x1: Math.min(w - 1, x0 + window.kernel - 1),
  };
}

/**
 * The patch of the 28×28 digit that unit (y, x) of a node sees, in digit pixels (fractional when the
 * model upscales its input), clipped to the digit. Null when the unit sees the whole digit.
 */
export function digitRegion(graph: NetGraph, id: string, y: number, x: number): { x: number; y: number; w: number; h: number } | null {
  const rf = graph.nodes[id]?.rf;
  if (!rf) return null;
  const s = graph.inputScale;
  const clip = (a: number) => Math.min(28, Math.max(0, a));
  const x0 = clip((rf.start + x * rf.jump) / s);
  const y0 = clip((rf.start + y * rf.jump) / s);
  const x1 = clip((rf.start + x * rf.jump + rf.size) / s);
  const y1 = clip((rf.start + y * rf.jump + rf.size) / s);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Where one channel of a node's output comes from: an input node and its channel. */
export interface ChannelSource {
  id: string;
  channel: number;
}

/**
 * The inputs that channel `channel` of node `id` reads: for a concatenation, the one path whose
 * channels it is (channels are stacked in path order); for a residual add, both the body and the
 * shortcut at the same channel; for any other node, its one input. Channel numbers are the inputs'
 * own; for a layer that mixes channels (a convolution) the channel given is the output's, kept only
 * to say which map is pointed at.
 */
export function sourcesOf(graph: NetGraph, id: string, channel: number): ChannelSource[] {
  const node = graph.nodes[id];
  if (!node) return [];
  if (node.kind === 'concat') {
    let offset = 0;
    for (const input of node.inputs) {
      const c = graph.nodes[input]!.shape[0]!;
      if (channel < offset + c) return [{ id: input, channel: channel - offset }];
      offset += c;
    }
    return [];
  }
  return node.inputs.map((input) => ({ id: input, channel }));
}

import type { LayerSpec, LeafSpec, NetSpec } from './spec';

/** Output shape of a layer in the book's order: [C, H, W] for maps, [N] for vectors. */
export type Shape = [number, number, number] | [number];

export interface LayerRow {
  /** The layer's own name, e.g. "p2_2". */
  name: string;
  /** Its full name from the top, e.g. "b3/inception1/p2_2" (the tfjs layer is `<net>/<path>`). */
  path: string;
  /** 0 for top-level layers, 1 inside a block, and so on. */
  depth: number;
  kind: LayerSpec['kind'];
  shape: Shape;
  /** Trainable parameters, counted as PyTorch does (for a block: all of its layers). */
  params: number;
  /** Non-trainable state: batch norm's running mean and variance. */
  buffers: number;
  /** Multiply-adds per image (convolutions and dense layers only, as the reference tables count). */
  macs: number;
  /**
   * Side, in input pixels, of the square one output unit can see; `null` once the layer sees the
   * whole input (flatten, global pooling and everything after them).
   */
  receptiveField: number | null;
  /** Distance, in input pixels, between neighbouring output units (the product of the strides). */
  jump: number;
}

export interface ShapeTable {
  /** Input side the table was computed for. */
  inputSize: number;
  /** Every layer and block, depth first, each block before its layers (as torchinfo prints). */
  rows: LayerRow[];
  totalParams: number;
  totalBuffers: number;
  totalMacs: number;
}

interface State {
  shape: Shape;
  rf: number | null;
  jump: number;
}

function spatialOut(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

function needMap(layer: LayerSpec, s: State): [number, number, number] {
  if (s.shape.length !== 3) throw new Error(`${layer.name}: needs a C×H×W input, got ${s.shape.join('×')}`);
  return s.shape;
}

function leafStep(layer: LeafSpec, s: State): { state: State; params: number; buffers: number; macs: number } {
  switch (layer.kind) {
    case 'conv':
    case 'avgpool':
    case 'maxpool': {
      const [c, h, w] = needMap(layer, s);
      const k = layer.kind === 'conv' ? layer.kernel : layer.pool;
      const stride = layer.stride ?? (layer.kind === 'conv' ? 1 : k);
      const pad = layer.padding ?? 0;
      const oh = spatialOut(h, k, stride, pad);
      const ow = spatialOut(w, k, stride, pad);
      if (oh < 1 || ow < 1) throw new Error(`${layer.name}: input ${h}×${w} is too small for a ${k}×${k} window`);
      const oc = layer.kind === 'conv' ? layer.filters : c;
      const params = layer.kind === 'conv' ? (k * k * c + 1) * oc : 0;
      const macs = layer.kind === 'conv' ? k * k * c * oc * oh * ow : 0;
      const rf = s.rf === null ? null : s.rf + (k - 1) * s.jump;
      return { state: { shape: [oc, oh, ow], rf, jump: s.jump * stride }, params, buffers: 0, macs };
    }
    case 'gap': {
      const [c] = needMap(layer, s);
      return { state: { shape: [c, 1, 1], rf: null, jump: s.jump }, params: 0, buffers: 0, macs: 0 };
    }
    case 'batchnorm': {
      const c = s.shape[0];
      return { state: s, params: 2 * c, buffers: 2 * c, macs: 0 };
    }
    case 'flatten': {
      const n = s.shape.reduce((a, b) => a * b, 1);
      return { state: { shape: [n], rf: null, jump: s.jump }, params: 0, buffers: 0, macs: 0 };
    }
    case 'dense': {
      if (s.shape.length !== 1) throw new Error(`${layer.name}: needs a flat input`);
      const n = s.shape[0];
      return { state: { shape: [layer.units], rf: null, jump: s.jump }, params: (n + 1) * layer.units, buffers: 0, macs: n * layer.units };
    }
    case 'activation':
    case 'dropout':
      return { state: s, params: 0, buffers: 0, macs: 0 };
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function widest(states: State[]): Pick<State, 'rf' | 'jump'> {
  const rf = states.some((s) => s.rf === null) ? null : Math.max(...states.map((s) => s.rf!));
  return { rf, jump: Math.max(...states.map((s) => s.jump)) };
}

/** Runs `layers` from state `s`, appending rows; returns the final state. */
function run(layers: LayerSpec[], s: State, prefix: string, depth: number, rows: LayerRow[]): State {
  let state = s;
  for (const layer of layers) {
    const path = prefix ? `${prefix}/${layer.name}` : layer.name;
    const at = rows.length;
    if (layer.kind === 'block' || layer.kind === 'branches' || layer.kind === 'residual') {
      rows.push(undefined as unknown as LayerRow); // the block's row goes before its layers
      let next: State;
      if (layer.kind === 'block') {
        next = run(layer.layers, state, path, depth + 1, rows);
      } else if (layer.kind === 'branches') {
        const outs = layer.paths.map((p) => run(p, state, path, depth + 1, rows));
        const maps = outs.map((o) => needMap(layer, o));
        const [, h, w] = maps[0]!;
        if (maps.some(([, hh, ww]) => hh !== h || ww !== w)) {
          throw new Error(`${path}: paths end at different sizes (${maps.map((m) => m.join('×')).join(', ')})`);
        }
        next = { shape: [maps.reduce((a, m) => a + m[0], 0), h, w], ...widest(outs) };
      } else {
        const body = run(layer.body, state, path, depth + 1, rows);
        const short = run(layer.shortcut, state, path, depth + 1, rows);
        if (!sameShape(body.shape, short.shape)) {
          throw new Error(`${path}: body gives ${body.shape.join('×')} but the shortcut gives ${short.shape.join('×')}`);
        }
        next = run(layer.after, { shape: body.shape, ...widest([body, short]) }, path, depth + 1, rows);
      }
      const inner = rows.slice(at + 1).filter((r) => r.depth === depth + 1);
      rows[at] = {
        name: layer.name,
        path,
        depth,
        kind: layer.kind,
        shape: [...next.shape] as Shape,
        params: inner.reduce((a, r) => a + r.params, 0),
        buffers: inner.reduce((a, r) => a + r.buffers, 0),
        macs: inner.reduce((a, r) => a + r.macs, 0),
        receptiveField: next.rf,
        jump: next.jump,
      };
      state = next;
    } else {
      const { state: next, params, buffers, macs } = leafStep(layer, state);
      rows.push({ name: layer.name, path, depth, kind: layer.kind, shape: [...next.shape] as Shape, params, buffers, macs, receptiveField: next.rf, jump: next.jump });
      state = next;
    }
  }
  return state;
}

/**
 * Runs a layer list over a 1×size×size input without allocating any weights: output shapes, parameter
 * counts, multiply-adds and receptive fields of every layer and block, as torchinfo prints them.
 */
export function inferLayers(layers: LayerSpec[], inputSize: number): ShapeTable {
  const rows: LayerRow[] = [];
  run(layers, { shape: [1, inputSize, inputSize], rf: 1, jump: 1 }, '', 0, rows);
  const top = rows.filter((r) => r.depth === 0);
  return {
    inputSize,
    rows,
    totalParams: top.reduce((a, r) => a + r.params, 0),
    totalBuffers: top.reduce((a, r) => a + r.buffers, 0),
    totalMacs: top.reduce((a, r) => a + r.macs, 0),
  };
}

/** The table of the model the app ships (its width factor and input size). */
export function shippedTable(net: NetSpec): ShapeTable {
  return inferLayers(net.layers(net.widthFactor), net.inputSize);
}

/** The table of the network as the book defines it (factor 1, the book's input size). */
export function paperTable(net: NetSpec): ShapeTable {
  return inferLayers(net.layers(1), net.paperInputSize);
}

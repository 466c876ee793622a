import type { LayerSpec, NetSpec } from './spec';

/** Output shape of a layer in the book's order: [C, H, W] for maps, [N] for vectors. */
export type Shape = [number, number, number] | [number];

export interface LayerRow {
  name: string;
  kind: LayerSpec['kind'];
  shape: Shape;
  params: number;
  /** Multiply-adds per image (convolutions and dense layers only, as the reference tables count). */
  macs: number;
  /**
   * Side, in input pixels, of the square one output unit can see; `null` once the layer sees the
   * whole input (flatten and everything after it).
   */
  receptiveField: number | null;
  /** Distance, in input pixels, between neighbouring output units (the product of the strides). */
  jump: number;
}

export interface ShapeTable {
  rows: LayerRow[];
  totalParams: number;
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

function step(layer: LayerSpec, s: State): { state: State; params: number; macs: number } {
  const [c, h, w] = s.shape;
  switch (layer.kind) {
    case 'conv':
    case 'avgpool':
    case 'maxpool': {
      if (s.shape.length !== 3) throw new Error(`${layer.name}: needs a C×H×W input`);
      const k = layer.kind === 'conv' ? layer.kernel : layer.pool;
      const stride = layer.stride ?? (layer.kind === 'conv' ? 1 : k);
      const pad = layer.padding ?? 0;
      const oh = spatialOut(h!, k, stride, pad);
      const ow = spatialOut(w!, k, stride, pad);
      if (oh < 1 || ow < 1) throw new Error(`${layer.name}: input ${h}×${w} is too small for a ${k}×${k} window`);
      const oc = layer.kind === 'conv' ? layer.filters : c;
      const params = layer.kind === 'conv' ? (k * k * c + 1) * oc : 0;
      const macs = layer.kind === 'conv' ? k * k * c * oc * oh * ow : 0;
      const rf = s.rf === null ? null : s.rf + (k - 1) * s.jump;
      return { state: { shape: [oc, oh, ow], rf, jump: s.jump * stride }, params, macs };
    }
    case 'flatten': {
      const n = s.shape.reduce((a, b) => a * b, 1);
      return { state: { shape: [n], rf: null, jump: s.jump }, params: 0, macs: 0 };
    }
    case 'dense': {
      if (s.shape.length !== 1) throw new Error(`${layer.name}: needs a flat input`);
      const n = s.shape[0];
      return {
        state: { shape: [layer.units], rf: null, jump: s.jump },
        params: (n + 1) * layer.units,
        macs: n * layer.units,
      };
    }
    case 'activation':
    case 'dropout':
      return { state: s, params: 0, macs: 0 };
  }
}

/**
 * Runs a layer list over a 1×size×size input without allocating any weights: output shapes, parameter
 * counts, multiply-adds and receptive fields, the way torchinfo prints a PyTorch model.
 */
export function inferLayers(layers: LayerSpec[], inputSize: number): ShapeTable {
  let state: State = { shape: [1, inputSize, inputSize], rf: 1, jump: 1 };
  const rows: LayerRow[] = [];
  for (const layer of layers) {
    const { state: next, params, macs } = step(layer, state);
    state = next;
    rows.push({
      name: layer.name,
      kind: layer.kind,
      shape: [...state.shape] as Shape,
      params,
      macs,
      receptiveField: state.rf,
      jump: state.jump,
    });
  }
  return {
    rows,
    totalParams: rows.reduce((a, r) => a + r.params, 0),
    totalMacs: rows.reduce((a, r) => a + r.macs, 0),
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

import * as tf from '@tensorflow/tfjs';
import { chooseTiling, columnSumModule, compiledKernel, filterGradModule, firstConvFits, firstConvModule, maxPool2x2GradModule, SUM_CHANNELS } from './simdKernels';

/*
 * Gradient kernels for tfjs's wasm backend (issue 18). The backend has no filter gradient, and the
 * backward kernels it has are plain loops: a training step spent most of its time in them. Each
 * kernel here is built from the backend's fast XNNPACK operators (Conv2D, the untransposed
 * BatchMatMul) plus single passes over the backend's own memory, and frees every intermediate.
 * Checked against the cpu backend in wasmTraining.test.ts.
 */

type KernelFunc = tf.KernelConfig['kernelFunc'];
type Conv2DPad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** The parts of tfjs's wasm backend these kernels use. */
interface WasmBackend {
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  /** A view of a tensor's values in the backend's memory: valid until the memory grows. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  wasm: { asm?: { memory?: WebAssembly.Memory } };
}

const ORIGINAL = new Map<string, KernelFunc>();

function wasmKernel(name: string): KernelFunc {
  const kernel = ORIGINAL.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!kernel) throw new Error(`The wasm backend has no '${name}' kernel`);
  return kernel;
}

/** Runs the backend's own kernels, remembering what to free. */
class Scratch {
  private readonly temps: tf.TensorInfo[] = [];
  constructor(readonly backend: WasmBackend) {}

  call(name: string, inputs: Record<string, tf.TensorInfo>, attrs: object): tf.TensorInfo {
    return wasmKernel(name)({ inputs, backend: this.backend as never, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  }

  /** Like `call`, for an intermediate that is freed when the kernel ends. */
  temp(name: string, inputs: Record<string, tf.TensorInfo>, attrs: object): tf.TensorInfo {
    return this.keep(this.call(name, inputs, attrs));
  }

  keep(t: tf.TensorInfo): tf.TensorInfo {
    this.temps.push(t);
    return t;
  }

  /** A new float tensor in the backend's memory (its contents undefined until written). */
  alloc(shape: number[], temporary = true): tf.TensorInfo {
    const t = this.backend.makeOutput(shape, 'float32');
    return temporary ? this.keep(t) : t;
  }

  /** Where a tensor's values start in the backend's memory, in bytes. */
  address(t: tf.TensorInfo): number {
    const entry = this.backend.dataIdMap.get(t.dataId);
    if (!entry) throw new Error('A tensor outside the wasm backend');
    return entry.memoryOffset;
  }

  view(t: tf.TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t);
  }

  /** `a · b` for [1, m, k] × [1, k, n] through XNNPACK (the backend's fast path has no transposes). */
  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
    return this.call('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  }

  free(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

function withScratch(backend: unknown, f: (s: Scratch) => tf.TensorInfo): tf.TensorInfo {
  const s = new Scratch(backend as WasmBackend);
  try {
    return f(s);
  } finally {
    s.free();
  }
}

interface ConvAttrs {
  strides: [number, number] | number;
  pad: Conv2DPad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convInfo(name: string, xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat !== 'NHWC') throw new Error(`${name} (wasm): only NHWC is supported`);
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`${name} (wasm): dilated convolutions are not supported`);
  return info;
}

/**
 * The filter gradient of a 2-D convolution (NHWC input, HWIO filter), which the wasm backend lacks:
 *
 *   dW[kh, kw, ci, co] = Σ_{b,i,j} xPad[b, i·s + kh, j·s + kw, ci] · dy[b, i, j, co]
 *
 * is itself a stride-1 convolution, dilated by the forward stride, of x seen as [ci, H, W, b] by dy
 * seen as an [i, j, b, co] kernel, with the forward padding given to Conv2D (not copied in). So it
 * runs on XNNPACK's convolution. (An im2col buffer and one matrix product measured 1.3–2.9× slower
 * here: writing the buffer from JavaScript costs more than the product saves.)
 */
const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const info = convInfo('Conv2DBackpropFilter', x.shape, a.filterShape, a);
  const [kh, kw, ci, co] = a.filterShape;
  const { top, bottom, left, right } = info.padInfo;
  return withScratch(backend, (s) => {
    const direct = filterGradSimd(s, x, dy, info, a.filterShape);
    if (direct) return direct;
    const xT = s.temp('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyT = s.temp('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const pad = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const dilations = [info.strideHeight, info.strideWidth];
    const full = s.temp('Conv2D', { x: xT, filter: dyT }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined });
    // A stride that does not divide the padded input leaves extra rows and columns: cut them off.
    const fits = full.shape[1] === kh && full.shape[2] === kw;
    const cut = fits ? full : s.temp('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
    return s.call('Transpose', { x: cut }, { perm: [1, 2, 0, 3] });
  });
};

/** Whether the SIMD kernels (simdKernels.ts) run where they suit; 'never' is for comparisons. */
let simdKernels: 'auto' | 'never' = 'auto';
export function setSimdKernels(mode: 'auto' | 'never'): void {
  simdKernels = mode;
}

/** How many times each SIMD kernel has run (for tests and benchmarks to see which path ran). */
export const simdRuns = { filterGrad: 0, maxPoolGrad: 0, sum: 0, firstConv: 0 };

/** The backend's memory, for the SIMD kernels to import; null where they cannot run (threads share it). */
function simdMemory(s: Scratch): WebAssembly.Memory | null {
  const memory = s.backend.wasm.asm?.memory;
  if (simdKernels === 'never' || !memory) return null;
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer ? null : memory;
}

/**
 * The filter gradient on the SIMD kernel, for a stride-1 convolution it suits; null otherwise (strided
 * convolutions, a backend whose memory is shared between threads, no SIMD), and XNNPACK's path runs.
 */
function filterGradSimd(s: Scratch, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, filterShape: number[]): tf.TensorInfo | null {
  const memory = simdMemory(s);
  if (!memory || info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const [kh, kw, ci, co] = filterShape as [number, number, number, number];
  // From 32 × 32 channels up, XNNPACK's formulation is as fast (measured; see simdKernels.ts).
  if (ci * co >= 1024) return null;
  const tiling = chooseTiling(kh, kw, ci);
  if (!tiling) return null;
  const coPadded = 4 * Math.ceil(co / 4);
  const shape = { kw, ci, co, coPadded };
  const grad = compiledKernel(memory, `filterGrad ${JSON.stringify([tiling, shape])}`, () => filterGradModule(tiling, shape));
  if (!grad) return null;
  const { top, bottom, left, right } = info.padInfo;
  const padded = top || bottom || left || right ? padSpatial(s, x, top, bottom, left, right) : x;
  const [images, height, width] = padded.shape as [number, number, number, number];
  const [, rows, cols] = dy.shape as [number, number, number, number];
  if (rows + kh - 1 > height || cols + kw - 1 > width) return null;
  const exact = coPadded === co;
  const out = s.alloc([kh, kw, ci, coPadded], !exact);
  // Addresses last: every allocation above may have grown (and moved) the memory's buffer.
  const [xAt, dyAt, outAt] = [s.address(padded), s.address(dy), s.address(out)];
  // With channels not a multiple of four, the last pixel's vector reads past dy (lanes thrown away).
  if (dyAt + 4 * (images * rows * cols * co + coPadded - co) > memory.buffer.byteLength) {
    if (exact) s.keep(out);
    return null;
  }
  const rowStride = 4 * width * ci;
  simdRuns.filterGrad++;
  for (let r = 0; r < kh; r += tiling.rows) {
    for (let c = 0; c < ci; c += tiling.channels) {
      for (let v = 0; v < coPadded / 4; v += tiling.vectors) {
        grad(xAt + 4 * (r * width * ci + c), dyAt + 16 * v, outAt + 4 * ((r * kw * ci + c) * coPadded + 4 * v), images, rows, cols, rowStride, rowStride * height);
      }
    }
  }
  if (exact) return out;
  const result = s.alloc([kh, kw, ci, co], false);
  const from = s.view(out);
  const to = s.view(result);
  for (let p = 0; p < kh * kw * ci; p++) to.set(from.subarray(p * coPadded, p * coPadded + co), p * co);
  return result;
}

/** x [b, h, w, c] with zero rows and columns around each image, copied row by row (the backend's PadV2 loops per value). */
function padSpatial(s: Scratch, x: tf.TensorInfo, top: number, bottom: number, left: number, right: number): tf.TensorInfo {
  const [images, h, w, c] = x.shape as [number, number, number, number];
  const [hp, wp] = [h + top + bottom, w + left + right];
  const out = s.alloc([images, hp, wp, c]);
  const from = s.view(x);
  const to = s.view(out);
  to.fill(0);
  const row = w * c;
  for (let b = 0; b < images; b++) {
    for (let i = 0; i < h; i++) {
      const src = (b * h + i) * row;
      to.set(from.subarray(src, src + row), ((b * hp + i + top) * wp + left) * c);
    }
  }
  return out;
}

/**
 * Filters whose input gradient is never needed: the first convolution of a network being trained
 * (its input is the image). See `skipInputGradient`.
 */
const NO_INPUT_GRADIENT = new Set<tf.Variable>();

function inputGradientSkipped(filter: tf.TensorInfo): boolean {
  for (const v of NO_INPUT_GRADIENT) if (!v.isDisposed && v.dataId === filter.dataId) return true;
  return false;
}

/**
 * The input gradient of a 2-D convolution (NHWC, HWIO filter) through the backend's fast Conv2D,
 * replacing tfjs's wasm Conv2DBackpropInput, which is a plain loop.
 *
 * Without a stride, dx is the convolution of dy, padded by k−1−pad (given to Conv2D as explicit
 * padding rather than copied), with the filter flipped in space and its in/out channels swapped.
 * With a stride: one matrix product gives each output position's contribution to its input window
 * (dy · Wᵀ), and those windows are summed into place (col2im).
 *
 * tfjs's fused convolution computes every input's gradient, needed or not; for a filter registered
 * with `skipInputGradient` the (unused) result is zeros.
 */
const conv2dBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
  const info = convInfo('Conv2DBackpropInput', a.inputShape, filter.shape, a);
  const [b, h, w, ci] = a.inputShape;
  const [kh, kw, , co] = filter.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left, bottom, right } = info.padInfo;

  return withScratch(backend, (s) => {
    if (inputGradientSkipped(filter)) {
      const out = s.alloc(a.inputShape, false);
      s.view(out).fill(0);
      return out;
    }
    if (sh === 1 && sw === 1) {
      const flipped = s.temp('Reverse', { x: filter }, { dims: [0, 1] });
      const swapped = s.temp('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
      const pad = [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]];
      return s.call('Conv2D', { x: dy, filter: swapped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined });
    }
    const k = kh * kw * ci;
    const n = b * oh * ow;
    const dy3 = s.temp('Reshape', { x: dy }, { shape: [1, n, co] });
    const w3 = s.temp('Reshape', { x: filter }, { shape: [1, k, co] });
    const wT = s.temp('Transpose', { x: w3 }, { perm: [0, 2, 1] });
    const colsInfo = s.keep(s.matMul(dy3, wT));
    const out = s.alloc(a.inputShape, false);
    const dx = s.view(out);
    const cols = s.view(colsInfo);
    dx.fill(0);
    for (let bi = 0; bi < b; bi++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const base = ((bi * oh + y) * ow + x) * k;
          for (let i = 0; i < kh; i++) {
            const row = y * sh + i - top;
            if (row < 0 || row >= h) continue;
            for (let j = 0; j < kw; j++) {
              const col = x * sw + j - left;
              if (col < 0 || col >= w) continue;
              const src = base + (i * kw + j) * ci;
              const dst = ((bi * h + row) * w + col) * ci;
              for (let c = 0; c < ci; c++) dx[dst + c]! += cols[src + c]!;
            }
          }
        }
      }
    }
    return out;
  });
};

/**
 * Batched matrix products with a transposed operand. The backend sends those to a scalar loop;
 * transposing the operand first and using its XNNPACK path is several times faster.
 */
const batchMatMul: KernelFunc = (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const single = a.shape.length === 3 && b.shape.length === 3 && a.shape[0] === 1 && b.shape[0] === 1;
  if ((!transposeA && !transposeB) || !single) return wasmKernel('BatchMatMul')(args);
  return withScratch(args.backend, (s) => {
    const aa = transposeA ? s.temp('Transpose', { x: a }, { perm: [0, 2, 1] }) : a;
    const bb = transposeB ? s.temp('Transpose', { x: b }, { perm: [0, 2, 1] }) : b;
    return s.matMul(aa, bb);
  });
};

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function poolInfo(x: tf.TensorInfo, a: PoolAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
}

/**
 * Max-pooling's gradient: each output's gradient goes to the input the forward pass took, the first
 * in its window to hold the window's maximum (as the cpu backend decides; after a ReLU, windows of
 * equal zeros are common). One pass over the windows. (The backend's MaxPoolWithArgmax breaks such
 * ties differently, and mishandles 'same' padding at odd sizes.)
 */
const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = poolInfo(input, attrs as unknown as PoolAttrs);
  return withScratch(backend, (s) => {
    const out = s.alloc(input.shape, false);
    if (maxPoolGradSimd(s, input, dy, out, info)) return out;
    const dx = s.view(out);
    dx.fill(0);
    maxPoolBackward(s.view(input), s.view(dy), dx, input.shape, info);
    return out;
  });
};

/** 2×2 windows at stride 2, all inside the input, channels a multiple of four: the SIMD kernel. */
function maxPoolGradSimd(s: Scratch, input: tf.TensorInfo, dy: tf.TensorInfo, out: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): boolean {
  const memory = simdMemory(s);
  const [b, h, w, c] = input.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow } = info;
  const fits = info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2;
  if (!memory || !fits || info.padInfo.top !== 0 || info.padInfo.left !== 0 || c % 4 !== 0 || 2 * oh > h || 2 * ow > w || oh * ow * b === 0) return false;
  const run = compiledKernel(memory, `maxPool2x2Grad ${c}`, () => maxPool2x2GradModule(c));
  if (!run) return false;
  // An odd last row or column lies in no window.
  if (2 * oh < h || 2 * ow < w) s.view(out).fill(0);
  run(s.address(input), s.address(dy), s.address(out), b, oh, ow, 4 * w * c, 4 * h * w * c);
  simdRuns.maxPoolGrad++;
  return true;
}

/**
 * A network's first convolution (one input channel) at stride 1, with its bias and no activation or a
 * ReLU, output channels a multiple of four: on the SIMD kernel. Every other convolution on XNNPACK's.
 */
const fusedConv2d: KernelFunc = (args) => {
  const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const a = args.attrs as unknown as ConvAttrs & { dilations: [number, number] | number; activation: string };
  const [kh, kw, ci, co] = filter!.shape as [number, number, number, number];
  const dilated = Array.isArray(a.dilations) ? a.dilations.some((d) => d !== 1) : a.dilations !== 1;
  const plain = a.activation === 'linear' || a.activation === 'relu';
  // Only where the weights fit in registers (firstConvModule): a 5×5 kernel with eight outputs,
  // loading its weights on every tap, ran slower than XNNPACK.
  if (x!.dtype !== 'float32' || a.dataFormat !== 'NHWC' || ci !== 1 || co % 4 !== 0 || !firstConvFits(kh, kw, co) || dilated || !plain || preluActivationWeights || !bias || tf.util.sizeFromShape(bias.shape) !== co) {
    return wasmKernel('FusedConv2D')(args);
  }
  const info = convInfo('FusedConv2D', x!.shape, filter!.shape, a);
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return wasmKernel('FusedConv2D')(args);
  return withScratch(args.backend, (s) => {
    const memory = simdMemory(s);
    const run = memory && compiledKernel(memory, `firstConv ${kh} ${kw} ${co} ${a.activation}`, () => firstConvModule(kh, kw, co, a.activation === 'relu'));
    if (!run) return wasmKernel('FusedConv2D')(args) as tf.TensorInfo;
    const { top, bottom, left, right } = info.padInfo;
    const padded = top || bottom || left || right ? padSpatial(s, x!, top, bottom, left, right) : x!;
    const [images, height, width] = padded.shape as [number, number, number, number];
    const out = s.alloc([images, info.outHeight, info.outWidth, co], false);
    run(s.address(padded), s.address(filter!), s.address(bias), s.address(out), images, info.outHeight, info.outWidth, 4 * width, 4 * width * height);
    simdRuns.firstConv++;
    return out;
  });
};

/**
 * Sums over every axis but the last (a bias gradient: dy summed over the batch and the map), channels
 * a multiple of four, on the SIMD kernel; other sums on the backend's, which transposes first.
 */
const sum: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const c = x.shape[rank - 1] ?? 0;
  const n = tf.util.sizeFromShape(x.shape) / Math.max(1, c);
  const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading || c % 4 !== 0 || c === 0 || n === 0) return wasmKernel('Sum')(args);
  return withScratch(args.backend, (s) => {
    const memory = simdMemory(s);
    if (!memory) return wasmKernel('Sum')(args) as tf.TensorInfo;
    // One pass per SUM_CHANNELS columns, each its own module (the last may be narrower).
    const runs: [(...a: number[]) => void, number][] = [];
    for (let k = 0; k < c; k += SUM_CHANNELS) {
      const width = Math.min(SUM_CHANNELS, c - k);
      const run = compiledKernel(memory, `columnSum ${width} ${c}`, () => columnSumModule(width, c));
      if (!run) return wasmKernel('Sum')(args) as tf.TensorInfo;
      runs.push([run, k]);
    }
    const out = s.alloc(keepDims ? [...new Array<number>(rank - 1).fill(1), c] : [c], false);
    const [xAt, outAt] = [s.address(x), s.address(out)];
    for (const [run, k] of runs) run(xAt + 4 * k, outAt + 4 * k, n);
    simdRuns.sum++;
    return out;
  });
};

/** The loops of `maxPoolGrad`, kept in small functions, which V8 compiles far better than one large one. */
function maxPoolBackward(xs: Float32Array, g: Float32Array, dx: Float32Array, shape: number[], info: tf.backend_util.Conv2DInfo): void {
  const [b, h, w, c] = shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const rowStep = w * c;
  const bestOf = new Float32Array(c);
  const whereOf = new Int32Array(c);
  for (let bi = 0; bi < b; bi++) {
    for (let y = 0; y < oh; y++) {
      const r0 = Math.max(0, y * sh - top);
      const rows = Math.min(h, y * sh - top + fh) - r0;
      for (let x = 0; x < ow; x++) {
        const c0 = Math.max(0, x * sw - left);
        const cols = Math.min(w, x * sw - left + fw) - c0;
        const o = ((bi * oh + y) * ow + x) * c;
        const first = ((bi * h + r0) * w + c0) * c;
        if (rows === 2 && cols === 2) window2x2(xs, g, dx, first, o, c, rowStep);
        else if (c >= 8) windowWide(xs, g, dx, first, o, c, rowStep, rows, cols, bestOf, whereOf);
        else windowNarrow(xs, g, dx, first, o, c, rowStep, rows, cols);
      }
    }
  }
}

/** A whole 2×2 window, the commonest: its four reads unrolled, in the same order. */
function window2x2(xs: Float32Array, g: Float32Array, dx: Float32Array, first: number, o: number, c: number, rowStep: number): void {
  for (let ch = 0; ch < c; ch++) {
    const p = first + ch;
    let where = p;
    let best = xs[p]!;
    if (xs[p + c]! > best) best = xs[(where = p + c)]!;
    if (xs[p + rowStep]! > best) best = xs[(where = p + rowStep)]!;
    if (xs[p + rowStep + c]! > best) where = p + rowStep + c;
    dx[where]! += g[o + ch]!;
  }
}

/** Many channels: the window scanned once, all channels side by side (contiguous reads). */
function windowWide(xs: Float32Array, g: Float32Array, dx: Float32Array, first: number, o: number, c: number, rowStep: number, rows: number, cols: number, bestOf: Float32Array, whereOf: Int32Array): void {
  bestOf.fill(-Infinity);
  whereOf.fill(-1);
  for (let row = 0, p0 = first; row < rows; row++, p0 += rowStep) {
    for (let col = 0, p = p0; col < cols; col++, p += c) {
      for (let ch = 0; ch < c; ch++) {
        if (xs[p + ch]! > bestOf[ch]!) {
          bestOf[ch] = xs[p + ch]!;
          whereOf[ch] = p + ch;
        }
      }
    }
  }
  for (let ch = 0; ch < c; ch++) if (whereOf[ch]! >= 0) dx[whereOf[ch]!]! += g[o + ch]!;
}

/** Few channels: each channel's window scanned in turn. */
function windowNarrow(xs: Float32Array, g: Float32Array, dx: Float32Array, first: number, o: number, c: number, rowStep: number, rows: number, cols: number): void {
  for (let ch = 0; ch < c; ch++) {
    let best = -Infinity;
    let where = -1;
    for (let row = 0, p0 = first + ch; row < rows; row++, p0 += rowStep) {
      for (let col = 0, p = p0; col < cols; col++, p += c) {
        if (xs[p]! > best) {
          best = xs[p]!;
          where = p;
        }
      }
    }
    if (where >= 0) dx[where]! += g[o + ch]!;
  }
}

/** Average pooling's gradient: each output's gradient shared over its window. */
const avgPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = poolInfo(input, attrs as unknown as PoolAttrs);
  const [b, h, w, c] = input.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  // tfjs divides by the whole window, padding included, in every backend's gradient.
  const share = 1 / (fh * fw);
  return withScratch(backend, (s) => {
    const out = s.alloc(input.shape, false);
    const dx = s.view(out);
    const g = s.view(dy);
    dx.fill(0);
    for (let bi = 0; bi < b; bi++) {
      for (let y = 0; y < oh; y++) {
        const r0 = Math.max(0, y * sh - top);
        const r1 = Math.min(h, y * sh - top + fh);
        for (let x = 0; x < ow; x++) {
          const c0 = Math.max(0, x * sw - left);
          const c1 = Math.min(w, x * sw - left + fw);
          const o = ((bi * oh + y) * ow + x) * c;
          for (let row = r0; row < r1; row++) {
            for (let col = c0; col < c1; col++) {
              const p = ((bi * h + row) * w + col) * c;
              for (let ch = 0; ch < c; ch++) dx[p + ch]! += g[o + ch]! * share;
            }
          }
        }
      }
    }
    return out;
  });
};

/**
 * A slice, read in place: the backend's Slice first copies its whole input out of wasm memory, so
 * splitting a concatenation's gradient into its four Inception paths copied it four times over.
 * Float tensors up to rank 4; anything else goes to the backend's kernel.
 */
const slice: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
  if (x.dtype !== 'float32' || x.shape.length > 4 || x.shape.length === 0) return wasmKernel('Slice')(args);
  const [b, sz] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
  return withScratch(args.backend, (s) => sliceInto(s, x, b, sz));
};

function sliceInto(s: Scratch, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = s.alloc(size, false);
  const dst = s.view(out);
  const src = s.view(x);
  // As 4-D: leading axes of 1 in front.
  const pad = 4 - x.shape.length;
  const shape = [...Array<number>(pad).fill(1), ...x.shape];
  const b = [...Array<number>(pad).fill(0), ...begin];
  const n = [...Array<number>(pad).fill(1), ...size];
  const s2 = shape[3]!;
  const s1 = shape[2]! * s2;
  const s0 = shape[1]! * s1;
  const run = n[3]!;
  let o = 0;
  for (let i = b[0]!; i < b[0]! + n[0]!; i++) {
    for (let j = b[1]!; j < b[1]! + n[1]!; j++) {
      for (let k = b[2]!; k < b[2]! + n[2]!; k++) {
        const from = i * s0 + j * s1 + k * s2 + b[3]!;
        if (run >= 32) dst.set(src.subarray(from, from + run), o);
        else for (let l = 0; l < run; l++) dst[o + l] = src[from + l]!;
        o += run;
      }
    }
  }
  return out;
}

/** A split into pieces (a concatenation's gradient), each piece sliced in place as `slice` does. */
const splitV: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
  if (x.dtype !== 'float32' || x.shape.length > 4 || x.shape.length === 0) return wasmKernel('SplitV')(args);
  const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, ax);
  const s = new Scratch(args.backend as unknown as WasmBackend);
  const begin = x.shape.map(() => 0);
  return sizes.map((part) => {
    const size = [...x.shape];
    size[ax] = part;
    const piece = sliceInto(s, x, [...begin], size);
    begin[ax]! += part;
    return piece;
  });
};

/**
 * Batch normalisation's gradient, as tfjs-core computes it but with the per-channel factor broadcast
 * instead of tiled to the input's full size first (a Tile that was a quarter of a ResNet step).
 * Registered for every backend: the arithmetic is the same.
 */
const batchNormGrad: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const g = dy as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = scale ? tf.mul(g, scale) : g;
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rstd, rstd), rstd), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(dyTimesScale, rstd), x.shape),
      mean: () => reduce(tf.mul(tf.neg(rstd), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, rstd))),
      offset: () => reduce(g),
    };
  },
};

/**
 * A copy of a tensor that shares its memory, as the cpu and webgl backends make it (the wasm backend
 * copies the values). tfjs clones every tensor a gradient will need, so a training step made dozens
 * of copies; sharing also lets the input-gradient kernel recognise a saved filter as its variable.
 */
const identity: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') return wasmKernel('Identity')(args);
  (args.backend as unknown as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * Trains `model` without computing the gradient of the image it is given: the first convolution's
 * input gradient is the costliest backward step of most networks here, and nothing reads it.
 * Marks every convolution fed by the model's input through layers without weights (resizing,
 * padding). Returns a function that undoes it. Only for training: attribution needs that gradient.
 */
export function skipInputGradient(model: tf.LayersModel): () => void {
  const free = new Set<tf.SymbolicTensor>(model.inputs);
  const marked: tf.Variable[] = [];
  for (const layer of model.layers) {
    const inputs = layer.inboundNodes.flatMap((node) => node.inputTensors);
    if (inputs.length === 0 || !inputs.every((t) => free.has(t))) continue;
    const kernel = (layer as unknown as { kernel?: { read(): tf.Tensor } }).kernel;
    if (layer.trainableWeights.length === 0) {
      for (const node of layer.inboundNodes) for (const t of node.outputTensors) free.add(t);
    } else if (layer.getClassName() === 'Conv2D' && kernel) {
      const v = kernel.read() as tf.Variable;
      NO_INPUT_GRADIENT.add(v);
      marked.push(v);
    }
  }
  return () => {
    for (const v of marked) NO_INPUT_GRADIENT.delete(v);
  };
}

let registered = false;

/**
 * Registers the training kernels for the wasm backend once: the convolution filter gradient (which
 * the backend lacks), and faster input gradient, transposed matrix product and pooling gradients.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const replace = (name: string, kernelFunc: KernelFunc) => {
    const existing = tf.getKernel(name, 'wasm');
    if (existing) {
      ORIGINAL.set(name, existing.kernelFunc);
      tf.unregisterKernel(name, 'wasm');
    }
    // The backend binds its compiled functions in `setupFunc` when it starts: keep it.
    tf.registerKernel({ ...existing, kernelName: name, backendName: 'wasm', kernelFunc });
  };
  replace('Conv2DBackpropFilter', conv2dBackpropFilter);
  replace('Conv2DBackpropInput', conv2dBackpropInput);
  replace('BatchMatMul', batchMatMul);
  replace('MaxPoolGrad', maxPoolGrad);
  replace('Sum', sum);
  replace('FusedConv2D', fusedConv2d);
  replace('AvgPoolGrad', avgPoolGrad);
  replace('Identity', identity);
  replace('Slice', slice);
  replace('SplitV', splitV);
  tf.registerGradient(batchNormGrad);
}

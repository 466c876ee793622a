/*
 * WebAssembly SIMD kernels for training on tfjs's wasm backend (issue 18), where the backend's own are
 * slow for the shapes these networks have: the filter gradient of stride-1 convolutions with few
 * channels (XNNPACK computes it as a convolution whose kernel is the whole output map: VGG-11's first
 * layer spent 11.7 ms of a 138 ms step there), the bias gradient (a sum over every pixel, which the
 * backend transposes first), and 2×2 max-pooling's gradient (a JavaScript loop).
 *
 * Each module is written here byte by byte, specialised for one layer shape, and works in place in the
 * backend's own memory: it imports that memory, so nothing is copied. The page's Content-Security-
 * Policy already allows compiling WebAssembly ('wasm-unsafe-eval', for the backend's own binary);
 * nothing is fetched.
 */

/*
 * The filter gradient:
 *
 *   dW[kh, kw, ci, co] = Σ_{b,i,j} xPad[b, i + kh, j + kw, ci] · dy[b, i, j, co]
 *
 * streams once through dy and the padded input for each tile of taps, input channels and output
 * channels, keeping the tile's sums in SIMD registers: each pixel loads its four dy values once, and
 * each input value is loaded already splatted across the four lanes.
 */

/** How a layer's filter gradient is split into passes: the registers one pass keeps. */
export interface Tiling {
  /** Kernel rows per pass: all of them, or one. */
  rows: number;
  /** Input channels per pass. */
  channels: number;
  /** Output channels per pass, in vectors of four. */
  vectors: number;
}

/** The shape a generated function is specialised for. */
export interface FilterGradShape {
  kw: number;
  ci: number;
  /** Output channels rounded up to a multiple of four: the row length of the kernel's output. */
  coPadded: number;
  /** dy's real channel count: its pixel stride. */
  co: number;
}

/**
 * The tiling for a kernel of kh × kw taps, or null when one row of taps is too wide to keep in
 * registers. Measured on VGG-11's layer shapes (figures in issue 18's closing note): passes of
 * six to nine sums ran fastest; twelve spilled registers and ran up to 1.6× slower. One vector of
 * output channels per pass beat two: a dy vector costs more to load than a splatted input value.
 */
export function chooseTiling(kh: number, kw: number, ci: number): Tiling | null {
  if (kw > 12) return null;
  // A whole kernel in one pass, for one input channel at a time (the first layer's single channel;
  // wide layers, where one channel's nine sums beat a row's two channels).
  if (kh * kw <= 9 && (ci % 2 !== 0 || ci >= 16)) return { rows: kh, channels: 1, vectors: 1 };
  const channels = ci % 2 === 0 && 2 * kw <= 9 ? 2 : 1;
  return { rows: 1, channels, vectors: 1 };
}

// --- a minimal WebAssembly encoder -----------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32const: 0x41,
  i32add: 0x6a,
  i32sub: 0x6b,
  i32ne: 0x47,
} as const;
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const V128_LOAD = 0x00;
const V128_LOAD32_SPLAT = 0x09;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const F32X4_ADD = 0xe4;
const F32X4_MUL = 0xe6;
const F32X4_GT = 0x44;
/** pmax(a, b) = a < b ? b : a: with b = 0, exactly a ReLU (NaN and −0 kept). */
const F32X4_PMAX = 0xeb;
const V128_NOT = 0x4d;
const V128_AND = 0x4e;
const V128_ANDNOT = 0x4f;
const V128_OR = 0x50;
const V128_BITSELECT = 0x52;
/** A memory operand: alignment (log2 bytes) and a constant offset. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

/**
 * `run(x, dy, out, images, rows, cols, rowStride, imageStride)` for one tiling and
 * shape: all byte addresses into memory, already offset to the pass's first kernel row, input channel
 * and output channel. `x` is the padded input, `rows` × `cols` dy's map, `rowStride` and `imageStride`
 * the padded input's in bytes.
 */
export function filterGradModule(t: Tiling, s: FilterGradShape): Uint8Array {
  // Parameters 0–7; then counters and pointers; then the sums and dy's vectors.
  const [X, DY, OUT, IMAGES, ROWS, COLS, ROW_STRIDE, IMAGE_STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [B, I, J, X_IMAGE, X_ROW] = [8, 9, 10, 11, 12];
  const TAP_ROW = 13; // t.rows locals: where each kernel row's input pixel starts
  const V0 = TAP_ROW + t.rows;
  const sumCount = t.rows * s.kw * t.channels * t.vectors;
  const D0 = V0 + sumCount;
  const sum = (r: number, k: number, c: number, v: number) => V0 + ((r * s.kw + k) * t.channels + c) * t.vectors + v;
  const f = new Body();
  for (let v = 0; v < sumCount; v++) f.emit(simd(V128_CONST), new Array(16).fill(0), op.set, V0 + v);
  f.copy(X_IMAGE, X);
  f.repeat(B, IMAGES, () => {
    f.copy(X_ROW, X_IMAGE);
    f.repeat(I, ROWS, () => {
      f.copy(TAP_ROW, X_ROW);
      for (let r = 1; r < t.rows; r++) f.copy(TAP_ROW + r, TAP_ROW + r - 1).addLocal(TAP_ROW + r, ROW_STRIDE);
      f.repeat(J, COLS, () => {
        for (let v = 0; v < t.vectors; v++) f.emit(op.get, DY, simd(V128_LOAD), memarg(0, 16 * v), op.set, D0 + v);
        for (let r = 0; r < t.rows; r++) {
          for (let k = 0; k < s.kw; k++) {
            for (let c = 0; c < t.channels; c++) {
              for (let v = 0; v < t.vectors; v++) {
                f.emit(op.get, sum(r, k, c, v));
                f.emit(op.get, TAP_ROW + r, simd(V128_LOAD32_SPLAT), memarg(2, 4 * (k * s.ci + c)));
                f.emit(op.get, D0 + v, simd(F32X4_MUL), simd(F32X4_ADD), op.set, sum(r, k, c, v));
              }
            }
          }
        }
        f.addConst(DY, 4 * s.co);
        for (let r = 0; r < t.rows; r++) f.addConst(TAP_ROW + r, 4 * s.ci);
      });
      f.addLocal(X_ROW, ROW_STRIDE);
    });
    f.addLocal(X_IMAGE, IMAGE_STRIDE);
  });
  for (let r = 0; r < t.rows; r++) {
    for (let k = 0; k < s.kw; k++) {
      for (let c = 0; c < t.channels; c++) {
        for (let v = 0; v < t.vectors; v++) {
          const offset = 4 * (((r * s.kw + k) * s.ci + c) * s.coPadded + 4 * v);
          f.emit(op.get, OUT, op.get, sum(r, k, c, v), simd(V128_STORE), memarg(0, offset));
        }
      }
    }
  }
  f.emit(op.end);
  const body = f.bytes;
  return moduleOf(8, 5 + t.rows, sumCount + t.vectors, body);
}

/**
 * A module importing `env.memory` and exporting `run`, a function of `params` i32 parameters with
 * `i32s` more i32 locals and `v128s` v128 locals (in that order), whose body is `body`.
 */
function moduleOf(params: number, i32s: number, v128s: number, body: number[]): Uint8Array {
  const locals = [
    [...uleb(i32s), I32],
    [...uleb(v128s), V128],
  ];
  const code = [...vec(locals), ...body];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array(params).fill([I32])), 0x00]])), // type: params × i32 → ()
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])), // import memory (min 1 page)
    ...section(3, vec([[0x00]])), // one function of type 0
    ...section(7, vec([[...name('run'), 0x00, 0x00]])), // export it
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

/** Emits bytes into a function body, with the loop and pointer idioms the kernels share. */
class Body {
  readonly bytes: number[] = [];
  emit(...parts: (number | number[])[]): this {
    for (const p of parts) {
      if (Array.isArray(p)) this.bytes.push(...p);
      else this.bytes.push(p);
    }
    return this;
  }
  /** local += constant */
  addConst(local: number, n: number): this {
    return this.emit(op.get, local, op.i32const, ...sleb(n), op.i32add, op.set, local);
  }
  /** local += other local */
  addLocal(local: number, other: number): this {
    return this.emit(op.get, local, op.get, other, op.i32add, op.set, local);
  }
  copy(to: number, from: number): this {
    return this.emit(op.get, from, op.set, to);
  }
  /** A loop that runs `count` (a local, ≥ 1) times, counting `counter` down. */
  repeat(counter: number, count: number, inner: () => void): this {
    this.emit(op.get, count, op.set, counter, op.loop, 0x40);
    inner();
    return this.emit(op.get, counter, op.i32const, 1, op.i32sub, op.tee, counter, op.i32const, 0, op.i32ne, op.brIf, 0, op.end);
  }
}

/*
 * The bias gradient: the sum of dy [n, c] over its n pixels, c a multiple of four, in passes of up to
 * eight vectors of channels.
 */

/** The most channels one pass of the sum keeps in registers. */
export const SUM_CHANNELS = 32;

/** `run(x, out, n)`: out[0 … width) = Σ_p x[p, 0 … width), reading rows of `stride` floats. */
export function columnSumModule(width: number, stride: number): Uint8Array {
  const [X, OUT, N] = [0, 1, 2];
  const P = 3;
  const V0 = 4;
  const vectors = width / 4;
  const f = new Body();
  for (let v = 0; v < vectors; v++) f.emit(simd(V128_CONST), new Array(16).fill(0), op.set, V0 + v);
  f.repeat(P, N, () => {
    for (let v = 0; v < vectors; v++) f.emit(op.get, V0 + v, op.get, X, simd(V128_LOAD), memarg(0, 16 * v), simd(F32X4_ADD), op.set, V0 + v);
    f.addConst(X, 4 * stride);
  });
  for (let v = 0; v < vectors; v++) f.emit(op.get, OUT, op.get, V0 + v, simd(V128_STORE), memarg(0, 16 * v));
  f.emit(op.end);
  return moduleOf(3, 1, vectors, f.bytes);
}

/*
 * Max-pooling's gradient for 2×2 windows at stride 2 that all lie inside the input, c a multiple of
 * four: each output's gradient goes to the first input in its window (row by row) holding the window's
 * maximum, as the cpu backend decides (after a ReLU, windows of equal zeros are common); the other
 * three get zero. Four channels at a time; each input is written once.
 */

/**
 * `run(x, g, dx, images, outRows, outCols, rowStride, imageStride)`: x and dx [images, h, w, c]
 * (strides in bytes), g [images, outRows, outCols, c].
 */
export function maxPool2x2GradModule(c: number): Uint8Array {
  const [X, G, DX, IMAGES, ROWS, COLS, ROW_STRIDE, IMAGE_STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [B, I, J, X_IMAGE, X_ROW, P, Q, SHIFT] = [8, 9, 10, 11, 12, 13, 14, 15];
  // v128 locals: the window's four inputs, the running maximum, the three "greater" masks, the gradient.
  const [A, BB, C, D, BEST, MB, MC, MD, GV] = [16, 17, 18, 19, 20, 21, 22, 23, 24];
  const f = new Body();
  // dx's address minus x's: the same offset into both.
  f.emit(op.get, DX, op.get, X, op.i32sub, op.set, SHIFT);
  f.copy(X_IMAGE, X);
  f.repeat(B, IMAGES, () => {
    f.copy(X_ROW, X_IMAGE);
    f.repeat(I, ROWS, () => {
      f.copy(P, X_ROW).copy(Q, X_ROW).addLocal(Q, ROW_STRIDE);
      f.repeat(J, COLS, () => {
        for (let v = 0; v < c / 4; v++) {
          const o = 16 * v;
          f.emit(op.get, P, simd(V128_LOAD), memarg(0, o), op.tee, A, op.set, BEST);
          f.emit(op.get, P, simd(V128_LOAD), memarg(0, o + 4 * c), op.set, BB);
          f.emit(op.get, Q, simd(V128_LOAD), memarg(0, o), op.set, C);
          f.emit(op.get, Q, simd(V128_LOAD), memarg(0, o + 4 * c), op.set, D);
          f.emit(op.get, G, simd(V128_LOAD), memarg(0, o), op.set, GV);
          // best = b where b > best; then c; then d (strictly greater: the first maximum wins).
          for (const [value, mask] of [
            [BB, MB],
            [C, MC],
          ] as const) {
            f.emit(op.get, value, op.get, BEST, simd(F32X4_GT), op.set, mask);
            f.emit(op.get, value, op.get, BEST, op.get, mask, simd(V128_BITSELECT), op.set, BEST);
          }
          f.emit(op.get, D, op.get, BEST, simd(F32X4_GT), op.set, MD);
          // d wins where MD; c where MC and not MD; b where MB and neither; a where none.
          const store = (base: number, offset: number, mask: () => void) => {
            f.emit(op.get, base, op.get, SHIFT, op.i32add, op.get, GV);
            mask();
            f.emit(simd(V128_AND), simd(V128_STORE), memarg(0, offset));
          };
          store(Q, o + 4 * c, () => f.emit(op.get, MD));
          store(Q, o, () => f.emit(op.get, MC, op.get, MD, simd(V128_ANDNOT)));
          store(P, o + 4 * c, () => f.emit(op.get, MB, op.get, MC, op.get, MD, simd(V128_OR), simd(V128_ANDNOT)));
          store(P, o, () => f.emit(op.get, MB, op.get, MC, simd(V128_OR), op.get, MD, simd(V128_OR), simd(V128_NOT)));
        }
        f.addConst(P, 8 * c).addConst(Q, 8 * c).addConst(G, 4 * c);
      });
      f.addLocal(X_ROW, ROW_STRIDE).addLocal(X_ROW, ROW_STRIDE);
    });
    f.addLocal(X_IMAGE, IMAGE_STRIDE);
  });
  f.emit(op.end);
  return moduleOf(8, 8, 9, f.bytes);
}

/*
 * The forward convolution of a one-channel input (a network's first layer) at stride 1, c output
 * channels a multiple of four, with its bias and optionally a ReLU: XNNPACK ran VGG-11's 84×84 first
 * layer at a third of its speed on wider layers. Per pixel, each tap's input value is loaded splatted
 * and multiplied into every vector of output channels; the weights stay in registers when they fit.
 */

/** Whether a kh × kw first convolution with c output channels keeps its weights in registers. */
export const firstConvFits = (kh: number, kw: number, c: number): boolean => (kh * kw * c) / 4 <= 9;

/** `run(x, w, bias, y, images, rows, cols, rowStride, imageStride)`: x padded [images, h, w, 1]. */
export function firstConvModule(kh: number, kw: number, c: number, relu: boolean): Uint8Array {
  const [X, W, BIAS, Y, IMAGES, ROWS, COLS, ROW_STRIDE, IMAGE_STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [B, I, J, X_IMAGE, X_ROW] = [9, 10, 11, 12, 13];
  const TAP_ROW = 14; // kh locals
  const vectors = c / 4;
  // The weights stay in registers: loading them on every tap ran slower than XNNPACK.
  if (!firstConvFits(kh, kw, c)) throw new Error(`A ${kh}×${kw} first convolution with ${c} channels has too many weights to hold`);
  const V0 = TAP_ROW + kh; // sums, then the splatted input, then the weights
  const SPLAT = V0 + vectors;
  const W0 = SPLAT + 1;
  const f = new Body();
  for (let t = 0; t < kh * kw * vectors; t++) f.emit(op.get, W, simd(V128_LOAD), memarg(0, 16 * t), op.set, W0 + t);
  f.copy(X_IMAGE, X);
  f.repeat(B, IMAGES, () => {
    f.copy(X_ROW, X_IMAGE);
    f.repeat(I, ROWS, () => {
      f.copy(TAP_ROW, X_ROW);
      for (let r = 1; r < kh; r++) f.copy(TAP_ROW + r, TAP_ROW + r - 1).addLocal(TAP_ROW + r, ROW_STRIDE);
      f.repeat(J, COLS, () => {
        for (let v = 0; v < vectors; v++) f.emit(op.get, BIAS, simd(V128_LOAD), memarg(0, 16 * v), op.set, V0 + v);
        for (let r = 0; r < kh; r++) {
          for (let k = 0; k < kw; k++) {
            f.emit(op.get, TAP_ROW + r, simd(V128_LOAD32_SPLAT), memarg(2, 4 * k), op.set, SPLAT);
            for (let v = 0; v < vectors; v++) {
              const t = (r * kw + k) * vectors + v;
              f.emit(op.get, V0 + v, op.get, SPLAT, op.get, W0 + t, simd(F32X4_MUL), simd(F32X4_ADD), op.set, V0 + v);
            }
          }
        }
        for (let v = 0; v < vectors; v++) {
          f.emit(op.get, Y, op.get, V0 + v);
          if (relu) f.emit(simd(V128_CONST), new Array(16).fill(0), simd(F32X4_PMAX));
          f.emit(simd(V128_STORE), memarg(0, 16 * v));
        }
        f.addConst(Y, 4 * c);
        for (let r = 0; r < kh; r++) f.addConst(TAP_ROW + r, 4);
      });
      f.addLocal(X_ROW, ROW_STRIDE);
    });
    f.addLocal(X_IMAGE, IMAGE_STRIDE);
  });
  f.emit(op.end);
  return moduleOf(9, 5 + kh, vectors + 1 + kh * kw * vectors, f.bytes);
}

/** Compiled kernels, per backend memory (a module is bound to the memory it imports). */
const compiled = new WeakMap<WebAssembly.Memory, Map<string, ((...args: number[]) => void) | null>>();

/**
 * The compiled `run` of a module in this memory, or null where it cannot be built (no SIMD, or a page
 * that may not compile WebAssembly synchronously): the caller falls back to the backend's kernels.
 */
export function compiledKernel(memory: WebAssembly.Memory, key: string, build: () => Uint8Array): ((...args: number[]) => void) | null {
  let forMemory = compiled.get(memory);
  if (!forMemory) compiled.set(memory, (forMemory = new Map()));
  if (!forMemory.has(key)) {
    let run: ((...args: number[]) => void) | null;
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(build() as BufferSource), { env: { memory } });
      run = instance.exports.run as (...args: number[]) => void;
    } catch {
      run = null;
    }
    forMemory.set(key, run);
  }
  return forMemory.get(key)!;
}

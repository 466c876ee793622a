import * as tf from '@tensorflow/tfjs';
import { yieldToPage } from './probe';
import { MNIST_SIZE } from './preprocess';
import { seededRandom } from './random';

/**
 * Why a network answered as it did (issue 16): five attribution methods, each a 28×28 map over the
 * digit the network sees, toward one class (the answer, or any digit the person picks).
 *
 * - gradient: ∂ score / ∂ pixel, the class's logit (Simonyan et al. 2014);
 * - SmoothGrad: the gradient averaged over noisy copies of the digit (Smilkov et al. 2017);
 * - Integrated Gradients: the gradient averaged along the straight path from the empty digit to
 *   this one, times the pixel (Sundararajan et al. 2017); its values add up to the logit's change;
 * - Grad-CAM: a convolutional layer's maps weighted by their mean gradient, ReLU'd, scaled up to
 *   the digit (Selvaraju et al. 2017);
 * - occlusion: how much the class's probability drops when a square patch of the digit is blanked
 *   (Zeiler & Fergus 2014).
 *
 * Scores are logits (before the softmax), except occlusion, which reads probabilities.
 * Every function frees what it makes; the maps are plain arrays.
 */
export type AttributionMethod = 'gradient' | 'smoothgrad' | 'ig' | 'gradcam' | 'occlusion';

export const ATTRIBUTION_METHODS: readonly AttributionMethod[] = ['gradient', 'smoothgrad', 'ig', 'gradcam', 'occlusion'];

export interface Attribution {
  method: AttributionMethod;
  /** The class it explains. */
  cls: number;
  /** 784 values over the 28×28 digit, row-major. */
  map: Float32Array;
  /** How it was computed this time, e.g. "32 noisy copies" or "b5, 2×2 maps". */
  detail: string;
  /** Wall time of the computation, ms. */
  ms: number;
}

export interface RunOptions {
  /** Checked between batches: a newer drawing makes this run moot. */
  cancelled?: () => boolean;
  /** Give the page's thread back between batches (in the app). */
  yieldBetween?: boolean;
}

export class Cancelled extends Error {
  constructor() {
    super('superseded');
  }
}

const N = MNIST_SIZE * MNIST_SIZE;

async function pause(opts: RunOptions): Promise<void> {
  if (opts.yieldBetween) await yieldToPage();
  if (opts.cancelled?.()) throw new Cancelled();
}

/** The class's logit for each digit of a batch [n, 28, 28, 1] → [n]. */
export function classScore(model: tf.LayersModel, x: tf.Tensor4D, cls: number): tf.Tensor1D {
  const logits = model.apply(x, { training: false }) as tf.Tensor2D;
  return tf.squeeze(tf.slice(logits, [0, cls], [-1, 1]), [1]) as tf.Tensor1D;
}

/** ∂ (sum of the batch's class scores) / ∂ x: each digit's own gradient (the digits do not interact at inference). */
function batchGradients(model: tf.LayersModel, x: tf.Tensor4D, cls: number): tf.Tensor4D {
  return tf.grad((input: tf.Tensor) => tf.sum(classScore(model, input as tf.Tensor4D, cls)))(x) as tf.Tensor4D;
}

const digitTensor = (digit: Float32Array, n = 1) => (n === 1 ? tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1]) : tf.tile(tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1]), [n, 1, 1, 1]));

/** Gradient saliency: ∂ logit / ∂ pixel. */
export async function gradientMap(model: tf.LayersModel, digit: Float32Array, cls: number): Promise<Attribution> {
  const start = performance.now();
  const g = tf.tidy(() => batchGradients(model, digitTensor(digit) as tf.Tensor4D, cls).reshape([N]));
  const map = (await g.data()) as Float32Array;
  g.dispose();
  return { method: 'gradient', cls, map, detail: 'one backward pass', ms: performance.now() - start };
}

export interface SmoothGradOptions extends RunOptions {
  samples: number;
  /** Noise, as a fraction of the pixel range [0, 1] (the paper's 10–20%). */
  sigma?: number;
  seed?: number;
  batch?: number;
}

/** Box–Muller normals from a seeded uniform source. */
function normals(n: number, rand: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** SmoothGrad: the gradient averaged over `samples` copies of the digit with Gaussian noise added. */
export async function smoothGradMap(model: tf.LayersModel, digit: Float32Array, cls: number, opts: SmoothGradOptions): Promise<Attribution> {
  const start = performance.now();
  const sigma = opts.sigma ?? 0.15;
  const batch = opts.batch ?? 8;
  const rand = seededRandom(opts.seed ?? 7);
  const sum = new Float32Array(N);
  for (let done = 0; done < opts.samples; done += batch) {
    const n = Math.min(batch, opts.samples - done);
    const noise = normals(n * N, rand);
    const g = tf.tidy(() => {
      const x = tf.add(digitTensor(digit, n), tf.mul(tf.tensor4d(noise, [n, MNIST_SIZE, MNIST_SIZE, 1]), sigma)) as tf.Tensor4D;
      return tf.sum(batchGradients(model, x, cls), 0).reshape([N]);
    });
    const part = (await g.data()) as Float32Array;
    g.dispose();
    for (let i = 0; i < N; i++) sum[i]! += part[i]!;
    await pause(opts);
  }
  for (let i = 0; i < N; i++) sum[i]! /= opts.samples;
  return { method: 'smoothgrad', cls, map: sum, detail: `${opts.samples} noisy copies, σ ${Math.round(sigma * 100)}%`, ms: performance.now() - start };
}

export interface IgOptions extends RunOptions {
  steps: number;
  batch?: number;
}

export interface IgResult extends Attribution {
  /** f(x) − f(baseline): what the attributions should add up to (completeness). */
  delta: number;
  /** What they add up to. */
  total: number;
}

/**
 * Integrated Gradients from the empty digit (all zeros, the pad's background): the gradient at
 * `steps` points along the straight path (midpoints of equal steps), averaged, times the digit.
 */
export async function integratedGradientsMap(model: tf.LayersModel, digit: Float32Array, cls: number, opts: IgOptions): Promise<IgResult> {
  const start = performance.now();
  const batch = opts.batch ?? 8;
  const sum = new Float32Array(N);
  for (let done = 0; done < opts.steps; done += batch) {
    const n = Math.min(batch, opts.steps - done);
    const alphas = Float32Array.from({ length: n }, (_, i) => (done + i + 0.5) / opts.steps);
    const g = tf.tidy(() => {
      const x = tf.mul(digitTensor(digit, n), tf.tensor4d(alphas, [n, 1, 1, 1])) as tf.Tensor4D;
      return tf.sum(batchGradients(model, x, cls), 0).reshape([N]);
    });
    const part = (await g.data()) as Float32Array;
    g.dispose();
    for (let i = 0; i < N; i++) sum[i]! += part[i]!;
    await pause(opts);
  }
  let total = 0;
  for (let i = 0; i < N; i++) {
    sum[i] = (sum[i]! / opts.steps) * digit[i]!;
    total += sum[i]!;
  }
  const ends = tf.tidy(() => classScore(model, tf.concat([digitTensor(digit), tf.zeros([1, MNIST_SIZE, MNIST_SIZE, 1])]) as tf.Tensor4D, cls));
  const [fx, f0] = Array.from(await ends.data());
  ends.dispose();
  return { method: 'ig', cls, map: sum, detail: `${opts.steps} steps from the empty digit`, ms: performance.now() - start, delta: fx! - f0!, total };
}

/**
 * Runs the model's layers (in their topological order) on what is already known (`known`, by layer
 * name), computing every layer whose inputs are all known. Returns the final output, or null when it
 * cannot be reached (a layer downstream needs something upstream of what was given).
 */
export function runFrom(model: tf.LayersModel, known: Map<string, tf.Tensor>): tf.Tensor | null {
  const outName = model.outputLayers[0]!.name;
  for (const layer of model.layers) {
    if (known.has(layer.name)) continue;
    const inbound = layer.inboundNodes[0]!.inboundLayers;
    if (inbound.length === 0 || !inbound.every((l) => known.has(l.name))) continue;
    const ins = inbound.map((l) => known.get(l.name)!);
    known.set(layer.name, layer.apply(ins.length === 1 ? ins[0]! : ins, { training: false }) as tf.Tensor);
  }
  return known.get(outName) ?? null;
}

/** Layers that only reshape or pass data on (padding, upscaling, dropout, the flatten's transpose). */
const PASS_THROUGH = new Set(['ZeroPadding2D', 'UpSampling2D', 'Dropout', 'Permute', 'Flatten', 'InputLayer']);

/**
 * The layers at which the network can be cut in two for Grad-CAM: those with spatial maps through
 * which everything downstream flows (a stage's or block's output, not a layer inside a residual
 * block or an Inception path), in data-flow order.
 */
export function camLayers(model: tf.LayersModel): string[] {
  const index = new Map(model.layers.map((l, i) => [l.name, i]));
  const out: string[] = [];
  model.layers.forEach((layer, at) => {
    const shape = layer.outputShape as number[];
    if (PASS_THROUGH.has(layer.getClassName()) || shape.length !== 4 || (shape[1] ?? 0) < 2) return;
    // A clean cut: no layer after it reads a layer before it.
    const crosses = model.layers.slice(at + 1).some((l) => l.inboundNodes[0]!.inboundLayers.some((src) => index.get(src.name)! < at));
    if (!crosses) out.push(layer.name);
  });
  return out;
}

/** Grad-CAM's layer unless one is picked: the last convolutional stage's output (not a pooling of it), as the paper does. */
export function defaultCamLayer(model: tf.LayersModel, cuts: string[] = camLayers(model)): string {
  const unpooled = cuts.filter((name) => !/Pooling2D$/.test(model.getLayer(name).getClassName()));
  return unpooled.at(-1) ?? cuts.at(-1)!;
}

export interface GradCamResult extends Attribution {
  layer: string;
  /** The layer's own map (its height × width), before scaling to the digit. */
  cam: Float32Array;
  camShape: [number, number];
}

/**
 * Grad-CAM at `layer` (a name from `camLayers`): ReLU(Σ_k α_k A_k), α_k the mean of ∂ logit / ∂ A_k
 * over the map, scaled bilinearly to 28×28 (the layer's maps cover the whole, possibly upscaled, input).
 */
export async function gradCamMap(model: tf.LayersModel, digit: Float32Array, cls: number, layer: string): Promise<GradCamResult> {
  const start = performance.now();
  const input = model.inputLayers[0]!.name;
  const [camT, mapT] = tf.tidy(() => {
    const known = new Map<string, tf.Tensor>([[input, digitTensor(digit)]]);
    runFrom(model, known);
    const a = known.get(layer);
    if (!a) throw new Error(`Grad-CAM: no layer ${layer}`);
    const g = tf.grad((act: tf.Tensor) => {
      const out = runFrom(model, new Map([[layer, act]]));
      if (!out) throw new Error(`Grad-CAM: ${layer} is not a clean cut of the network`);
      return tf.sum(tf.slice(out, [0, cls], [-1, 1]));
    })(a) as tf.Tensor4D;
    const alpha = tf.mean(g, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(a, alpha), 3, true)) as tf.Tensor4D;
    const up = tf.image.resizeBilinear(cam, [MNIST_SIZE, MNIST_SIZE], true);
    return [cam.reshape([-1]), up.reshape([N])];
  });
  const [cam, map] = await Promise.all([camT.data(), mapT.data()]);
  const shape = (model.getLayer(layer).outputShape as number[]).slice(1, 3) as [number, number];
  camT.dispose();
  mapT.dispose();
  return { method: 'gradcam', cls, map: map as Float32Array, detail: `${shortName(layer)}, ${shape[0]}×${shape[1]} maps`, ms: performance.now() - start, layer, cam: cam as Float32Array, camShape: shape };
}

const shortName = (layer: string) => layer.split('/').slice(1).join('/') || layer;

export interface OcclusionOptions extends RunOptions {
  patch: number;
  stride: number;
  batch?: number;
}

/**
 * Occlusion: the class's probability with the digit as drawn, minus with a `patch`×`patch` square
 * blanked, for each position at `stride`; each pixel gets the mean drop of the patches covering it.
 */
export async function occlusionMap(model: tf.LayersModel, digit: Float32Array, cls: number, opts: OcclusionOptions): Promise<Attribution> {
  const start = performance.now();
  const batch = opts.batch ?? 16;
  const starts: number[] = [];
  for (let s = 0; s + opts.patch <= MNIST_SIZE; s += opts.stride) starts.push(s);
  if (starts.at(-1)! + opts.patch < MNIST_SIZE) starts.push(MNIST_SIZE - opts.patch);
  const spots = starts.flatMap((y) => starts.map((x) => [y, x] as const));
  const base = tf.tidy(() => tf.softmax(model.apply(digitTensor(digit), { training: false }) as tf.Tensor2D).slice([0, cls], [1, 1]));
  const p0 = (await base.data())[0]!;
  base.dispose();
  const drop = new Float32Array(N);
  const count = new Float32Array(N);
  for (let done = 0; done < spots.length; done += batch) {
    const part = spots.slice(done, done + batch);
    const inputs = new Float32Array(part.length * N);
    part.forEach(([y0, x0], k) => {
      inputs.set(digit, k * N);
      for (let y = y0; y < y0 + opts.patch; y++) inputs.fill(0, k * N + y * MNIST_SIZE + x0, k * N + y * MNIST_SIZE + x0 + opts.patch);
    });
    const probs = tf.tidy(() => tf.softmax(model.apply(tf.tensor4d(inputs, [part.length, MNIST_SIZE, MNIST_SIZE, 1]), { training: false }) as tf.Tensor2D).slice([0, cls], [-1, 1]));
    const p = (await probs.data()) as Float32Array;
    probs.dispose();
    part.forEach(([y0, x0], k) => {
      for (let y = y0; y < y0 + opts.patch; y++) {
        for (let x = x0; x < x0 + opts.patch; x++) {
          drop[y * MNIST_SIZE + x]! += p0 - p[k]!;
          count[y * MNIST_SIZE + x]! += 1;
        }
      }
    });
    await pause(opts);
  }
  for (let i = 0; i < N; i++) drop[i] = count[i] ? drop[i]! / count[i]! : 0;
  return { method: 'occlusion', cls, map: drop, detail: `${opts.patch}×${opts.patch} patch every ${opts.stride} px (${spots.length} runs)`, ms: performance.now() - start };
}

/** Spearman's rank correlation of two maps (ties get their mean rank). */
export function rankCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i]! - v[j]!);
    const r = new Float64Array(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
      for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : 0;
}

/** Where a map's mass sits: the centre of its absolute values, in pixels (x, y). */
export function massCentre(map: ArrayLike<number>): [number, number] {
  let sx = 0;
  let sy = 0;
  let s = 0;
  for (let i = 0; i < N; i++) {
    const v = Math.abs(map[i]!);
    sx += v * (i % MNIST_SIZE);
    sy += v * Math.floor(i / MNIST_SIZE);
    s += v;
  }
  return s ? [sx / s, sy / s] : [MNIST_SIZE / 2, MNIST_SIZE / 2];
}

/** Below this rank correlation with the trained network's map, a method passes the randomisation check. */
export const SANITY_THRESHOLD = 0.5;

/**
 * The model-randomisation sanity check (Adebayo et al. 2018): the last `count` layers with weights
 * (convolutions and dense layers, from the output back) get fresh Glorot-uniform weights from a
 * seeded source, biases zero. A method whose map barely changes is not explaining the network.
 */
export function randomiseTop(model: tf.LayersModel, count = 3, seed = 2018): string[] {
  const rand = seededRandom(seed);
  const layers = model.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName())).slice(-count);
  for (const layer of layers) {
    const weights = layer.getWeights();
    const fresh = weights.map((w, i) => {
      if (i > 0) return tf.zerosLike(w);
      const shape = w.shape;
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const fanOut = shape.length === 4 ? shape[0]! * shape[1]! * shape[3]! : shape.at(-1)!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.tensor(Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * limit), shape);
    });
    layer.setWeights(fresh);
    fresh.forEach((t) => t.dispose());
  }
  return layers.map((l) => l.name);
}

/**
 * Each method's passes: a first result fast, then better ones (more noisy copies, more steps, a
 * finer patch grid), each replacing the last. The cheap methods have one pass.
 */
export function methodPasses(method: AttributionMethod, model: tf.LayersModel, digit: Float32Array, cls: number, layer: string | null, opts: RunOptions): (() => Promise<Attribution>)[] {
  switch (method) {
    case 'gradient':
      return [() => gradientMap(model, digit, cls)];
    case 'gradcam':
      return [() => gradCamMap(model, digit, cls, layer ?? defaultCamLayer(model))];
    case 'smoothgrad':
      return [8, 32].map((samples) => () => smoothGradMap(model, digit, cls, { samples, ...opts }));
    case 'ig':
      return [16, 64].map((steps) => () => integratedGradientsMap(model, digit, cls, { steps, ...opts }));
    case 'occlusion':
      return [
        { patch: 7, stride: 7 },
        { patch: 6, stride: 2 },
      ].map((o) => () => occlusionMap(model, digit, cls, { ...o, ...opts }));
  }
}


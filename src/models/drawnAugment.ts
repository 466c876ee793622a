/**
 * Digits as the pad draws them, for training and for measuring: pen paths (from a digit's skeleton,
 * skeleton.ts, or written by hand) placed on the pad at a person's size, bent the way a hand moving a
 * mouse bends them, and painted with the pad's brush (strokeRender.ts). Also Simard et al.'s (2003)
 * elastic distortion of a 28×28 bitmap. All images are row-major Float32Array, white ink on black.
 */
import { seededRandom } from './random';
import { resample, type SkeletonOptions } from './skeleton';
import { PEN_WIDTH, RENDER_SIZE, strokesToMnist, type Point, type Stroke } from './strokeRender';

/** How far a drawing may differ from its source: mouse-like affine changes, wobble and pen. */
export interface DrawVariation {
  /** Largest rotation in degrees, either way. */
  maxRotationDeg: number;
  /** Largest shear (x += shear·y), either way. */
  maxShear: number;
  /** Width-to-height change drawn from [minAspect, maxAspect] (x is scaled by it). */
  minAspect: number;
  maxAspect: number;
  /** Largest smooth wobble of the pen path, as a fraction of the digit's size. */
  wobble: number;
  /** The digit's longer side on the pad, in pad units, drawn from [minSize, maxSize]. */
  minSize: number;
  maxSize: number;
  /** Pen width as a multiple of the pad's, drawn from [minPen, maxPen] (1, 1: the pad's own pen). */
  minPen: number;
  maxPen: number;
}

/** No change: the paths as given, at the pad's pen, at one size. */
export const NO_VARIATION: DrawVariation = {
  maxRotationDeg: 0,
  maxShear: 0,
  minAspect: 1,
  maxAspect: 1,
  wobble: 0,
  minSize: 0.55,
  maxSize: 0.55,
  minPen: 1,
  maxPen: 1,
};

/** What drawing with a mouse or finger on the pad does to a digit: the hand-written set's spread. */
export const MOUSE_VARIATION: DrawVariation = {
  maxRotationDeg: 12,
  maxShear: 0.25,
  minAspect: 0.8,
  maxAspect: 1.2,
  wobble: 0.03,
  minSize: 0.35,
  maxSize: 0.8,
  minPen: 1,
  maxPen: 1,
};

/**
 * Spacing of the samples of a path placed on the pad (pad units): pointer events at 60–120 Hz on a
 * pen moving a few hundred pixels a second over the 280-pixel pad come 4–8 pixels (0.015–0.03) apart.
 */
export const SAMPLE_STEP = 0.015;

function bounds(paths: readonly (readonly Point[])[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of paths) {
    for (const [x, y] of p) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return [x0, y0, x1, y1];
}

/**
 * Places paths (any units) on the pad, bent by one random draw of `v`: rotated, sheared, stretched,
 * wobbled, scaled so the longer side is the drawn size, centred, and sampled every `SAMPLE_STEP`.
 * Returns the strokes and the pen-width multiple drawn.
 */
export function drawOnPad(paths: readonly (readonly Point[])[], rand: () => number, v: DrawVariation): { strokes: Stroke[]; pen: number } {
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const [bx0, by0, bx1, by1] = bounds(paths);
  const cx = (bx0 + bx1) / 2;
  const cy = (by0 + by1) / 2;
  const extent = Math.max(bx1 - bx0, by1 - by0, 1e-6);
  const angle = (uniform(-1, 1) * v.maxRotationDeg * Math.PI) / 180;
  const shear = uniform(-1, 1) * v.maxShear;
  const aspect = uniform(v.minAspect, v.maxAspect);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // A smooth wobble: two sinusoids per axis, about one wave across the digit.
  const waves = Array.from({ length: 4 }, () => ({
    fx: uniform(-1.5, 1.5), fy: uniform(-1.5, 1.5), phase: uniform(0, 2 * Math.PI), amp: uniform(-1, 1) * v.wobble,
  }));
  const bent = paths.map((p) =>
    p.map(([x, y]): Point => {
      let u = (x - cx) / extent;
      let w = (y - cy) / extent;
      const du = waves[0]!.amp * Math.sin(2 * Math.PI * (waves[0]!.fx * u + waves[0]!.fy * w) + waves[0]!.phase) +
        waves[1]!.amp * Math.sin(2 * Math.PI * (waves[1]!.fx * u + waves[1]!.fy * w) + waves[1]!.phase);
      const dw = waves[2]!.amp * Math.sin(2 * Math.PI * (waves[2]!.fx * u + waves[2]!.fy * w) + waves[2]!.phase) +
        waves[3]!.amp * Math.sin(2 * Math.PI * (waves[3]!.fx * u + waves[3]!.fy * w) + waves[3]!.phase);
      u = (u + du + shear * (w + dw)) * aspect;
      w += dw;
      return [cos * u - sin * w, sin * u + cos * w];
    }),
  );
  const [nx0, ny0, nx1, ny1] = bounds(bent);
  const size = uniform(v.minSize, v.maxSize);
  const scale = size / Math.max(nx1 - nx0, ny1 - ny0, 1e-6);
  const ox = 0.5 - ((nx0 + nx1) / 2) * scale;
  const oy = 0.5 - ((ny0 + ny1) / 2) * scale;
  const strokes = bent.map((p) => {
    const placed = p.map(([x, y]): Point => [ox + x * scale, oy + y * scale]);
    return placed.length < 2 ? placed : resample(placed, SAMPLE_STEP);
  });
  return { strokes, pen: uniform(v.minPen, v.maxPen) };
}

/**
 * Draws paths on the pad (one random draw of `v`) and returns the 28×28 digit the networks see,
 * painting the pad at `renderSize` pixels (only the digit's box of it).
 */
export function drawDigit(paths: readonly (readonly Point[])[], rand: () => number, v: DrawVariation, renderSize = RENDER_SIZE): Float32Array | null {
  const { strokes, pen } = drawOnPad(paths, rand, v);
  return strokesToMnist(strokes, { penWidth: PEN_WIDTH * pen, size: renderSize, crop: true });
}

/** A separable Gaussian blur of a side×side field (zero outside; kernel of radius 2σ summing to 1). */
function blur(src: Float32Array, side: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(2 * sigma));
  const raw = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  const kernel = raw.map((w) => w / total);
  const tmp = new Float32Array(side * side);
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k;
        if (xx >= 0 && xx < side) s += src[y * side + xx]! * kernel[k + radius]!;
      }
      tmp[y * side + x] = s;
    }
  }
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k;
        if (yy >= 0 && yy < side) s += tmp[yy * side + x]! * kernel[k + radius]!;
      }
      out[y * side + x] = s;
    }
  }
  return out;
}

/**
 * Elastic distortion (Simard, Steinkraus and Platt, 2003): every pixel moves by a random field,
 * uniform in [−1, 1] per pixel, smoothed by a normalised Gaussian of width `sigma` and scaled by
 * `alpha` (pixels), and the image is resampled bilinearly at the moved positions. Their MNIST setting
 * was σ = 4, α = 34: displacements of about 1.4 pixels (one standard deviation), smooth over ~8.
 */
export function elasticDistort(src: Float32Array, side: number, rand: () => number, alpha: number, sigma: number): Float32Array {
  const fx = new Float32Array(side * side);
  const fy = new Float32Array(side * side);
  for (let i = 0; i < fx.length; i++) {
    fx[i] = rand() * 2 - 1;
    fy[i] = rand() * 2 - 1;
  }
  const dx = blur(fx, side, sigma);
  const dy = blur(fy, side, sigma);
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const sx = x + dx[y * side + x]! * alpha;
      const sy = y + dy[y * side + x]! * alpha;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const tx = sx - x0;
      const ty = sy - y0;
      let v = 0;
      for (let j = 0; j <= 1; j++) {
        const yy = y0 + j;
        if (yy < 0 || yy >= side) continue;
        for (let i = 0; i <= 1; i++) {
          const xx = x0 + i;
          if (xx < 0 || xx >= side) continue;
          v += src[yy * side + xx]! * (j ? ty : 1 - ty) * (i ? tx : 1 - tx);
        }
      }
      out[y * side + x] = v;
    }
  }
  return out;
}

/** Training with the pad in mind: `TrainConfig.drawn`. */
export interface DrawnAugmentOptions {
  /** Share of training digits replaced by their skeleton re-drawn with the pad's brush. */
  probability: number;
  /** How a re-drawn digit varies (size on the pad, pen width, mouse-like bends). */
  variation: DrawVariation;
  /** Chance of an elastic distortion, for re-drawn and plain digits alike, with Simard's α and σ. */
  elasticProbability: number;
  elasticAlpha: number;
  elasticSigma: number;
  /** Side in pixels at which the pad is painted for a re-drawn digit (coarser than measuring's 112: faster, and it is noise anyway). */
  renderSize: number;
  /**
   * Chance that a training 1 is re-drawn with a flag at its top, and sometimes a base (`withFlag`).
   * Most of MNIST's 1s are one straight stroke, so a network trained on their skeletons alone reads a
   * flagged 1, as many people write it, as a 7. Undefined: none (the recipes before this option).
   */
  flagOnes?: number;
  /**
   * How the training digits' pen paths are found (skeleton.ts). Undefined: `LEGACY_SKELETON`, the
   * settings of the recipes trained before this option.
   */
  skeleton?: SkeletonOptions;
}

/** Mouse-like bends, the pad's brush from thinner to thicker than its own, most sizes people draw. */
export const DEFAULT_DRAWN: DrawnAugmentOptions = {
  probability: 0.4,
  variation: {
    maxRotationDeg: 12,
    maxShear: 0.25,
    minAspect: 0.8,
    maxAspect: 1.2,
    wobble: 0.03,
    minSize: 0.3,
    maxSize: 0.85,
    minPen: 0.7,
    maxPen: 1.4,
  },
  elasticProbability: 0.3,
  elasticAlpha: 34,
  elasticSigma: 4,
  renderSize: 84,
};

/**
 * A 1's pen paths with a flag added: a stroke from the topmost point down to the left, 15–45% of the
 * digit's height long at 25–55° below the horizontal (flatter and longer reads as a 7's bar); in one case out of four also a base, a
 * horizontal stroke through the lowest point, centred or running right from it.
 */
export function withFlag(paths: readonly (readonly Point[])[], rand: () => number): Point[][] {
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  let top: Point = [0, Infinity];
  let bottom: Point = [0, -Infinity];
  for (const p of paths) {
    for (const q of p) {
      if (q[1] < top[1]) top = q;
      if (q[1] > bottom[1]) bottom = q;
    }
  }
  const height = Math.max(bottom[1] - top[1], 1e-6);
  const length = uniform(0.15, 0.45) * height;
  const angle = (uniform(25, 55) * Math.PI) / 180;
  const out = paths.map((p) => p.map((q): Point => [q[0], q[1]]));
  out.push([[top[0] - length * Math.cos(angle), top[1] + length * Math.sin(angle)], [top[0], top[1]]]);
  if (rand() < 0.25) {
    const half = uniform(0.12, 0.3) * height;
    const left = rand() < 0.5 ? bottom[0] - half : bottom[0];
    out.push([[left, bottom[1]], [bottom[0] + half, bottom[1]]]);
  }
  return out;
}

/**
 * One training digit (28×28, [0, 1]) the `drawn` way: with chance `probability` its pen paths
 * re-drawn on the pad (one random draw of the variation), otherwise `plain()` (the bitmap augmentation);
 * a 1 (`label`) is first, with chance `flagOnes`, re-drawn with a flag (`withFlag`) instead;
 * then, with chance `elasticProbability`, an elastic distortion. `paths()` is only called when needed
 * (finding a skeleton costs about as much as drawing it).
 */
export function drawnTrainingDigit(
  paths: () => readonly (readonly Point[])[],
  plain: () => Float32Array,
  rand: () => number,
  opts: DrawnAugmentOptions,
  label?: number,
): Float32Array {
  let out: Float32Array | null = null;
  const flagged = label === 1 && opts.flagOnes !== undefined && rand() < opts.flagOnes;
  if (flagged || rand() < opts.probability) {
    const p = paths();
    if (p.length) out = drawDigit(flagged ? withFlag(p, rand) : p, rand, opts.variation, opts.renderSize);
  }
  out ??= plain();
  if (rand() < opts.elasticProbability) {
    out = elasticDistort(out, 28, rand, opts.elasticAlpha, opts.elasticSigma);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  }
  return out;
}

/** A generator for one item of a fixed set (e.g. the i-th test digit), independent of the others. */
export function itemRandom(seed: number, index: number): () => number {
  return seededRandom((seed * 2654435761 + index * 40503) >>> 0);
}

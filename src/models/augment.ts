/**
 * Training-time augmentation on 28×28 digits (row-major Float32Array, white ink on black, [0, 1]).
 * It widens MNIST towards what a mouse or finger draws: slightly off-centre, tilted, a little too big
 * or small, and with thicker or thinner strokes than the scanned pen.
 */

export interface AugmentOptions {
  /** Largest shift in pixels, each axis. */
  maxShift: number;
  /** Largest rotation in degrees, either way. */
  maxRotationDeg: number;
  /** Scale is drawn from [minScale, maxScale]. */
  minScale: number;
  maxScale: number;
  /** Largest shear (x += shear·y), either way. */
  maxShear: number;
  /** Chance of thickening the strokes, and of thinning them (the rest keep their width). */
  thickenProbability: number;
  thinProbability: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  maxShift: 2,
  maxRotationDeg: 12,
  minScale: 0.85,
  maxScale: 1.1,
  maxShear: 0.15,
  thickenProbability: 0.25,
  thinProbability: 0.2,
};

/** 2×3 affine map from output pixel centre to input coordinates. */
type Affine = [number, number, number, number, number, number];

/** Samples `src` (side×side) bilinearly at (x, y), zero outside. */
function bilinear(src: Float32Array, side: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  let v = 0;
  for (let dy = 0; dy <= 1; dy++) {
    const yy = y0 + dy;
    if (yy < 0 || yy >= side) continue;
    const wy = dy ? fy : 1 - fy;
    for (let dx = 0; dx <= 1; dx++) {
      const xx = x0 + dx;
      if (xx < 0 || xx >= side) continue;
      v += src[yy * side + xx]! * wy * (dx ? fx : 1 - fx);
    }
  }
  return v;
}

/** Applies an inverse affine map (output → input coordinates, pixel centres) with bilinear sampling. */
export function warpAffine(src: Float32Array, side: number, inv: Affine): Float32Array {
  const out = new Float32Array(side * side);
  const [a, b, c, d, e, f] = inv;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = a * x + b * y + c;
      const v = d * x + e * y + f;
      out[y * side + x] = bilinear(src, side, u, v);
    }
  }
  return out;
}

/** Grey-scale dilation (3×3 max) or erosion (plus-shaped min), blended with the original by `amount`. */
export function morph(src: Float32Array, side: number, mode: 'thicken' | 'thin', amount: number): Float32Array {
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = y * side + x;
      let m = src[i]!;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (mode === 'thin' && dx !== 0 && dy !== 0) continue;
          const yy = y + dy;
          const xx = x + dx;
          const v = yy < 0 || yy >= side || xx < 0 || xx >= side ? 0 : src[yy * side + xx]!;
          m = mode === 'thicken' ? Math.max(m, v) : Math.min(m, v);
        }
      }
      out[i] = src[i]! + (m - src[i]!) * amount;
    }
  }
  return out;
}

/**
 * Returns a randomly shifted, rotated, scaled, sheared and thickened/thinned copy of one digit.
 * Deterministic for a given `rand` sequence. Values stay in [0, 1].
 */
export function augmentDigit(
  src: Float32Array,
  side: number,
  rand: () => number,
  opts: AugmentOptions = DEFAULT_AUGMENT,
): Float32Array {
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const angle = (uniform(-1, 1) * opts.maxRotationDeg * Math.PI) / 180;
  const scale = uniform(opts.minScale, opts.maxScale);
  const shear = uniform(-1, 1) * opts.maxShear;
  const tx = uniform(-1, 1) * opts.maxShift;
  const ty = uniform(-1, 1) * opts.maxShift;
  // Forward map about the centre: p' = S·R·Sh·(p − c) + c + t. Build its inverse directly.
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // M = R·Sh / scale, with Sh = [[1, shear], [0, 1]]; inverse of (scale·M) for the linear part.
  const m00 = scale * cos;
  const m01 = scale * (cos * shear - sin);
  const m10 = scale * sin;
  const m11 = scale * (sin * shear + cos);
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  const c = (side - 1) / 2;
  const ox = c + tx;
  const oy = c + ty;
  const inv: Affine = [i00, i01, c - i00 * ox - i01 * oy, i10, i11, c - i10 * ox - i11 * oy];
  let out = warpAffine(src, side, inv);
  const r = rand();
  const amount = uniform(0.4, 1);
  if (r < opts.thickenProbability) out = morph(out, side, 'thicken', amount);
  else if (r < opts.thickenProbability + opts.thinProbability) out = morph(out, side, 'thin', amount * 0.6);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}

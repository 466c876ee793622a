import { MNIST_SIZE } from './preprocess';
import { seededRandom } from './random';

/**
 * The robustness lab's changes to a digit (issue 16), applied to the 28×28 digit after preprocessing,
 * in this order: thicken or thin the strokes, scale, turn and move about the centre, add noise, then
 * blank the eraser's square.
 */
export interface DigitTransform {
  /** Shift in pixels of the 28×28 digit, right and down (±8). */
  dx: number;
  dy: number;
  /** Turn in degrees, clockwise (±45). */
  rotate: number;
  /** Size, about the centre (0.6–1.4). */
  scale: number;
  /** Strokes thickened (dilation, > 0) or thinned (erosion, < 0) by this many 3×3 steps (±2). */
  thickness: number;
  /** Noise: standard deviation of Gaussian noise added to every pixel (0–0.5), from a fixed seed. */
  noise: number;
  /** A blanked square: its centre and side, in pixels; null for none. */
  erase: { x: number; y: number; size: number } | null;
}

export const IDENTITY: DigitTransform = { dx: 0, dy: 0, rotate: 0, scale: 1, thickness: 0, noise: 0, erase: null };

export const isIdentity = (t: DigitTransform): boolean =>
  t.dx === 0 && t.dy === 0 && t.rotate === 0 && t.scale === 1 && t.thickness === 0 && t.noise === 0 && t.erase === null;

const S = MNIST_SIZE;

/** One 3×3 grey-scale dilation (max) or erosion (min) step. */
function morph(src: Float32Array, grow: boolean): Float32Array {
  const out = new Float32Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let v = src[y * S + x]!;
      for (let j = -1; j <= 1; j++) {
        for (let i = -1; i <= 1; i++) {
          const yy = y + j;
          const xx = x + i;
          const n = yy < 0 || yy >= S || xx < 0 || xx >= S ? 0 : src[yy * S + xx]!;
          v = grow ? Math.max(v, n) : Math.min(v, n);
        }
      }
      out[y * S + x] = v;
    }
  }
  return out;
}

/** Bilinear read of the digit at (x, y) in pixel-centre coordinates; outside is background. */
function sample(src: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= S || yy >= S ? 0 : src[yy * S + xx]!);
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** The digit with `t` applied (a new array; the digit is not changed). */
export function transformDigit(digit: Float32Array, t: DigitTransform): Float32Array {
  let d = digit;
  for (let k = 0; k < Math.abs(Math.round(t.thickness)); k++) d = morph(d, t.thickness > 0);
  const out = new Float32Array(S * S);
  const a = (-t.rotate * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const c = (S - 1) / 2;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      // Where this pixel comes from: undo the move, the turn and the size, about the centre.
      const ux = (x - t.dx - c) / t.scale;
      const uy = (y - t.dy - c) / t.scale;
      out[y * S + x] = sample(d, cos * ux - sin * uy + c, sin * ux + cos * uy + c);
    }
  }
  if (t.noise > 0) {
    const rand = seededRandom(1234);
    for (let i = 0; i < out.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)));
      const v = 2 * Math.PI * rand();
      out[i] = out[i]! + t.noise * r * Math.cos(v);
      if (i + 1 < out.length) out[i + 1] = out[i + 1]! + t.noise * r * Math.sin(v);
    }
  }
  if (t.erase) {
    const h = t.erase.size / 2;
    for (let y = Math.max(0, Math.round(t.erase.y - h)); y < Math.min(S, Math.round(t.erase.y + h)); y++) {
      for (let x = Math.max(0, Math.round(t.erase.x - h)); x < Math.min(S, Math.round(t.erase.x + h)); x++) out[y * S + x] = 0;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}

/** The sweeps' settings: shifts (px, along x) and turns (degrees). */
export const SHIFTS = Array.from({ length: 17 }, (_, i) => i - 8);
export const TURNS = Array.from({ length: 19 }, (_, i) => -45 + 5 * i);

/** Variations of the digit along one control, in order: each shift (px, right) or each turn (degrees). */
export function sweepInputs(digit: Float32Array, base: DigitTransform, kind: 'shift' | 'rotate'): Float32Array[] {
  return (kind === 'shift' ? SHIFTS : TURNS).map((v) => transformDigit(digit, kind === 'shift' ? { ...base, dx: v } : { ...base, rotate: v }));
}

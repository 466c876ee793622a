import { describe, expect, it } from 'vitest';
import { augmentDigit, DEFAULT_AUGMENT, morph, warpAffine, type AugmentOptions } from './augment';
import { seededRandom } from './random';

const SIDE = 28;
const NONE: AugmentOptions = { maxShift: 0, maxRotationDeg: 0, minScale: 1, maxScale: 1, maxShear: 0, thickenProbability: 0, thinProbability: 0 };

/** A 3-pixel-wide vertical bar and a foot: an "L". */
function ell(): Float32Array {
  const img = new Float32Array(SIDE * SIDE);
  for (let y = 6; y < 22; y++) for (let x = 10; x < 13; x++) img[y * SIDE + x] = 1;
  for (let y = 19; y < 22; y++) for (let x = 10; x < 19; x++) img[y * SIDE + x] = 1;
  return img;
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

function centre(a: Float32Array): [number, number] {
  let m = 0, mx = 0, my = 0;
  a.forEach((v, i) => {
    m += v;
    mx += v * (i % SIDE);
    my += v * Math.floor(i / SIDE);
  });
  return [mx / m, my / m];
}

describe('augmentation', () => {
  it('is the identity when every range is zero', () => {
    const src = ell();
    const out = augmentDigit(src, SIDE, seededRandom(1), NONE);
    out.forEach((v, i) => expect(v).toBeCloseTo(src[i]!, 6));
  });

  it('is reproducible from the seed and changes the digit', () => {
    const a = augmentDigit(ell(), SIDE, seededRandom(7));
    const b = augmentDigit(ell(), SIDE, seededRandom(7));
    const c = augmentDigit(ell(), SIDE, seededRandom(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a)).not.toEqual(Array.from(ell()));
  });

  it('shifts by whole pixels exactly (inverse map x − 2)', () => {
    const src = ell();
    const out = warpAffine(src, SIDE, [1, 0, -2, 0, 1, 0]);
    const [sx, sy] = centre(src);
    const [ox, oy] = centre(out);
    expect(ox - sx).toBeCloseTo(2, 6);
    expect(oy - sy).toBeCloseTo(0, 6);
    expect(sum(out)).toBeCloseTo(sum(src), 4);
  });

  it('thickens and thins strokes', () => {
    const src = ell();
    expect(sum(morph(src, SIDE, 'thicken', 1))).toBeGreaterThan(sum(src) * 1.5);
    expect(sum(morph(src, SIDE, 'thin', 1))).toBeLessThan(sum(src) * 0.6);
    expect(sum(morph(src, SIDE, 'thin', 1))).toBeGreaterThan(0);
  });

  it('keeps values in [0, 1] and the digit near the centre over many draws', () => {
    const rand = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const out = augmentDigit(ell(), SIDE, rand, DEFAULT_AUGMENT);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out)).toBeLessThanOrEqual(1);
      const [cx, cy] = centre(out);
      const [sx, sy] = centre(ell());
      expect(Math.hypot(cx - sx, cy - sy)).toBeLessThan(5);
    }
  });
});

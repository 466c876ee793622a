import { describe, expect, it } from 'vitest';
import { IDENTITY, isIdentity, transformDigit } from './robust';

/** A 4×4 bright square at (x, y)-(x+3, y+3). */
function square(x: number, y: number): Float32Array {
  const d = new Float32Array(784);
  for (let j = y; j < y + 4; j++) for (let i = x; i < x + 4; i++) d[j * 28 + i] = 1;
  return d;
}

const centre = (d: Float32Array) => {
  let sx = 0;
  let sy = 0;
  let s = 0;
  d.forEach((v, i) => {
    sx += v * (i % 28);
    sy += v * Math.floor(i / 28);
    s += v;
  });
  return [sx / s, sy / s, s] as const;
};

describe('transformDigit', () => {
  const d = square(10, 12);

  it('leaves the digit as it is for the identity, and does not change its input', () => {
    expect(isIdentity(IDENTITY)).toBe(true);
    const copy = d.slice();
    expect(Array.from(transformDigit(d, IDENTITY))).toEqual(Array.from(d));
    expect(Array.from(d)).toEqual(Array.from(copy));
  });

  it('moves it by whole pixels exactly', () => {
    const moved = transformDigit(d, { ...IDENTITY, dx: 5, dy: -3 });
    expect(Array.from(moved)).toEqual(Array.from(square(15, 9)));
  });

  it('turns it about the centre: a quarter turn clockwise takes the left of the centre to above it', () => {
    const left = square(4, 12);
    const [x, y] = centre(transformDigit(left, { ...IDENTITY, rotate: 90 }));
    expect(x).toBeCloseTo(13.5, 0);
    expect(y).toBeCloseTo(5.5, 0);
  });

  it('scales about the centre, thickens and thins, adds seeded noise, erases a square', () => {
    const [, , m] = centre(d);
    expect(centre(transformDigit(d, { ...IDENTITY, scale: 1.4 }))[2]).toBeGreaterThan(m * 1.5);
    expect(centre(transformDigit(d, { ...IDENTITY, thickness: 1 }))[2]).toBe(36);
    expect(centre(transformDigit(d, { ...IDENTITY, thickness: -1 }))[2]).toBe(4);
    const noisy = transformDigit(d, { ...IDENTITY, noise: 0.2 });
    expect(Array.from(noisy)).toEqual(Array.from(transformDigit(d, { ...IDENTITY, noise: 0.2 })));
    expect(noisy.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(200);
    expect(centre(transformDigit(d, { ...IDENTITY, erase: { x: 12, y: 14, size: 4 } }))[2] || 0).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { flattenStroke, PEN_WIDTH, renderStrokes, strokesToMnist, type Stroke } from './strokeRender';

const total = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

/** A 7 with a crossbar and a 2 with a loop, as a person might draw them on the pad. */
const SEVEN: Stroke[] = [
  [[0.3, 0.25], [0.45, 0.24], [0.62, 0.25], [0.66, 0.27], [0.6, 0.4], [0.54, 0.55], [0.49, 0.7], [0.46, 0.8]],
  [[0.4, 0.5], [0.5, 0.5], [0.62, 0.49]],
];
const TWO: Stroke[] = [
  [[0.35, 0.35], [0.45, 0.25], [0.58, 0.27], [0.62, 0.38], [0.55, 0.52], [0.4, 0.68], [0.36, 0.74], [0.42, 0.72], [0.4, 0.66], [0.36, 0.75], [0.5, 0.74], [0.66, 0.75]],
];

describe('renderStrokes', () => {
  it('paints a horizontal line as wide as the pen, with round caps', () => {
    const size = 200;
    const img = renderStrokes([[[0.25, 0.5], [0.75, 0.5]]], { size });
    const column = Array.from({ length: size }, (_, y) => img.data[y * size + 100]!);
    // Full ink across the pen's width (14 px at 200), none beyond it; coverage sums to the width.
    expect(total(Float32Array.from(column))).toBeCloseTo(PEN_WIDTH * size, 1);
    expect(column[100]).toBe(1);
    expect(column[100 - 9]).toBe(0);
    // Round caps: ink reaches r = 7 px past each end on the line's axis, and no further.
    const row = Array.from({ length: size }, (_, x) => img.data[100 * size + x]!);
    expect(row[50 - 6]).toBeGreaterThan(0.9);
    expect(row[50 - 8]).toBe(0);
    // Area: the rectangle plus the two half-disc caps.
    const r = (PEN_WIDTH * size) / 2;
    expect(total(img.data)).toBeCloseTo(100 * 2 * r + Math.PI * r * r, -1);
  });

  it('paints one sample as a dot of the pen width', () => {
    const size = 200;
    const r = (PEN_WIDTH * size) / 2;
    const img = renderStrokes([[[0.5, 0.5]]], { size });
    expect(total(img.data) / (Math.PI * r * r)).toBeCloseTo(1, 1);
    expect(img.data[100 * size + 100]).toBe(1);
  });

  it('follows quadratic curves through the midpoints of the samples, as the pad does', () => {
    const path = flattenStroke([[0, 0], [10, 0], [10, 10]]);
    expect(path[0]).toEqual([0, 0]);
    expect(path[path.length - 1]).toEqual([10, 10]);
    // The curve from (0,0) to the midpoint (10,5), controlled by (10,0), passes (7.5, 1.25) at t = ½.
    const nearest = Math.min(...path.map(([x, y]) => Math.hypot(x - 7.5, y - 1.25)));
    expect(nearest).toBeLessThan(0.3);
    // The corner sample itself is cut, as a quadratic through midpoints does.
    expect(Math.min(...path.map(([x, y]) => Math.hypot(x - 10, y)))).toBeGreaterThan(1);
  });

  it('adds overlapping strokes like white painted over white, never above 1', () => {
    const img = renderStrokes(SEVEN, { size: 112 });
    expect(Math.max(...img.data)).toBe(1);
    expect(Math.min(...img.data)).toBe(0);
    const each = SEVEN.map((s) => total(renderStrokes([s], { size: 112 }).data));
    expect(total(img.data)).toBeLessThan(each[0]! + each[1]!);
    expect(total(img.data)).toBeGreaterThan(Math.max(...each));
  });

  it('skips samples that are not numbers, and gives no digit for no ink', () => {
    const clean = renderStrokes([[[0.2, 0.2], [0.8, 0.8]]]);
    const dirty = renderStrokes([[[0.2, 0.2], [Number.NaN, 0.5], [0.8, 0.8]]]);
    expect(Array.from(dirty.data)).toEqual(Array.from(clean.data));
    expect(strokesToMnist([])).toBeNull();
    expect(strokesToMnist([[]])).toBeNull();
  });

  it('gives the same 28×28 digit at 112 pixels as at the app’s 280', () => {
    for (const strokes of [SEVEN, TWO]) {
      const fine = strokesToMnist(strokes, { size: 280 })!;
      const fast = strokesToMnist(strokes, { size: 112 })!;
      const diffs = Array.from(fine, (v, i) => Math.abs(v - fast[i]!));
      const mean = diffs.reduce((s, v) => s + v, 0) / diffs.length;
      // Measured: max 0.12 and mean 0.005 (the 7), max 0.08 and mean 0.006 (the 2).
      expect(Math.max(...diffs)).toBeLessThan(0.2);
      expect(mean).toBeLessThan(0.015);
      expect(total(fast) / total(fine)).toBeCloseTo(1, 1);
    }
  });
});

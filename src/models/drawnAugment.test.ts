import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DRAWN,
  drawDigit,
  drawnTrainingDigit,
  drawOnPad,
  elasticDistort,
  MOUSE_VARIATION,
  NO_VARIATION,
  withFlag,
  type DrawnAugmentOptions,
} from './drawnAugment';
import { seededRandom } from './random';
import type { Point } from './strokeRender';

/** A 7's pen paths in MNIST pixel units. */
const SEVEN: Point[][] = [[[7, 6], [14, 6], [20, 6], [16, 14], [12, 23]]];

function box(strokes: Point[][]): [number, number, number, number] {
  const xs = strokes.flat().map(([x]) => x);
  const ys = strokes.flat().map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const total = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('drawing paths on the pad', () => {
  it('without variation: the same shape, its longer side the size asked for, centred, sampled like pointer events', () => {
    const { strokes, pen } = drawOnPad(SEVEN, Math.random, { ...NO_VARIATION, minSize: 0.5, maxSize: 0.5 });
    expect(pen).toBe(1);
    const [x0, y0, x1, y1] = box(strokes);
    expect(y1 - y0).toBeCloseTo(0.5, 2);
    // Even resampling cuts the corner by less than a sample step (0.015): the aspect barely moves.
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(13 / 17, 1);
    expect((x0 + x1) / 2).toBeCloseTo(0.5, 2);
    expect((y0 + y1) / 2).toBeCloseTo(0.5, 2);
    // The corner is still where it was: (20, 6) → top right, within a step.
    const corner: Point = [0.5 + (0.5 * 13) / 17 / 2, 0.25];
    expect(Math.min(...strokes[0]!.map(([x, y]) => Math.hypot(x - corner[0], y - corner[1])))).toBeLessThan(0.015);
    const gaps = strokes[0]!.slice(1).map((p, i) => Math.hypot(p[0] - strokes[0]![i]![0], p[1] - strokes[0]![i]![1]));
    expect(Math.max(...gaps)).toBeLessThan(0.02);
  });

  it('with mouse-like variation: reproducible from the seed, within the size range, and different each time', () => {
    const a = drawOnPad(SEVEN, seededRandom(4), MOUSE_VARIATION).strokes;
    const b = drawOnPad(SEVEN, seededRandom(4), MOUSE_VARIATION).strokes;
    expect(a).toEqual(b);
    const rand = seededRandom(5);
    const sizes = Array.from({ length: 50 }, () => {
      const [x0, y0, x1, y1] = box(drawOnPad(SEVEN, rand, MOUSE_VARIATION).strokes);
      return Math.max(x1 - x0, y1 - y0);
    });
    sizes.forEach((s) => {
      expect(s).toBeGreaterThanOrEqual(MOUSE_VARIATION.minSize - 1e-9);
      expect(s).toBeLessThanOrEqual(MOUSE_VARIATION.maxSize + 1e-9);
    });
    expect(new Set(sizes.map((s) => s.toFixed(3))).size).toBeGreaterThan(40);
  });

  it('draws a digit the networks can take: 28×28, in [0, 1], fitted to MNIST’s 20-pixel box', () => {
    const d = drawDigit(SEVEN, Math.random, NO_VARIATION)!;
    expect(d).toHaveLength(784);
    expect(Math.max(...d)).toBeLessThanOrEqual(1);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    const rows = Array.from({ length: 28 }, (_, y) => d.slice(y * 28, y * 28 + 28).some((v) => v >= 0.5));
    expect(rows.filter(Boolean).length).toBeGreaterThanOrEqual(19);
    expect(rows.filter(Boolean).length).toBeLessThanOrEqual(21);
  });
});

describe('elastic distortion', () => {
  const img = drawDigit(SEVEN, Math.random, NO_VARIATION)!;

  it('is the identity at α = 0', () => {
    expect(Array.from(elasticDistort(img, 28, seededRandom(1), 0, 4))).toEqual(Array.from(img));
  });

  it('moves ink at Simard’s setting (σ 4, α 34), keeping the ink on average', () => {
    // A strong distortion: one image's ink goes up or down by up to about 40% (measured over 40 seeds:
    // 0.55–1.36, mean 0.97), as parts of the stroke are stretched or squeezed.
    const ratios = Array.from({ length: 30 }, (_, s) => {
      const out = elasticDistort(img, 28, seededRandom(s + 1), 34, 4);
      const moved = out.reduce((m, v, i) => m + Math.abs(v - img[i]!), 0);
      expect(moved).toBeGreaterThan(0.1 * total(img));
      return total(out) / total(img);
    });
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThan(1.15);
    expect(Math.min(...ratios)).toBeGreaterThan(0.4);
  });
});

describe('the drawn training augmentation', () => {
  const plain = new Float32Array(784).fill(0.25);
  const opts = (probability: number, elasticProbability: number): DrawnAugmentOptions => ({ ...DEFAULT_DRAWN, probability, elasticProbability });

  it('keeps the plain digit when nothing is drawn, and never looks at the paths then', () => {
    let asked = 0;
    const out = drawnTrainingDigit(() => (asked++, SEVEN), () => plain, seededRandom(1), opts(0, 0));
    expect(out).toBe(plain);
    expect(asked).toBe(0);
  });

  it('re-draws the digit from its paths when asked to, and falls back to the plain one without paths', () => {
    const drawn = drawnTrainingDigit(() => SEVEN, () => plain, seededRandom(1), opts(1, 0));
    expect(drawn).not.toBe(plain);
    expect(Math.max(...drawn)).toBe(1);
    expect(drawnTrainingDigit(() => [], () => plain, seededRandom(1), opts(1, 0))).toBe(plain);
  });

  it('spends about the share of digits asked for on re-drawing', () => {
    const rand = seededRandom(2);
    let drawn = 0;
    for (let i = 0; i < 400; i++) drawnTrainingDigit(() => (drawn++, SEVEN), () => plain, rand, opts(0.4, 0.3));
    expect(drawn / 400).toBeGreaterThan(0.33);
    expect(drawn / 400).toBeLessThan(0.47);
  });
});

describe('flagged 1s', () => {
  /** A plain 1: one stroke, top at (15, 4), bottom at (13, 24). */
  const ONE: Point[][] = [[[15, 4], [14, 14], [13, 24]]];

  it('adds a flag running down and to the left from the top, a sensible length and angle, keeping the stroke', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const out = withFlag(ONE, seededRandom(seed));
      expect(out[0]).toEqual(ONE[0]);
      const [[fx, fy], [tx, ty]] = out[1]!;
      expect([tx, ty]).toEqual([15, 4]);
      const length = Math.hypot(tx - fx!, ty - fy!);
      expect(length / 20).toBeGreaterThanOrEqual(0.15 - 1e-9);
      expect(length / 20).toBeLessThanOrEqual(0.45 + 1e-9);
      const degrees = (Math.atan2(fy! - ty, tx - fx!) * 180) / Math.PI;
      expect(degrees).toBeGreaterThanOrEqual(25 - 1e-9);
      expect(degrees).toBeLessThanOrEqual(55 + 1e-9);
      expect(out.length).toBeLessThanOrEqual(3);
    }
  });

  it('sometimes adds a base: horizontal, through the lowest point', () => {
    const withBase = Array.from({ length: 200 }, (_, k) => withFlag(ONE, seededRandom(k + 1))).filter((o) => o.length === 3);
    expect(withBase.length).toBeGreaterThan(25);
    expect(withBase.length).toBeLessThan(75);
    for (const o of withBase) {
      const [[x0, y0], [x1, y1]] = o[2]!;
      expect(y0).toBe(24);
      expect(y1).toBe(24);
      expect(x0).toBeLessThanOrEqual(13);
      expect(x1).toBeGreaterThan(13);
    }
  });

  it('draws flagged 1s only for 1s, at the chance asked for, and leaves recipes without the option as they were', () => {
    const plain = new Float32Array(784).fill(0.25);
    const opts: DrawnAugmentOptions = { ...DEFAULT_DRAWN, probability: 0, elasticProbability: 0, flagOnes: 0.5 };
    let drawn = 0;
    const rand = seededRandom(4);
    for (let i = 0; i < 400; i++) drawnTrainingDigit(() => (drawn++, ONE), () => plain, rand, opts, 1);
    expect(drawn / 400).toBeGreaterThan(0.42);
    expect(drawn / 400).toBeLessThan(0.58);
    drawn = 0;
    for (let i = 0; i < 100; i++) drawnTrainingDigit(() => (drawn++, ONE), () => plain, rand, opts, 7);
    expect(drawn).toBe(0);
    // Without flagOnes, a 1 takes exactly the random draws it took before the option existed.
    const before = { ...DEFAULT_DRAWN, probability: 0.5, elasticProbability: 0.5 };
    const a = drawnTrainingDigit(() => ONE, () => plain, seededRandom(9), before);
    const b = drawnTrainingDigit(() => ONE, () => plain, seededRandom(9), before, 1);
    expect(b).toEqual(a);
  });

  it('a flagged 1 has more ink near its top-left than the plain one', () => {
    const noFlag = drawDigit(ONE, seededRandom(1), NO_VARIATION)!;
    const flagged = drawDigit(withFlag(ONE, seededRandom(1)), seededRandom(1), NO_VARIATION)!;
    const topLeft = (d: Float32Array) => {
      let s = 0;
      for (let y = 0; y < 14; y++) for (let x = 0; x < 14; x++) s += d[y * 28 + x]!;
      return s;
    };
    expect(topLeft(flagged)).toBeGreaterThan(topLeft(noFlag) + 3);
  });
});

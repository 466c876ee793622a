import { describe, expect, it } from 'vitest';
import {
  digitPaths,
  LEGACY_SKELETON,
  packPaths,
  pathLength,
  pruneStaircases,
  resample,
  smoothPath,
  thin,
  traceSkeleton,
  unpackPaths,
  type BitImage,
} from './skeleton';
import type { Point } from './strokeRender';

/** A side×side binary image with a pen of half-width `half` (square brush) swept along each segment. */
function drawBits(side: number, segments: [Point, Point][], half = 1): BitImage {
  const img: BitImage = { width: side, height: side, data: new Uint8Array(side * side) };
  for (const [[ax, ay], [bx, by]] of segments) {
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) * 2) + 1;
    for (let k = 0; k <= n; k++) {
      const cx = Math.round(ax + ((bx - ax) * k) / n);
      const cy = Math.round(ay + ((by - ay) * k) / n);
      for (let y = cy - half; y <= cy + half; y++) for (let x = cx - half; x <= cx + half; x++) img.data[y * side + x] = 1;
    }
  }
  return img;
}

/** A ring of radius r and thickness 2·half+1 about the centre. */
function ringBits(side: number, r: number, half = 1): BitImage {
  const img: BitImage = { width: side, height: side, data: new Uint8Array(side * side) };
  const c = side / 2;
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) if (Math.abs(Math.hypot(x + 0.5 - c, y + 0.5 - c) - r) <= half + 0.5) img.data[y * side + x] = 1;
  return img;
}

const skeleton = (img: BitImage) => traceSkeleton(pruneStaircases(thin(img)));
const near = (p: Point, q: Point, tol: number) => Math.hypot(p[0] - q[0], p[1] - q[1]) <= tol;
const ink = (img: BitImage) => img.data.reduce((s, v) => s + v, 0);

describe('thinning and tracing', () => {
  it('thins a 3-pixel-wide bar to one pixel and traces it as one open path, end to end', () => {
    const img = drawBits(30, [[[5, 15], [24, 15]]]);
    const thinned = thin(img);
    expect(ink(thinned)).toBeGreaterThan(12);
    expect(ink(thinned)).toBeLessThanOrEqual(20);
    const traces = skeleton(img);
    expect(traces).toHaveLength(1);
    const [t] = traces;
    expect(t!.closed).toBe(false);
    expect(t!.ends).toEqual([-1, -1]);
    const ends = [t!.points[0]!, t!.points.at(-1)!].sort((a, b) => a[0] - b[0]);
    expect(ends[0]![0]).toBeLessThan(8);
    expect(ends[1]![0]).toBeGreaterThan(22);
    // Ordered along the bar, one pixel apart.
    t!.points.slice(1).forEach((p, i) => expect(Math.hypot(p[0] - t!.points[i]![0], p[1] - t!.points[i]![1])).toBeLessThanOrEqual(Math.SQRT2 + 1e-9));
    t!.points.forEach(([, y]) => expect(Math.abs(y - 15.5)).toBeLessThanOrEqual(1));
  });

  it('traces an L as one path round the corner, with no junction', () => {
    const traces = skeleton(drawBits(30, [[[8, 5], [8, 22]], [[8, 22], [22, 22]]]));
    expect(traces).toHaveLength(1);
    const pts = traces[0]!.points;
    const ends = [pts[0]!, pts.at(-1)!];
    expect(ends.some((p) => near(p, [8.5, 5.5], 3))).toBe(true);
    expect(ends.some((p) => near(p, [22.5, 22.5], 3))).toBe(true);
    expect(pts.some((p) => near(p, [8.5, 22.5], 1.5))).toBe(true);
    expect(pathLength(pts)).toBeGreaterThan(25);
  });

  it('traces a ring as one closed path', () => {
    const traces = skeleton(ringBits(32, 10));
    expect(traces).toHaveLength(1);
    expect(traces[0]!.closed).toBe(true);
    const pts = traces[0]!.points;
    expect(pts[0]).toEqual(pts.at(-1));
    pts.forEach(([x, y]) => expect(Math.abs(Math.hypot(x - 16, y - 16) - 10)).toBeLessThan(1.5));
    expect(pathLength(pts)).toBeGreaterThan(2 * Math.PI * 10 * 0.85);
  });

  it('splits a T at its junction into three branches that meet at one point', () => {
    const traces = skeleton(drawBits(32, [[[5, 8], [26, 8]], [[16, 8], [16, 27]]]));
    expect(traces).toHaveLength(3);
    const junction = traces[0]!.points[0]!;
    expect(near(junction, [16.5, 8.5], 1.5)).toBe(true);
    for (const t of traces) {
      expect(t.ends[0]).toBeGreaterThanOrEqual(0);
      expect(t.ends[1]).toBe(-1);
      expect(t.points[0]).toEqual(junction);
    }
    const tips = traces.map((t) => t.points.at(-1)!);
    for (const tip of [[5.5, 8.5], [26.5, 8.5], [16.5, 27.5]] as Point[]) expect(tips.some((p) => near(p, tip, 3))).toBe(true);
  });

  it('traces a lone dot as a one-point path', () => {
    const img: BitImage = { width: 5, height: 5, data: new Uint8Array(25) };
    img.data[12] = 1;
    expect(skeleton(img)).toEqual([{ points: [[2.5, 2.5]], ends: [-1, -1], closed: false }]);
  });
});

describe('pen paths of a digit', () => {
  /** A 28×28 "7" in MNIST's style: a 2–3 pixel pen, anti-aliased edges. */
  function seven(): Float32Array {
    const img = drawBits(28, [[[7, 6], [20, 6]], [[20, 6], [12, 23]]]);
    const out = new Float32Array(784);
    img.data.forEach((v, i) => (out[i] = v));
    return out;
  }

  it('finds the strokes of a digit, with the thinning’s spurs dropped and the pen width estimated', () => {
    const { paths, penWidth } = digitPaths(seven());
    expect(paths).toHaveLength(1);
    expect(penWidth).toBeGreaterThan(2);
    expect(penWidth).toBeLessThan(4.5);
    const pts = paths[0]!;
    const ends = [pts[0]!, pts.at(-1)!];
    expect(ends.some((p) => near(p, [7.5, 6.5], 2.5))).toBe(true);
    expect(ends.some((p) => near(p, [12.5, 23.5], 2.5))).toBe(true);
    // Resampled every half pixel.
    const gaps = pts.slice(1).map((p, i) => Math.hypot(p[0] - pts[i]![0], p[1] - pts[i]![1]));
    expect(Math.max(...gaps)).toBeLessThan(0.6);
  });

  it('keeps the branches of a blob whose every branch is shorter than its pen is thick', () => {
    // A short, very thick Y: its skeleton is a junction with three stubs, all "spurs" by length.
    const img = drawBits(28, [[[10, 8], [14, 13]], [[18, 8], [14, 13]], [[14, 13], [14, 18]]], 3);
    const digit = Float32Array.from(img.data);
    const { paths } = digitPaths(digit);
    expect(paths.length).toBeGreaterThan(0);
  });

  it('gives no paths for a blank digit, and packs and unpacks paths exactly', () => {
    expect(digitPaths(new Float32Array(784)).paths).toEqual([]);
    const paths: Point[][] = [[[1.5, 2.25], [3, 4]], [[5, 6]]];
    expect(unpackPaths(packPaths(paths))).toEqual(paths);
  });

  it('smooths without moving the ends, and resamples evenly', () => {
    const zigzag: Point[] = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0]];
    const s = smoothPath(zigzag, false);
    expect(s[0]).toEqual([0, 0]);
    expect(s.at(-1)).toEqual([4, 0]);
    expect(Math.max(...s.slice(1, -1).map(([, y]) => Math.abs(y - 0.5)))).toBeLessThan(0.5);
    const r = resample([[0, 0], [10, 0]], 1);
    expect(r).toHaveLength(11);
    r.forEach(([x], i) => expect(x).toBeCloseTo(i, 9));
  });
});

describe('tracing heavy digits', () => {
  /** A heavy 9: a ring of full ink whose small hole is only lighter ink (0.6), and a stem. */
  function heavyNine(): Float32Array {
    const d = new Float32Array(784);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const r = Math.hypot(x - 13, y - 9);
        if (r < 1.6) d[y * 28 + x] = 0.6;
        else if (r <= 5) d[y * 28 + x] = 1;
      }
    }
    const stem = drawBits(28, [[[17, 10], [15, 24]]]);
    stem.data.forEach((v, i) => (d[i] = Math.max(d[i]!, v)));
    return d;
  }
  /** Whether some path comes back to where it started, round something at least `span` pixels long. */
  const hasLoop = (paths: Point[][], span = 6) =>
    paths.some((p) => p.length > 4 && near(p[0]!, p.at(-1)!, 1.5) && pathLength(p) >= span);

  it('cuts a hole that only lighter ink closes, so the 9 keeps its loop', () => {
    expect(hasLoop(digitPaths(heavyNine()).paths)).toBe(true);
    expect(hasLoop(digitPaths(heavyNine(), 28, LEGACY_SKELETON).paths)).toBe(false);
  });

  it('leaves a digit without such a hole as it was', () => {
    const seven = Float32Array.from(drawBits(28, [[[7, 6], [20, 6]], [[20, 6], [12, 23]]]).data);
    expect(digitPaths(seven).paths).toHaveLength(1);
    expect(hasLoop(digitPaths(seven).paths)).toBe(false);
  });

  it('keeps a short stroke off a junction that the first settings dropped as a spur', () => {
    // ⊥ with a heavy pen: a stem on a base that sticks out 3 px either side.
    const img = drawBits(28, [[[14, 5], [14, 21]], [[11, 21], [17, 21]]], 2);
    const digit = Float32Array.from(img.data);
    const width = (paths: Point[][]) => Math.max(...paths.flat().map(([x]) => x)) - Math.min(...paths.flat().map(([x]) => x));
    expect(width(digitPaths(digit).paths)).toBeGreaterThan(width(digitPaths(digit, 28, LEGACY_SKELETON).paths) + 1.5);
  });
});

/**
 * MNIST digits turned back into pen strokes: binarise, thin to a one-pixel skeleton (Zhang–Suen),
 * trace the skeleton's graph into polylines split at junctions, drop the thinning's short spurs, and
 * smooth. Re-drawn with the pad's brush (strokeRender.ts), a scanned digit becomes a digit as the pad
 * draws it: constant width, round ends, the pad's anti-aliasing.
 */
import type { Point } from './strokeRender';

/** A binary image: `data[y·width + x]` is 1 for ink. */
export interface BitImage {
  width: number;
  height: number;
  data: Uint8Array;
}

// The 8 neighbours clockwise from north, as (dx, dy): P2..P9 in Zhang and Suen's numbering.
const RING: readonly (readonly [number, number])[] = [
  [0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1],
];

function at(img: BitImage, x: number, y: number): number {
  return x < 0 || y < 0 || x >= img.width || y >= img.height ? 0 : img.data[y * img.width + x]!;
}

/** Zhang–Suen thinning (1984): peels the boundary in two alternating sub-passes until nothing changes. */
export function thin(src: BitImage): BitImage {
  const img: BitImage = { width: src.width, height: src.height, data: Uint8Array.from(src.data) };
  const { width, height } = img;
  const p = new Array<number>(8);
  const remove: number[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      remove.length = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!img.data[y * width + x]) continue;
          let b = 0;
          for (let k = 0; k < 8; k++) {
            p[k] = at(img, x + RING[k]![0], y + RING[k]![1]);
            b += p[k]!;
          }
          if (b < 2 || b > 6) continue;
          let a = 0;
          for (let k = 0; k < 8; k++) if (p[k] === 0 && p[(k + 1) % 8] === 1) a++;
          if (a !== 1) continue;
          // P2·P4·P6 and P4·P6·P8 on the first pass; P2·P4·P8 and P2·P6·P8 on the second.
          const [n, , e, , s, , w] = p as [number, number, number, number, number, number, number, number];
          if (pass === 0 ? n * e * s !== 0 || e * s * w !== 0 : n * e * w !== 0 || n * s * w !== 0) continue;
          remove.push(y * width + x);
        }
      }
      for (const i of remove) img.data[i] = 0;
      if (remove.length) changed = true;
    }
  }
  return img;
}

/** Neighbour count of an ink pixel. */
function degree(img: BitImage, x: number, y: number): number {
  let d = 0;
  for (const [dx, dy] of RING) d += at(img, x + dx, y + dy);
  return d;
}

/**
 * Removes the staircase pixels thinning leaves (a pixel whose neighbours stay connected without it
 * and that ends nothing), so that every pixel of a plain curve has two neighbours and only real
 * junctions have three or more.
 */
export function pruneStaircases(img: BitImage): BitImage {
  const out: BitImage = { width: img.width, height: img.height, data: Uint8Array.from(img.data) };
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      if (!out.data[y * out.width + x] || degree(out, x, y) < 2) continue;
      // The pixel is redundant when its ink neighbours all touch each other (8-adjacent, union-find).
      const cells = RING.flatMap(([dx, dy], k) => (at(out, x + dx, y + dy) ? [k] : []));
      const parent = cells.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
      for (let i = 0; i < cells.length; i++) {
        for (let j = i + 1; j < cells.length; j++) {
          const [ax, ay] = RING[cells[i]!]!;
          const [bx, by] = RING[cells[j]!]!;
          if (Math.max(Math.abs(ax - bx), Math.abs(ay - by)) === 1) parent[find(i)] = find(j);
        }
      }
      const groups = new Set(cells.map((_, i) => find(i))).size;
      if (groups === 1) out.data[y * out.width + x] = 0;
    }
  }
  return out;
}

/**
 * A traced piece of skeleton: pixel centres in order; `ends` are the junction clusters it starts and
 * ends at (-1: a free end); `closed` when it is a loop with no junction.
 */
export interface Trace {
  points: Point[];
  ends: [number, number];
  closed: boolean;
}

/**
 * Traces a thin skeleton into polylines (pixel-centre coordinates, x + ½, y + ½): one per branch
 * between ends and junctions, each junction's pixels collapsed to their centroid; a loop with no
 * junction becomes one closed polyline, a lone pixel a one-point polyline.
 */
export function traceSkeleton(img: BitImage): Trace[] {
  const { width, height } = img;
  const on = (x: number, y: number) => at(img, x, y) === 1;
  const deg = new Int8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (on(x, y)) deg[y * width + x] = degree(img, x, y);
  const isJunction = (i: number) => img.data[i] === 1 && deg[i]! >= 3;

  // Junction clusters (8-connected groups of junction pixels) and their centroids.
  const cluster = new Int32Array(width * height).fill(-1);
  const centroids: Point[] = [];
  for (let i = 0; i < width * height; i++) {
    if (!isJunction(i) || cluster[i]! >= 0) continue;
    const id = centroids.length;
    const stack = [i];
    cluster[i] = id;
    let sx = 0, sy = 0, n = 0;
    while (stack.length) {
      const j = stack.pop()!;
      const jx = j % width;
      const jy = (j - jx) / width;
      sx += jx + 0.5;
      sy += jy + 0.5;
      n++;
      for (const [dx, dy] of RING) {
        const x = jx + dx;
        const y = jy + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const k = y * width + x;
        if (isJunction(k) && cluster[k]! < 0) {
          cluster[k] = id;
          stack.push(k);
        }
      }
    }
    centroids.push([sx / n, sy / n]);
  }

  const visited = new Uint8Array(width * height);
  const centre = (i: number): Point => [(i % width) + 0.5, Math.floor(i / width) + 0.5];
  const neighbours = (i: number): number[] => {
    const x = i % width;
    const y = (i - x) / width;
    const out: number[] = [];
    // 4-neighbours first, so a walk prefers the straight step to a diagonal shortcut.
    for (const k of [0, 2, 4, 6, 1, 3, 5, 7]) {
      const [dx, dy] = RING[k]!;
      if (on(x + dx, y + dy)) out.push((y + dy) * width + x + dx);
    }
    return out;
  };

  /**
   * Walks plain pixels from `start` (entered from pixel `from`, or -1) until a free end or a junction;
   * returns the pixels and the junction cluster reached (-1 for a free end). The cluster it left is
   * ignored for its first two steps, so a branch does not end where it began.
   */
  const walk = (start: number, from: number): { path: number[]; endCluster: number } => {
    const home = from >= 0 ? cluster[from]! : -1;
    const path = [start];
    visited[start] = 1;
    let prev = from;
    for (let cur = start; ; ) {
      const next = neighbours(cur).filter((k) => k !== prev);
      const junction = next.find((k) => isJunction(k) && (path.length >= 3 || cluster[k] !== home));
      if (junction !== undefined) return { path, endCluster: cluster[junction]! };
      const plain = next.find((k) => !isJunction(k) && !visited[k]);
      if (plain === undefined) return { path, endCluster: -1 };
      visited[plain] = 1;
      path.push(plain);
      prev = cur;
      cur = plain;
    }
  };

  const traces: Trace[] = [];
  // Branches leaving each junction.
  for (let i = 0; i < width * height; i++) {
    if (!isJunction(i)) continue;
    for (const n of neighbours(i)) {
      if (isJunction(n) || visited[n]) continue;
      const { path, endCluster } = walk(n, i);
      const pts = path.map(centre);
      pts.unshift(centroids[cluster[i]!]!);
      if (endCluster >= 0) pts.push(centroids[endCluster]!);
      traces.push({ points: pts, ends: [cluster[i]!, endCluster], closed: false });
    }
  }
  // Branches from free ends that touch no junction.
  for (let i = 0; i < width * height; i++) {
    if (!img.data[i] || visited[i] || deg[i] !== 1) continue;
    traces.push({ points: walk(i, -1).path.map(centre), ends: [-1, -1], closed: false });
  }
  // Loops without a junction (a 0), and lone pixels.
  for (let i = 0; i < width * height; i++) {
    if (!img.data[i] || visited[i] || isJunction(i)) continue;
    const { path } = walk(i, -1);
    const pts = path.map(centre);
    const [fx, fy] = pts[0]!;
    const [lx, ly] = pts[pts.length - 1]!;
    const closed = path.length > 2 && Math.max(Math.abs(fx - lx), Math.abs(fy - ly)) <= 1;
    if (closed) pts.push(pts[0]!);
    traces.push({ points: pts, ends: [-1, -1], closed });
  }
  return traces;
}

/** Length of a polyline. */
export function pathLength(pts: readonly Point[]): number {
  let len = 0;
  for (let i = 1; i < pts.length; i++) len += Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]);
  return len;
}

/** Moving average over three points, `times` times; ends stay put (a closed path wraps round). */
export function smoothPath(pts: readonly Point[], closed: boolean, times = 2): Point[] {
  let cur = pts.map(([x, y]): Point => [x, y]);
  const n = closed ? cur.length - 1 : cur.length; // a closed path repeats its first point last
  if (n < 3) return cur;
  for (let t = 0; t < times; t++) {
    const next = cur.map(([x, y]): Point => [x, y]);
    for (let i = closed ? 0 : 1; i < (closed ? n : n - 1); i++) {
      const a = cur[(i - 1 + n) % n]!;
      const b = cur[i]!;
      const c = cur[(i + 1) % n]!;
      next[i] = [(a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4];
    }
    if (closed) next[n] = next[0]!;
    cur = next;
  }
  return cur;
}

/** Resamples a polyline at even spacing `step` (at least two points; both ends kept). */
export function resample(pts: readonly Point[], step: number): Point[] {
  const len = pathLength(pts);
  if (pts.length < 2 || len === 0) return pts.slice(0, 1).map(([x, y]) => [x, y]);
  const n = Math.max(1, Math.round(len / step));
  const out: Point[] = [[pts[0]![0], pts[0]![1]]];
  let seg = 0;
  let segStart = 0;
  let segLen = Math.hypot(pts[1]![0] - pts[0]![0], pts[1]![1] - pts[0]![1]);
  for (let k = 1; k < n; k++) {
    const target = (k * len) / n;
    while (segStart + segLen < target && seg < pts.length - 2) {
      segStart += segLen;
      seg++;
      segLen = Math.hypot(pts[seg + 1]![0] - pts[seg]![0], pts[seg + 1]![1] - pts[seg]![1]);
    }
    const t = segLen > 0 ? Math.min(1, (target - segStart) / segLen) : 0;
    const a = pts[seg]!;
    const b = pts[seg + 1]!;
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  const last = pts[pts.length - 1]!;
  out.push([last[0], last[1]]);
  return out;
}

/** A digit's pen paths in its own pixel units (28×28 MNIST: 0..28), and its estimated pen width. */
export interface DigitPaths {
  paths: Point[][];
  penWidth: number;
}

/** How a digit's skeleton is found: the upscaling before thinning and the ink threshold. */
const UPSCALE = 2;

/** How `digitPaths` reads a digit's ink. */
export interface SkeletonOptions {
  /** Ink threshold (of [0, 1]) for the shape that is thinned. */
  threshold: number;
  /**
   * A stricter threshold at which holes are looked for: a hole that the pen's thickness closes at
   * `threshold` (the small loop of a heavy 9, 6 or 8) but that is open at this one is cut back in, so
   * the skeleton keeps the loop. Infinity: no holes are cut.
   */
  holeThreshold: number;
  /** A branch from a junction to a free end up to this many pen widths long is a spur and dropped. */
  spurFactor: number;
}

/**
 * The settings measuring and new training runs use. Chosen on 3,000 MNIST training digits re-drawn
 * from their paths and read by three shipped networks: with no hole cutting and spurs up to 1.2 pen
 * widths dropped (`LEGACY_SKELETON`), 56 of them were misread by all three, mostly a heavy 9 or 6 whose
 * loop had closed (read as a 7 or a 1) or a 2 or 4 that lost a short stroke; with these, 27.
 */
export const SKELETON_OPTIONS: SkeletonOptions = { threshold: 0.4, holeThreshold: 0.85, spurFactor: 0.3 };

/** The first settings: the recipes trained before holes were cut and short branches kept. */
export const LEGACY_SKELETON: SkeletonOptions = { threshold: 0.4, holeThreshold: Infinity, spurFactor: 1.2 };

/**
 * Background regions (4-connected) of `ink` that do not reach the border: the holes of the shape.
 * Returns a label per pixel (-1: ink or outside background) and each hole's size.
 */
function holes(ink: Uint8Array, side: number): { label: Int32Array; sizes: number[] } {
  const label = new Int32Array(side * side).fill(-1);
  const seen = new Uint8Array(side * side);
  const sizes: number[] = [];
  for (let i = 0; i < side * side; i++) {
    if (ink[i] || seen[i]) continue;
    const region: number[] = [];
    let border = false;
    const stack = [i];
    seen[i] = 1;
    while (stack.length) {
      const j = stack.pop()!;
      region.push(j);
      const x = j % side;
      const y = (j - x) / side;
      if (x === 0 || y === 0 || x === side - 1 || y === side - 1) border = true;
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= side || yy >= side) continue;
        const k = yy * side + xx;
        if (!ink[k] && !seen[k]) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    if (border) continue;
    for (const j of region) label[j] = sizes.length;
    sizes.push(region.length);
  }
  return { label, sizes };
}

/**
 * Turns a digit (side×side, row-major, ink in [0, 1]) into the pen paths that would draw it: upscaled
 * 2× (so the skeleton follows curves rather than the pixel grid), thresholded (with holes that only a
 * stricter threshold shows cut back in), thinned and traced; spurs shorter than the pen width are
 * dropped; paths are smoothed and resampled every half pixel. Returns no paths for a digit with no ink.
 * The pen width is the ink area over the skeleton length.
 */
export function digitPaths(digit: Float32Array, side = 28, opts: SkeletonOptions = SKELETON_OPTIONS): DigitPaths {
  const big = side * UPSCALE;
  const bits: BitImage = { width: big, height: big, data: new Uint8Array(big * big) };
  const value = new Float32Array(big * big);
  for (let y = 0; y < big; y++) {
    const sy = Math.min(side - 1, Math.max(0, (y + 0.5) / UPSCALE - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(side - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < big; x++) {
      const sx = Math.min(side - 1, Math.max(0, (x + 0.5) / UPSCALE - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(side - 1, x0 + 1);
      const fx = sx - x0;
      value[y * big + x] =
        (1 - fy) * ((1 - fx) * digit[y0 * side + x0]! + fx * digit[y0 * side + x1]!) +
        fy * ((1 - fx) * digit[y1 * side + x0]! + fx * digit[y1 * side + x1]!);
      if (value[y * big + x]! >= opts.threshold) bits.data[y * big + x] = 1;
    }
  }
  if (Number.isFinite(opts.holeThreshold)) {
    const strict = Uint8Array.from(value, (v) => (v >= opts.holeThreshold ? 1 : 0));
    const open = holes(bits.data, big);
    const found = holes(strict, big);
    // Holes of the strict shape that no hole of the thinned shape already overlaps.
    const overlapping = new Set<number>();
    for (let i = 0; i < big * big; i++) if (found.label[i]! >= 0 && open.label[i]! >= 0) overlapping.add(found.label[i]!);
    for (let i = 0; i < big * big; i++) {
      const h = found.label[i]!;
      if (h >= 0 && !overlapping.has(h) && found.sizes[h]! >= 2) bits.data[i] = 0;
    }
  }
  let inkArea = 0;
  for (let i = 0; i < big * big; i++) inkArea += bits.data[i]!;
  const traces = traceSkeleton(pruneStaircases(thin(bits)));
  const skeletonLength = traces.reduce((s, t) => s + Math.max(1, pathLength(t.points)), 0);
  const pen = skeletonLength > 0 ? inkArea / skeletonLength : 0;
  // Spurs: a branch from a junction to a free end no longer than the pen is thick is the thinning's
  // trace of a stroke's corner or blob, not a stroke. Lone specks next to a real digit go too.
  const longest = Math.max(0, ...traces.map((t) => pathLength(t.points)));
  const pruned = traces.filter((t) => {
    const len = pathLength(t.points);
    const spur = (t.ends[0] >= 0) !== (t.ends[1] >= 0) && len <= pen * opts.spurFactor;
    const speck = t.ends[0] < 0 && t.ends[1] < 0 && !t.closed && len < pen && longest > 3 * pen;
    return !spur && !speck;
  });
  // A blob of a digit (a very thick pen) can be all spurs: then its branches are all there is.
  const kept = pruned.length ? pruned : traces;
  const paths = kept.map((t) => {
    const pts = t.points.map(([x, y]): Point => [x / UPSCALE, y / UPSCALE]);
    return pts.length < 2 ? pts : resample(smoothPath(pts, t.closed), 0.5);
  });
  return { paths, penWidth: pen / UPSCALE };
}

/** Pen paths packed flat (x, y pairs; `ends[k]` is where path k's pairs stop), to cache 60,000 digits' worth. */
export interface PackedPaths {
  xy: Float32Array;
  ends: Uint32Array;
}

export function packPaths(paths: readonly (readonly Point[])[]): PackedPaths {
  const ends = new Uint32Array(paths.length);
  let n = 0;
  paths.forEach((p, k) => {
    n += p.length;
    ends[k] = n;
  });
  const xy = new Float32Array(2 * n);
  let i = 0;
  for (const p of paths) {
    for (const [x, y] of p) {
      xy[i++] = x;
      xy[i++] = y;
    }
  }
  return { xy, ends };
}

export function unpackPaths(packed: PackedPaths): Point[][] {
  const out: Point[][] = [];
  let start = 0;
  for (const end of packed.ends) {
    const p: Point[] = [];
    for (let i = start; i < end; i++) p.push([packed.xy[2 * i]!, packed.xy[2 * i + 1]!]);
    out.push(p);
    start = end;
  }
  return out;
}

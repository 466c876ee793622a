/**
 * The drawing pad's brush without a canvas: strokes in pad coordinates painted white on black with
 * the pad's pen (round caps and joins, quadratic smoothing through midpoints, anti-aliased edges),
 * so Node scripts and training see a drawing the way the app does (src/viz/strokes.ts `drawStrokes`,
 * then src/app/rasterize.ts `toMnist`). The models layer may not import the viz layer, so the stroke
 * types and the pen width are repeated here; scripts/lib/strokeRender.test.ts checks they agree.
 */
import { toMnist, type InkImage } from './preprocess';

/** A point of a stroke in pad coordinates: (0, 0) is the top-left corner, (1, 1) the bottom-right. */
export type Point = [number, number];
export type Stroke = Point[];

/** The pad's pen width as a fraction of the pad's side (the same as src/viz/strokes.ts). */
export const PEN_WIDTH = 0.07;

/**
 * Default side in pixels at which Node paints the pad. The app paints at 280, where this brush
 * matches Chromium's canvas within 0.001 of ink per 28×28 pixel on average and 0.07 at worst
 * (scripts/brushCheck.ts, 63 hand-written digits); at 112 it is 0.006 on average and 0.3 at worst
 * (an edge pixel: the ink's box is measured in coarser pixels) for a sixth of the work. The
 * measurement paints at 280; training at 84 (its digits are random anyway).
 */
export const RENDER_SIZE = 112;

/** Largest length, in pixels, of the chords that approximate one quadratic piece. */
const CHORD = 1.5;

/**
 * The polyline, in pixels, that the canvas path of one stroke follows: a move to the first sample,
 * a quadratic curve through each inner sample ending at the midpoint to the next, a line to the last.
 */
export function flattenStroke(pts: readonly Point[]): Point[] {
  if (pts.length <= 2) return pts.map(([x, y]) => [x, y]);
  const out: Point[] = [[pts[0]![0], pts[0]![1]]];
  let [sx, sy] = pts[0]!;
  for (let i = 1; i < pts.length - 1; i++) {
    const [cx, cy] = pts[i]!;
    const ex = (cx + pts[i + 1]![0]) / 2;
    const ey = (cy + pts[i + 1]![1]) / 2;
    const len = Math.hypot(cx - sx, cy - sy) + Math.hypot(ex - cx, ey - cy);
    const n = Math.max(1, Math.min(32, Math.ceil(len / CHORD)));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      const a = (1 - t) * (1 - t);
      const b = 2 * (1 - t) * t;
      const c = t * t;
      out.push([a * sx + b * cx + c * ex, a * sy + b * cy + c * ey]);
    }
    sx = ex;
    sy = ey;
  }
  const last = pts[pts.length - 1]!;
  out.push([last[0], last[1]]);
  return out;
}

/** Options of `renderStrokes`. */
export interface RenderOptions {
  /** Side of the square image in pixels. */
  size?: number;
  /** Pen width as a fraction of the side. */
  penWidth?: number;
  /**
   * Paint only the strokes' bounding box (plus the pen and a pixel), at the same pixel grid as the
   * whole pad: the same ink, shifted by whole pixels, so `toMnist` gives the same digit for far fewer
   * pixels. (Ink beyond the pad's edge is kept instead of clipped.)
   */
  crop?: boolean;
}

/**
 * Paints strokes (pad coordinates) into a size×size ink image, white (1) on black (0). Each pixel's
 * ink is the pen's coverage of it, clamp(r + ½ − d) for distance d from the pixel centre to the path
 * and pen radius r (the analytic anti-aliasing of a canvas edge); strokes overlap as canvas
 * source-over white does, 1 − (1 − a)(1 − b). A one-sample stroke is a dot of the pen's width.
 */
export function renderStrokes(strokes: readonly (readonly Point[])[], opts: RenderOptions = {}): InkImage {
  const pad = opts.size ?? RENDER_SIZE;
  const r = ((opts.penWidth ?? PEN_WIDTH) * pad) / 2;
  const reach = r + 0.5;
  const finite = strokes.map((stroke) => stroke.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  let offX = 0;
  let offY = 0;
  let width = pad;
  let height = pad;
  if (opts.crop) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const s of finite) for (const [x, y] of s) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    if (x0 === Infinity) return { width: 1, height: 1, data: new Float32Array(1) };
    offX = Math.floor(x0 * pad - reach) - 1;
    offY = Math.floor(y0 * pad - reach) - 1;
    width = Math.ceil(x1 * pad + reach) + 2 - offX;
    height = Math.ceil(y1 * pad + reach) + 2 - offY;
  }
  const ink = new Float32Array(width * height);
  const dist = new Float32Array(width * height).fill(Infinity);
  for (const stroke of finite) {
    const pts = stroke.map(([x, y]) => [x * pad - offX, y * pad - offY] as Point);
    if (pts.length === 0) continue;
    const path = flattenStroke(pts);
    let bx0 = width;
    let by0 = height;
    let bx1 = -1;
    let by1 = -1;
    const segs = Math.max(1, path.length - 1);
    for (let s = 0; s < segs; s++) {
      const [ax, ay] = path[s]!;
      const [qx, qy] = path[Math.min(s + 1, path.length - 1)]!;
      const x0 = Math.max(0, Math.floor(Math.min(ax, qx) - reach));
      const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, qx) + reach));
      const y0 = Math.max(0, Math.floor(Math.min(ay, qy) - reach));
      const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, qy) + reach));
      if (x0 > x1 || y0 > y1) continue;
      bx0 = Math.min(bx0, x0);
      by0 = Math.min(by0, y0);
      bx1 = Math.max(bx1, x1);
      by1 = Math.max(by1, y1);
      const dx = qx - ax;
      const dy = qy - ay;
      const len2 = dx * dx + dy * dy;
      for (let y = y0; y <= y1; y++) {
        const py = y + 0.5 - ay;
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5 - ax;
          let t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = px - t * dx;
          const ey = py - t * dy;
          const d2 = ex * ex + ey * ey;
          const i = y * width + x;
          if (d2 < dist[i]!) dist[i] = d2;
        }
      }
    }
    for (let y = by0; y <= by1; y++) {
      for (let x = bx0; x <= bx1; x++) {
        const i = y * width + x;
        const d2 = dist[i]!;
        if (d2 === Infinity) continue;
        dist[i] = Infinity;
        const c = reach - Math.sqrt(d2);
        if (c <= 0) continue;
        const cov = c >= 1 ? 1 : c;
        ink[i] = 1 - (1 - ink[i]!) * (1 - cov);
      }
    }
  }
  return { width, height, data: ink };
}

/**
 * Strokes as the networks see them: painted with the pad's brush and brought to MNIST's form
 * (784 row-major values in [0, 1], white on black), or null when nothing is drawn.
 */
export function strokesToMnist(strokes: readonly (readonly Point[])[], opts: RenderOptions = {}): Float32Array | null {
  return toMnist(renderStrokes(strokes, opts));
}

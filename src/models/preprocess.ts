/** A grey-scale picture: `data[y·width + x]` is the amount of ink, 0 (none) to 1 (full). */
export interface InkImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Side of the network's input (28) and of the box the digit is fitted into (20), as in MNIST. */
export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

/** Ink below this level is treated as background when finding the digit's bounding box. */
const INK_THRESHOLD = 0.1;

/** The overlap of the unit source cells [i, i+1) with the interval [a, b), as (index, weight) pairs. */
function coverage(a: number, b: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  const first = Math.max(0, Math.floor(a));
  const last = Math.min(size - 1, Math.ceil(b) - 1);
  for (let i = first; i <= last; i++) {
    const w = Math.min(b, i + 1) - Math.max(a, i);
    if (w > 0) out.push([i, w]);
  }
  return out;
}

/**
 * Brings a drawing to MNIST's form: crop to the ink, scale (keeping the aspect ratio) so the longer
 * side is 20 pixels, and place it in a 28×28 field with its centre of mass at the centre. Resampling
 * is an exact box filter (each output pixel is the mean ink of the source area it covers), so thin
 * strokes stay anti-aliased. Returns 784 row-major values in [0, 1], white ink on black, or `null`
 * when there is no ink at all (nothing to classify).
 */
export function toMnist(img: InkImage): Float32Array | null {
  const { width, height, data } = img;
  if (data.length !== width * height) throw new Error(`toMnist: ${data.length} values for a ${width}×${height} image`);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const raw = data[y * width + x]!;
      const v = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
      if (v <= 0) continue;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v >= INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0 || mass <= 0) return null;
  const scale = MNIST_BOX / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const cx = mx / mass;
  const cy = my / mass;
  const half = MNIST_SIZE / 2;
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const area = 1 / (scale * scale);
  const cols = Array.from({ length: MNIST_SIZE }, (_, ox) =>
    coverage((ox - half) / scale + cx, (ox + 1 - half) / scale + cx, width),
  );
  for (let oy = 0; oy < MNIST_SIZE; oy++) {
    const rows = coverage((oy - half) / scale + cy, (oy + 1 - half) / scale + cy, height);
    if (rows.length === 0) continue;
    for (let ox = 0; ox < MNIST_SIZE; ox++) {
      let sum = 0;
      for (const [y, wy] of rows) {
        const rowBase = y * width;
        for (const [x, wx] of cols[ox]!) {
          const raw = data[rowBase + x]!;
          const v = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
          sum += v * wx * wy;
        }
      }
      out[oy * MNIST_SIZE + ox] = Math.min(1, sum / area);
    }
  }
  return out;
}

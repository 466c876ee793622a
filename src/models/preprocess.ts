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
 * Where `toMnist` puts the picture: the 28×28 pixel (ox, oy) covers the picture's pixels from
 * ((ox − 14) / scale + cx, (oy − 14) / scale + cy), one 28-pixel being 1 / scale picture pixels. Null
 * when there is no ink. With it, a map over the 28×28 digit can be drawn back over the pad.
 */
export interface MnistFrame {
  scale: number;
  cx: number;
  cy: number;
}

export function mnistFrame(img: InkImage): MnistFrame | null {
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
      // Clamped to [0, 1]; NaN (no comparison holds) and −∞ are no ink, +∞ is none either.
      if (!(raw > 0) || raw === Infinity) continue;
      const v = raw < 1 ? raw : 1;
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
  return { scale: MNIST_BOX / Math.max(x1 - x0 + 1, y1 - y0 + 1), cx: mx / mass, cy: my / mass };
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
  const frame = mnistFrame(img);
  if (!frame) return null;
  const { scale, cx, cy } = frame;
  const half = MNIST_SIZE / 2;
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const area = 1 / (scale * scale);
  // Each output column's source cells, flattened (start, count) into plain arrays: this runs for
  // every drawn stroke, so no per-pixel allocation.
  const colStart = new Int32Array(MNIST_SIZE + 1);
  const colIndex: number[] = [];
  const colWeight: number[] = [];
  for (let ox = 0; ox < MNIST_SIZE; ox++) {
    for (const [x, w] of coverage((ox - half) / scale + cx, (ox + 1 - half) / scale + cx, width)) {
      colIndex.push(x);
      colWeight.push(w);
    }
    colStart[ox + 1] = colIndex.length;
  }
  // Values are clamped to [0, 1] (NaN and infinities count as no ink) as they are read: only the
  // pixels the 28×28 field covers are read, and nothing the size of the picture is allocated.
  const at = (i: number) => {
    const raw = data[i]!;
    return raw > 0 ? (raw < 1 ? raw : raw === Infinity ? 0 : 1) : 0;
  };
  for (let oy = 0; oy < MNIST_SIZE; oy++) {
    const rows = coverage((oy - half) / scale + cy, (oy + 1 - half) / scale + cy, height);
    if (rows.length === 0) continue;
    for (let ox = 0; ox < MNIST_SIZE; ox++) {
      let sum = 0;
      const c0 = colStart[ox]!;
      const c1 = colStart[ox + 1]!;
      for (const [y, wy] of rows) {
        const rowBase = y * width;
        for (let c = c0; c < c1; c++) sum += at(rowBase + colIndex[c]!) * colWeight[c]! * wy;
      }
      out[oy * MNIST_SIZE + ox] = Math.min(1, sum / area);
    }
  }
  return out;
}

/** Ink below this share of the picture's contrast is paper grain or compression noise: no ink. */
const NOISE_FLOOR = 0.08;

/**
 * Turns a photo or scan (RGBA, row-major) into ink, MNIST's white on black. The background is the
 * median luminance of a band along the edges, whatever its shade (white paper, a grey board, black); the
 * ink is whichever side of it reaches further (dark ink on a light or mid-grey background, light
 * chalk on a dark one), and each pixel's ink is how far it is from the background towards the
 * extreme ink, so the background itself is no ink at all. Transparent pixels count as background;
 * on a wholly transparent background, the opaque pixels are the ink (dark ink inverted).
 */
export function inkFromPhoto(rgba: Uint8ClampedArray, width: number, height: number): InkImage {
  if (rgba.length !== width * height * 4) throw new Error(`inkFromPhoto: ${rgba.length} bytes for a ${width}×${height} image`);
  const lum = new Float32Array(width * height);
  for (let i = 0; i < lum.length; i++) {
    const a = rgba[i * 4 + 3]! / 255;
    const l = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
    lum[i] = a < 0.5 ? NaN : l; // NaN marks background
  }
  // The background is read from a band along the edges a few pixels deep, not the outermost ring
  // alone: a photo cropped a pixel too wide (a screenshot, a scan) has a thin frame of another shade.
  const borderValues: number[] = [];
  const depth = Math.min(Math.floor((Math.min(width, height) - 1) / 2), Math.round(0.04 * Math.min(width, height)));
  const border = (x: number, y: number) => {
    const l = lum[y * width + x]!;
    if (Number.isFinite(l)) borderValues.push(l);
  };
  for (let d = 0; d <= depth; d++) {
    for (let x = d; x < width - d; x++) [d, height - 1 - d].forEach((y) => border(x, y));
    for (let y = d + 1; y < height - 1 - d; y++) [d, width - 1 - d].forEach((x) => border(x, y));
  }
  let darkest = Infinity;
  let brightest = -Infinity;
  let opaqueSum = 0;
  let opaque = 0;
  for (const l of lum) {
    if (!Number.isFinite(l)) continue;
    darkest = Math.min(darkest, l);
    brightest = Math.max(brightest, l);
    opaqueSum += l;
    opaque++;
  }
  const data = new Float32Array(lum.length);
  if (opaque === 0) return { width, height, data };
  let ink: (l: number) => number;
  if (borderValues.length === 0) {
    // A transparent background: the opaque pixels are the ink; dark ink is inverted.
    const darkInk = opaqueSum / opaque < 0.5;
    ink = darkInk ? (l) => 1 - l : (l) => l;
  } else {
    borderValues.sort((a, b) => a - b);
    const bg = borderValues[Math.floor(borderValues.length / 2)]!;
    const darkInk = bg - darkest >= brightest - bg;
    const range = darkInk ? bg - darkest : brightest - bg;
    if (range < 0.05) return { width, height, data };
    const floor = (v: number) => Math.min(1, Math.max(0, (v - NOISE_FLOOR) / (1 - NOISE_FLOOR)));
    ink = darkInk ? (l) => floor((bg - l) / range) : (l) => floor((l - bg) / range);
  }
  for (let i = 0; i < lum.length; i++) {
    const l = lum[i]!;
    data[i] = Number.isFinite(l) ? ink(l) : 0;
  }
  clearFrame(data, width, height);
  return { width, height, data };
}

/**
 * Removes a frame: an edge row or column (up to two deep) that is ink nearly all along is the rim of
 * a screenshot or a scanner, not a stroke (a digit touching the edge covers only part of it).
 */
function clearFrame(data: Float32Array, width: number, height: number): void {
  const lines: { at: (k: number) => number; n: number }[] = [];
  for (let d = 0; d < Math.min(2, Math.floor(Math.min(width, height) / 4)); d++) {
    lines.push({ at: (k) => d * width + k, n: width }, { at: (k) => (height - 1 - d) * width + k, n: width });
    lines.push({ at: (k) => k * width + d, n: height }, { at: (k) => k * width + width - 1 - d, n: height });
  }
  for (const { at, n } of lines) {
    let inked = 0;
    for (let k = 0; k < n; k++) if (data[at(k)]! > 0.5) inked++;
    if (inked >= 0.9 * n) for (let k = 0; k < n; k++) data[at(k)] = 0;
  }
}

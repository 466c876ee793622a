import { colorRow, type MapScale } from './colors';

/** A layer's output as plain data: shape C×H×W (channel planes, row-major) or N. */
export interface MapData {
  shape: readonly number[];
  data: Float32Array;
}

/** An RGBA picture ready for `putImageData`. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** Channels drawn (maps) or units drawn (vectors), and how many the layer has. */
  shown: number;
  total: number;
}

/** The layer's normaliser: the largest |value| for a signed scale, the largest value otherwise. */
export function layerMax(data: Float32Array, scale: MapScale): number {
  let max = 0;
  const signed = scale === 'signed';
  for (let i = 0; i < data.length; i++) {
    const v = signed ? Math.abs(data[i]!) : data[i]!;
    // (NaN and ±Infinity are skipped: a comparison with NaN is false, and Infinity is not finite.)
    if (v > max && v !== Infinity) max = v;
  }
  return max;
}

/**
 * Tiles the first `maxTiles` channels of a C×H×W map at true resolution, `cols` to a row, with a
 * one-pixel transparent gap; every tile uses one normaliser for the whole layer, so channels compare.
 */
export function mapPicture(map: MapData, scale: MapScale, maxTiles: number, cols = 4, channels?: number[], normaliser?: number): Picture {
  const [c, h, w] = map.shape as [number, number, number];
  const list = (channels ?? Array.from({ length: Math.min(c, maxTiles) }, (_, i) => i)).slice(0, maxTiles);
  const nCols = Math.max(1, Math.min(cols, list.length));
  const nRows = Math.max(1, Math.ceil(list.length / nCols));
  const width = nCols * w + (nCols - 1);
  const height = nRows * h + (nRows - 1);
  const rgba = new Uint8ClampedArray(width * height * 4);
  // One 32-bit write per pixel from a table of ready RGBA words.
  const pixels = new Uint32Array(rgba.buffer);
  const max = normaliser ?? layerMax(map.data, scale);
  list.forEach((ch, k) => {
    const ox = (k % nCols) * (w + 1);
    const oy = Math.floor(k / nCols) * (h + 1);
    const plane = ch * h * w;
    for (let y = 0; y < h; y++) colorRow(pixels, (oy + y) * width + ox, map.data, plane + y * w, w, scale, max);
  });
  return { width, height, rgba, shown: list.length, total: c };
}

/** A vector of N units as a strip of cells, `cols` to a row (one pixel per unit). */
export function vectorPicture(vec: MapData, scale: MapScale, cols = 32, normaliser?: number): Picture {
  const n = vec.data.length;
  const width = Math.max(1, Math.min(cols, n));
  const height = Math.max(1, Math.ceil(n / width));
  const rgba = new Uint8ClampedArray(width * height * 4);
  colorRow(new Uint32Array(rgba.buffer), 0, vec.data, 0, n, scale, normaliser ?? layerMax(vec.data, scale));
  return { width, height, rgba, shown: n, total: n };
}

/** Puts a picture into a canvas at its true size (CSS scales it up, pixelated). */
export function paintPicture(canvas: HTMLCanvasElement, pic: Picture): void {
  if (canvas.width !== pic.width) canvas.width = pic.width;
  if (canvas.height !== pic.height) canvas.height = pic.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(pic.rgba as Uint8ClampedArray<ArrayBuffer>, pic.width, pic.height), 0, 0);
}

/**
 * The ten class probabilities as a column of horizontal bars, one row per digit (0 at the top), the
 * most likely one highlighted: the last column of a left-to-right data flow. Painted at `scale`
 * device pixels per CSS pixel, for a box `width`×`height` CSS pixels.
 */
export function paintProbabilityColumn(canvas: HTMLCanvasElement, probs: Float32Array, width: number, height: number, scale = 1): void {
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const row = height / 10;
  const label = Math.min(14, row * 0.8);
  const left = label + 4;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // The digit labels are drawn once per size; each new answer redraws only the bars.
  const key = `${w}x${h}`;
  if (canvas.width !== w || canvas.height !== h || canvas.dataset.labels !== key) {
    canvas.width = w;
    canvas.height = h;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = `${Math.round(label)}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    ctx.fillStyle = '#17203a';
    for (let i = 0; i < 10; i++) ctx.fillText(String(i), label, i * row + row / 2);
    canvas.dataset.labels = key;
  }
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(left, 0, width - left, height);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  for (let i = 0; i < 10; i++) {
    const p = Number.isFinite(probs[i]!) ? Math.min(1, Math.max(0, probs[i]!)) : 0;
    const y = i * row;
    ctx.fillStyle = '#e8edf5';
    ctx.fillRect(left, y + row * 0.15, width - left, row * 0.7);
    ctx.fillStyle = i === best ? '#0f9d8a' : '#9fb3d1';
    ctx.fillRect(left, y + row * 0.15, Math.max(1, p * (width - left)), row * 0.7);
  }
}

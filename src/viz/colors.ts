import * as d3 from 'd3';

/** The accent colours of series in charts, shared by every view. */
export const SERIES = { train: '#9fb3d1', test: '#0f9d8a', loss: '#5b6478' };

/**
 * Sequential scale for counts and other non-negative values: white (0) to deep teal (max). Used for
 * the confusion matrix; a legend under the chart says what the colours mean.
 */
export function countScale(max: number): (v: number) => string {
  const scale = d3.scaleSequentialSqrt(d3.interpolateRgb('#f4f6fa', '#0b6e61')).domain([0, Math.max(1, max)]);
  return (v) => scale(v);
}

/** Black or white text, whichever reads on the given cell colour. */
export function textOn(fill: string): string {
  const c = d3.color(fill)?.rgb();
  if (!c) return '#17203a';
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 150 ? '#17203a' : '#ffffff';
}

/**
 * How a layer's values are coloured. `signed`: diverging around 0, blue (negative) – white – red
 * (positive), for pre-activation values (convolutions, batch norm, sums, dense outputs). `positive`:
 * sequential, black (0) to yellow (the layer's maximum), after ReLU, sigmoid and pooling of those.
 * `ink`: the digit itself, black background and white ink as MNIST stores it.
 */
export type MapScale = 'signed' | 'positive' | 'ink';

const LUT_SIZE = 256;
const luts = new Map<MapScale, Uint8ClampedArray>();

/** The scale's colours as a 256-entry RGB table: entry 0 is the low end (−max, or 0), 255 the top. */
export function colorTable(scale: MapScale): Uint8ClampedArray {
  let lut = luts.get(scale);
  if (!lut) {
    lut = new Uint8ClampedArray(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) {
      const t = i / (LUT_SIZE - 1);
      const css = scale === 'signed' ? d3.interpolateRdBu(1 - t) : scale === 'positive' ? d3.interpolateInferno(t) : d3.interpolateGreys(1 - t);
      const c = d3.rgb(css);
      lut.set([c.r, c.g, c.b], i * 3);
    }
    luts.set(scale, lut);
  }
  return lut;
}

/**
 * The table index of a value, normalised per layer by `max` (the largest |value| for `signed`, the
 * largest value otherwise): signed values map −max…max to 0…255, the others 0…max.
 */
export function colorIndex(scale: MapScale, value: number, max: number): number {
  const signed = scale === 'signed';
  if (!Number.isFinite(value)) return signed ? 127 : 0;
  const m = max > 0 ? max : 1;
  const t = signed ? (value / m + 1) / 2 : value / m;
  return Math.round((t < 0 ? 0 : t > 1 ? 1 : t) * (LUT_SIZE - 1));
}

const luts32 = new Map<MapScale, Uint32Array>();

/** The scale's colours as opaque RGBA pixels (one 32-bit word each, in the platform's byte order). */
export function pixelTable(scale: MapScale): Uint32Array {
  let out = luts32.get(scale);
  if (!out) {
    const rgb = colorTable(scale);
    const bytes = new Uint8ClampedArray(LUT_SIZE * 4);
    for (let i = 0; i < LUT_SIZE; i++) bytes.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
    out = new Uint32Array(bytes.buffer);
    luts32.set(scale, out);
  }
  return out;
}

/**
 * Colours `n` values of `data` from `src` on into `pixels` from `dst` on: `colorIndex` for each,
 * looked up in `pixelTable`. One plain loop per scale, with the layer's constants hoisted, because
 * this runs for every pixel of every feature map on every stroke.
 */
export function colorRow(pixels: Uint32Array, dst: number, data: Float32Array, src: number, n: number, scale: MapScale, max: number): void {
  const lut = pixelTable(scale);
  const m = max > 0 ? max : 1;
  const top = LUT_SIZE - 1;
  // (t·top + 0.5) | 0 rounds like Math.round for t in [0, 1], and is cheaper. v − v is 0 exactly
  // when v is finite (NaN and ±Infinity give NaN).
  if (scale === 'signed') {
    const nonFinite = lut[127]!;
    for (let i = 0; i < n; i++) {
      const v = data[src + i]!;
      if (v - v !== 0) {
        pixels[dst + i] = nonFinite;
        continue;
      }
      const t = (v / m + 1) / 2;
      pixels[dst + i] = lut[((t < 0 ? 0 : t > 1 ? 1 : t) * top + 0.5) | 0]!;
    }
    return;
  }
  const nonFinite = lut[0]!;
  for (let i = 0; i < n; i++) {
    const v = data[src + i]!;
    if (v - v !== 0) {
      pixels[dst + i] = nonFinite;
      continue;
    }
    const t = v / m;
    pixels[dst + i] = lut[((t < 0 ? 0 : t > 1 ? 1 : t) * top + 0.5) | 0]!;
  }
}

/** The CSS colour of a table entry (for legends). */
export function tableColor(scale: MapScale, index: number): string {
  const lut = colorTable(scale);
  return `rgb(${lut[index * 3]}, ${lut[index * 3 + 1]}, ${lut[index * 3 + 2]})`;
}

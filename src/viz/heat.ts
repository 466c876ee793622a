/**
 * An attribution map as colour over the digit (issue 16). Values are scaled by a robust maximum
 * (the 99th percentile of |v|, so one extreme pixel does not wash the rest out). Warm (orange to
 * red) is evidence for the class; blue, against it. Maps whose sign carries no meaning (a gradient's
 * size, Grad-CAM) are drawn warm only.
 */
export interface HeatOptions {
  /** Keep the sign (for / against); otherwise the size |v| is drawn. */
  signed: boolean;
}

const WARM: [number, number, number] = [255, 112, 24];
const HOT: [number, number, number] = [214, 24, 24];
const COOL: [number, number, number] = [40, 120, 255];

/** The value that counts as full strength: the 99th percentile of |v| (never 0). */
export function robustMax(map: ArrayLike<number>): number {
  const abs = Float32Array.from(map as ArrayLike<number>, (v) => Math.abs(v)).sort();
  const q = abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.99))] ?? 0;
  return q > 0 ? q : Math.max(...abs, 1e-12);
}

/** Strength in [0, 1] and its colour, for one value. */
function tint(v: number, max: number, signed: boolean): { t: number; rgb: [number, number, number] } {
  const a = Math.min(1, Math.abs(v) / max);
  if (signed && v < 0) return { t: a, rgb: COOL };
  const rgb: [number, number, number] = [WARM[0] + (HOT[0] - WARM[0]) * a, WARM[1] + (HOT[1] - WARM[1]) * a, WARM[2] + (HOT[2] - WARM[2]) * a];
  return { t: a, rgb };
}

/**
 * RGBA pixels (side × side, row-major) of the map over the digit: the digit in grey (as the network
 * sees it, dimmed) and the map's colour mixed in by strength. With `overlay`, the digit is left out
 * and the strength becomes the alpha, to lay over the pad.
 */
export function heatPixels(map: ArrayLike<number>, digit: ArrayLike<number> | null, opts: HeatOptions, overlay = false): Uint8ClampedArray<ArrayBuffer> {
  const n = map.length;
  const out = new Uint8ClampedArray(n * 4);
  const max = robustMax(map);
  for (let i = 0; i < n; i++) {
    const { t, rgb } = tint(opts.signed ? map[i]! : Math.abs(map[i]!), max, opts.signed);
    if (overlay) {
      out[i * 4] = rgb[0];
      out[i * 4 + 1] = rgb[1];
      out[i * 4 + 2] = rgb[2];
      out[i * 4 + 3] = Math.round(255 * Math.min(1, t * 0.85));
      continue;
    }
    const grey = 255 * 0.5 * (digit ? digit[i]! : 0);
    out[i * 4] = grey * (1 - t) + rgb[0] * t;
    out[i * 4 + 1] = grey * (1 - t) + rgb[1] * t;
    out[i * 4 + 2] = grey * (1 - t) + rgb[2] * t;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Share of the map's mass (|v|) that lies on the digit's ink (pixels above 0.2): for a sentence under the map. */
export function massOnInk(map: ArrayLike<number>, digit: ArrayLike<number>): number {
  let on = 0;
  let all = 0;
  for (let i = 0; i < map.length; i++) {
    const v = Math.abs(map[i]!);
    all += v;
    if (digit[i]! > 0.2) on += v;
  }
  return all ? on / all : 0;
}

import { describe, expect, it } from 'vitest';
import { MNIST_SIZE, inkFromPhoto, toMnist, type InkImage } from './preprocess';

function blank(width: number, height: number): InkImage {
  return { width, height, data: new Float32Array(width * height) };
}

function fillRect(img: InkImage, x: number, y: number, w: number, h: number, value = 1): InkImage {
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) img.data[yy * img.width + xx] = value;
  return img;
}

/** An "L": a vertical bar and a foot, scaled by `s` and placed at (x, y). */
function ell(img: InkImage, x: number, y: number, s: number): InkImage {
  fillRect(img, x, y, 4 * s, 30 * s);
  return fillRect(img, x, y + 26 * s, 16 * s, 4 * s);
}

function inkBox(out: Float32Array, threshold = 0.5) {
  let x0 = MNIST_SIZE, y0 = MNIST_SIZE, x1 = -1, y1 = -1;
  for (let y = 0; y < MNIST_SIZE; y++)
    for (let x = 0; x < MNIST_SIZE; x++)
      if (out[y * MNIST_SIZE + x]! >= threshold) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

function centreOfMass(out: Float32Array): [number, number] {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < MNIST_SIZE; y++)
    for (let x = 0; x < MNIST_SIZE; x++) {
      const v = out[y * MNIST_SIZE + x]!;
      m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  return [mx / m, my / m];
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0);
}

describe('toMnist', () => {
  it('gives no image for an empty canvas, or one holding only NaN or negative values', () => {
    expect(toMnist(blank(280, 280))).toBeNull();
    const nan = blank(10, 10);
    nan.data.fill(Number.NaN);
    expect(toMnist(nan)).toBeNull();
    const neg = blank(10, 10);
    neg.data.fill(-1);
    expect(toMnist(neg)).toBeNull();
  });

  it('fits the longer side to 20 pixels, keeping the aspect ratio', () => {
    const wide = toMnist(fillRect(blank(280, 280), 30, 100, 200, 100))!;
    expect(inkBox(wide)).toEqual({ w: 20, h: 10 });
    const tall = toMnist(fillRect(blank(280, 280), 100, 20, 72, 240))!;
    expect(inkBox(tall)).toEqual({ w: 6, h: 20 });
  });

  it('puts the centre of mass at the centre of the 28×28 field', () => {
    const [cx, cy] = centreOfMass(toMnist(ell(blank(280, 280), 40, 30, 6))!);
    expect(cx).toBeCloseTo(14, 1);
    expect(cy).toBeCloseTo(14, 1);
  });

  it('does not depend on where or how big the digit is drawn', () => {
    const a = toMnist(ell(blank(280, 280), 10, 10, 4))!;
    const b = toMnist(ell(blank(280, 280), 150, 90, 4))!;
    const c = toMnist(ell(blank(560, 400), 30, 20, 8))!;
    expect(maxDiff(a, b)).toBeLessThan(1e-5);
    expect(maxDiff(a, c)).toBeLessThan(1e-5);
  });

  it('anti-aliases: a thin stroke becomes grey, and the output stays in [0, 1]', () => {
    const img = fillRect(blank(280, 280), 20, 140, 240, 2, 5); // over-bright values are clamped
    fillRect(img, 139, 20, 2, 240, 5);
    const out = toMnist(img)!;
    const values = Array.from(out);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(values.some((v) => v > 0.05 && v < 0.5)).toBe(true);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('handles a single dot and a one-pixel image without NaN', () => {
    const dot = toMnist(fillRect(blank(280, 280), 100, 100, 1, 1))!;
    expect(Array.from(dot).every(Number.isFinite)).toBe(true);
    expect(Math.max(...dot)).toBeGreaterThan(0.5);
    const tiny = toMnist({ width: 1, height: 1, data: Float32Array.of(1) })!;
    expect(inkBox(tiny)).toEqual({ w: 20, h: 20 });
  });

  it('rejects data that does not match the stated size', () => {
    expect(() => toMnist({ width: 3, height: 3, data: new Float32Array(8) })).toThrow(/8 values/);
  });
});

describe('inkFromPhoto', () => {
  const photo = (bg: number, ink: number, alphaBg = 255) => {
    // 4×4, background everywhere but a 2×2 stroke in the middle.
    const rgba = new Uint8ClampedArray(64);
    for (let i = 0; i < 16; i++) {
      const inside = [5, 6, 9, 10].includes(i);
      const v = inside ? ink : bg;
      rgba.set([v, v, v, inside ? 255 : alphaBg], i * 4);
    }
    return rgba;
  };

  it('dark ink on white paper becomes white ink on black', () => {
    const { data } = inkFromPhoto(photo(255, 0), 4, 4);
    expect(data[5]).toBeCloseTo(1);
    expect(data[0]).toBeCloseTo(0);
  });

  it('white ink on black stays as it is; on a transparent background, dark ink is the ink', () => {
    expect(inkFromPhoto(photo(0, 255), 4, 4).data[5]).toBeCloseTo(1);
    const t = inkFromPhoto(photo(255, 0, 0), 4, 4).data;
    expect(t[0]).toBe(0);
    expect(t[5]).toBeCloseTo(1);
  });

  it('treats a mid-grey background as no ink, whichever way the ink goes', () => {
    const dark = inkFromPhoto(photo(0x88, 0x10), 4, 4).data;
    expect(dark[0]).toBe(0);
    expect(dark[5]).toBeCloseTo(1);
    const light = inkFromPhoto(photo(0x88, 0xf0), 4, 4).data;
    expect(light[0]).toBe(0);
    expect(light[5]).toBeCloseTo(1);
  });

  it('reads the background past a thin frame of another shade (a screenshot cropped a pixel wide)', () => {
    const side = 60;
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const frame = x === 0 || y === 0 || x === side - 1 || y === side - 1;
        const stroke = x >= 28 && x < 32 && y >= 10 && y < 50;
        const v = frame || stroke ? 255 : 0;
        rgba.set([v, v, v, 255], (y * side + x) * 4);
      }
    }
    const { data } = inkFromPhoto(rgba, side, side);
    expect(data[30 * side + 30]).toBeCloseTo(1);
    expect(data[30 * side + 10]).toBe(0);
    // The frame itself is not ink either.
    expect(data[0]).toBe(0);
    expect(data[30 * side]).toBe(0);
  });

  it('gives no ink to a picture of one flat shade', () => {
    expect(inkFromPhoto(photo(0x88, 0x88), 4, 4).data.every((v) => v === 0)).toBe(true);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => inkFromPhoto(new Uint8ClampedArray(10), 4, 4)).toThrow(/4×4/);
  });
});

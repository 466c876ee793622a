import { describe, expect, it } from 'vitest';
import { colorIndex, colorRow, colorTable, pixelTable, type MapScale } from './colors';
import { layerMax, mapPicture, vectorPicture } from './featureMaps';

describe('colour scales', () => {
  it('signed values are symmetric around 0: −max is the first entry, 0 the middle, +max the last', () => {
    expect(colorIndex('signed', -2, 2)).toBe(0);
    expect(colorIndex('signed', 0, 2)).toBe(128);
    expect(colorIndex('signed', 2, 2)).toBe(255);
    expect(colorIndex('signed', 1, 2)).toBe(191);
  });

  it('positive values run 0…max; out of range and NaN clamp instead of wrapping', () => {
    expect(colorIndex('positive', 0, 4)).toBe(0);
    expect(colorIndex('positive', 4, 4)).toBe(255);
    expect(colorIndex('positive', 9, 4)).toBe(255);
    expect(colorIndex('positive', -1, 4)).toBe(0);
    expect(colorIndex('positive', NaN, 4)).toBe(0);
    expect(colorIndex('positive', 3, 0)).toBe(255);
  });

  it('the fast row painter gives every value the colour colorIndex gives it, non-finite ones included', () => {
    const values = Float32Array.from([...Array.from({ length: 997 }, (_, i) => (i - 498) / 97), NaN, Infinity, -Infinity, 0.5 / 255]);
    for (const scale of ['signed', 'positive', 'ink'] as MapScale[]) {
      for (const max of [0, 1, 3.7]) {
        const pixels = new Uint32Array(values.length + 2);
        colorRow(pixels, 1, values, 0, values.length, scale, max);
        const lut = pixelTable(scale);
        expect(pixels[0]).toBe(0);
        expect(pixels.at(-1)).toBe(0);
        values.forEach((v, i) => expect(pixels[i + 1]).toBe(lut[colorIndex(scale, v, max)]));
      }
    }
  });

  it('the diverging table is blue below zero, near white at zero, red above; ink is black to white', () => {
    const s = colorTable('signed');
    const at = (lut: Uint8ClampedArray, i: number) => Array.from(lut.slice(i * 3, i * 3 + 3));
    const [r0, , b0] = at(s, 0);
    const [r1, , b1] = at(s, 255);
    expect(b0!).toBeGreaterThan(r0!);
    expect(r1!).toBeGreaterThan(b1!);
    expect(Math.min(...at(s, 128))).toBeGreaterThan(220);
    expect(Math.max(...at(colorTable('ink'), 0))).toBeLessThan(10);
    expect(Math.min(...at(colorTable('ink'), 255))).toBeGreaterThan(245);
  });
});

describe('pictures', () => {
  it('tiles the first channels with one-pixel gaps and one normaliser per layer', () => {
    // 3 channels of 2×2: channel k holds the value k everywhere.
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 4));
    const pic = mapPicture({ shape: [3, 2, 2], data }, 'positive', 2, 4);
    expect([pic.width, pic.height, pic.shown, pic.total]).toEqual([5, 2, 2, 3]);
    const alpha = (x: number, y: number) => pic.rgba[(y * pic.width + x) * 4 + 3];
    expect(alpha(2, 0)).toBe(0); // the gap
    const lut = colorTable('positive');
    // Channel 1 (value 1 of max 2) is mid-scale, not full: the layer's max, not the channel's.
    expect(Array.from(pic.rgba.slice(3 * 4, 3 * 4 + 3))).toEqual(Array.from(lut.slice(128 * 3, 128 * 3 + 3)));
    expect(layerMax(data, 'positive')).toBe(2);
  });

  it('draws a vector as rows of cells', () => {
    const pic = vectorPicture({ shape: [70], data: new Float32Array(70).fill(1) }, 'signed', 32);
    expect([pic.width, pic.height, pic.shown]).toEqual([32, 3, 70]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseIdx } from './idx';

function idxFile(dims: number[], data: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

describe('parseIdx', () => {
  it('reads a small image file: big-endian dims and the pixel bytes in order', () => {
    const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const parsed = parseIdx(idxFile([2, 3, 4], pixels));
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(pixels);
  });

  it('reads a label file (dims are uint32, not bytes)', () => {
    const parsed = parseIdx(idxFile([300], Array.from({ length: 300 }, (_, i) => i % 10)));
    expect(parsed.dims).toEqual([300]);
    expect(parsed.data[299]).toBe(9);
  });

  it('rejects a truncated file, a wrong magic number and a non-byte type', () => {
    const good = idxFile([2, 2], [1, 2, 3, 4]);
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(/expected 4 data bytes/);
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]))).toThrow(/magic/);
    const floats = good.slice();
    floats[2] = 0x0d;
    expect(() => parseIdx(floats)).toThrow(/unsigned-byte/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/too short/);
  });
});

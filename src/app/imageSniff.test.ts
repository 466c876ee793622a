import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffImage } from './imageSniff';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  return out; // (CRC left zero: the sniffer does not check it)
}

function png(width: number, height: number, extra: Buffer[] = []): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...extra, chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', new Uint8Array(0))]);
}

describe('sniffImage', () => {
  it('reads a PNG’s size, and an APNG as animated', () => {
    expect(sniffImage(png(8000, 6000))).toEqual({ format: 'png', width: 8000, height: 6000, animated: false });
    expect(sniffImage(png(10, 20, [chunk('acTL', new Uint8Array(8))]))).toMatchObject({ format: 'png', animated: true });
  });

  it('reads a GIF’s size and its loop extension', () => {
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([100, 0, 50, 0, 0, 0, 0]), Buffer.from('!\xff\x0bNETSCAPE2.0', 'latin1')]);
    expect(sniffImage(gif)).toEqual({ format: 'gif', width: 100, height: 50, animated: true });
    expect(sniffImage(Buffer.concat([Buffer.from('GIF87a'), Buffer.from([7, 0, 9, 0])]))).toEqual({ format: 'gif', width: 7, height: 9, animated: false });
  });

  it('walks JPEG markers to the frame header', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
    const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0x2c, 0x02, 0x58, 0x01, 0x01, 0x11, 0x00];
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, ...app0, ...sof0, 0, 0]))).toEqual({ format: 'jpeg', width: 600, height: 300, animated: false });
  });

  it('reads a lossless WebP’s size', () => {
    const b = Buffer.alloc(30);
    b.write('RIFF', 0, 'ascii');
    b.write('WEBP', 8, 'ascii');
    b.write('VP8L', 12, 'ascii');
    b[20] = 0x2f;
    b.writeUInt32LE((640 - 1) | ((480 - 1) << 14), 21);
    expect(sniffImage(b)).toEqual({ format: 'webp', width: 640, height: 480, animated: false });
  });

  it('refuses SVG, text, empty and truncated files', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImage(Buffer.from('hello'))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
    expect(sniffImage(png(10, 10).subarray(0, 12))).toBeNull();
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0x00, 0x00, 0x00]))).toBeNull();
  });
});

/**
 * What an image file really is, read from its first bytes rather than trusted from its name or MIME
 * type: the format and the pixel size, so a huge or disguised file is refused before it is decoded.
 */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  /** GIF and WebP (and APNG) may hold several frames; only the first is used. */
  animated: boolean;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** Reads the header of a PNG, JPEG, GIF or WebP file; null for anything else (SVG, text, a truncated file). */
export function sniffImage(b: Uint8Array): ImageHeader | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') {
    // An animated PNG has an acTL chunk before the first IDAT.
    let animated = false;
    for (let at = 8; at + 8 <= b.length; ) {
      const len = view.getUint32(at);
      const type = ascii(b, at + 4, 4);
      if (type === 'acTL') animated = true;
      if (type === 'IDAT' || type === 'IEND') break;
      at += 12 + len;
    }
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20), animated };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    // Animation is a NETSCAPE2.0 loop extension or more than one image; the loop block is the usual sign.
    const animated = ascii(b, 0, Math.min(b.length, 4096)).includes('NETSCAPE2.0');
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true), animated };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X') return { format: 'webp', width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff), animated: (b[20]! & 0x02) !== 0 };
    if (chunk === 'VP8L') {
      const bits = view.getUint32(21, true);
      return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff), animated: false };
    }
    if (chunk === 'VP8 ') return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff, animated: false };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the JPEG markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
    for (let at = 2; at + 9 < b.length; ) {
      if (b[at] !== 0xff) return null;
      const marker = b[at + 1]!;
      if (marker === 0xff) {
        at++;
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        at += 2;
        continue;
      }
      const len = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', width: view.getUint16(at + 7), height: view.getUint16(at + 5), animated: false };
      }
      at += 2 + len;
    }
  }
  return null;
}

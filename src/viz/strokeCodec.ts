import type { Stroke } from './strokes';

/** Most points a shared drawing keeps (about 11 KB of URL); longer drawings are thinned evenly. */
export const MAX_SHARED_POINTS = 4000;

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/**
 * Packs strokes for a URL: per stroke, its point count (2 bytes, big-endian) then each point as two
 * bytes (x, y quantised to 1/255 of the pad), all base64url. Quantising moves a point by at most
 * 1/510 of the pad, far below one MNIST pixel (1/28).
 */
export function encodeStrokes(strokes: readonly Stroke[]): string {
  const total = strokes.reduce((a, s) => a + s.length, 0);
  const keepEvery = Math.max(1, Math.ceil(total / MAX_SHARED_POINTS));
  const bytes: number[] = [];
  for (const s of strokes) {
    const pts = s.filter((_, i) => i % keepEvery === 0 || i === s.length - 1).slice(0, 65535);
    if (pts.length === 0) continue;
    bytes.push(pts.length >> 8, pts.length & 255);
    for (const [x, y] of pts) bytes.push(Math.round(Math.min(1, Math.max(0, x)) * 255), Math.round(Math.min(1, Math.max(0, y)) * 255));
  }
  return toBase64Url(Uint8Array.from(bytes));
}

/** Unpacks `encodeStrokes`' text; throws on anything malformed. */
export function decodeStrokes(text: string): Stroke[] {
  if (text.length > 16 * MAX_SHARED_POINTS) throw new Error('too long');
  const bytes = fromBase64Url(text);
  const strokes: Stroke[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (i + 2 > bytes.length) throw new Error('truncated');
    const n = (bytes[i]! << 8) | bytes[i + 1]!;
    i += 2;
    if (n === 0 || i + 2 * n > bytes.length) throw new Error('truncated');
    const s: Stroke = [];
    for (let k = 0; k < n; k++, i += 2) s.push([bytes[i]! / 255, bytes[i + 1]! / 255]);
    strokes.push(s);
  }
  return strokes;
}

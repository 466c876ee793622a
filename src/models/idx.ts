/** A parsed IDX file (the MNIST distribution format): its dimensions and its unsigned bytes. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (type code 0x08), such as MNIST's images (dims [n, 28, 28])
 * and labels (dims [n]). The header is big-endian: two zero bytes, the type, the number of dims,
 * then one uint32 per dim.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new Error(`IDX: file too short (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) throw new Error('IDX: bad magic number');
  const type = view.getUint8(2);
  if (type !== 0x08) throw new Error(`IDX: only unsigned-byte data is supported (type 0x${type.toString(16)})`);
  const rank = view.getUint8(3);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new Error('IDX: header truncated');
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - headerBytes !== size) {
    throw new Error(`IDX: expected ${size} data bytes for dims [${dims.join(', ')}], found ${bytes.length - headerBytes}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

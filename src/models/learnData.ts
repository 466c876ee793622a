/**
 * The digits the Learn view trains on (issue 17): a subset of MNIST packed into one small file,
 * public/learn/mnist-subset.bin.gz (written by scripts/learnData.ts), fetched only when Learn opens.
 *
 * Layout (little-endian): the four bytes "CFLD", a uint32 version (1), uint32 training count,
 * uint32 held-out count, then every label (training first), then every image (784 bytes each,
 * 0 = background, 255 = ink, MNIST's own values). The whole file is gzip-compressed.
 */

export interface LearnSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface LearnData {
  train: LearnSplit;
  test: LearnSplit;
}

const MAGIC = 'CFLD';
const VERSION = 1;
const PIXELS = 784;

export function encodeLearnData(data: LearnData): Uint8Array {
  const { train, test } = data;
  const header = 16;
  const out = new Uint8Array(header + train.count + test.count + PIXELS * (train.count + test.count));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, train.count, true);
  view.setUint32(12, test.count, true);
  let at = header;
  out.set(train.labels.subarray(0, train.count), at);
  out.set(test.labels.subarray(0, test.count), (at += train.count));
  out.set(train.images.subarray(0, PIXELS * train.count), (at += test.count));
  out.set(test.images.subarray(0, PIXELS * test.count), at + PIXELS * train.count);
  return out;
}

/** Reads a packed file (already decompressed); throws with a reason a person can act on if it is not one. */
export function decodeLearnData(bytes: Uint8Array): LearnData {
  if (bytes.length < 16 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw new Error('the training digits file is not a ConvFlow digits file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`the training digits file has version ${version}, this page reads version ${VERSION}`);
  const nTrain = view.getUint32(8, true);
  const nTest = view.getUint32(12, true);
  const expected = 16 + (nTrain + nTest) * (1 + PIXELS);
  if (bytes.length !== expected) throw new Error(`the training digits file is ${bytes.length} bytes, ${expected} expected: it may have been cut short`);
  let at = 16;
  const trainLabels = bytes.subarray(at, (at += nTrain));
  const testLabels = bytes.subarray(at, (at += nTest));
  const trainImages = bytes.subarray(at, (at += PIXELS * nTrain));
  const testImages = bytes.subarray(at, at + PIXELS * nTest);
  for (const labels of [trainLabels, testLabels]) {
    if (labels.some((l) => l > 9)) throw new Error('the training digits file has a label outside 0–9');
  }
  return { train: { images: trainImages, labels: trainLabels, count: nTrain }, test: { images: testImages, labels: testLabels, count: nTest } };
}

/** True for gzip data (its first two bytes); a host that serves the file with Content-Encoding hands over the plain bytes. */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

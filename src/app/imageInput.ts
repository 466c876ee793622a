import { inkFromPhoto, MNIST_SIZE, type InkImage } from '../models/preprocess';
import { sniffImage } from './imageSniff';

/** Largest side an uploaded image is reduced to before preprocessing (the digit ends up 20×20 anyway). */
const MAX_SIDE = 280;
const MAX_BYTES = 20 * 1024 * 1024;

/** Why an image could not be used, in words for the user. */
export class ImageInputError extends Error {}

/** Largest picture decoded, in pixels (an 8000×8000 photo is fine; a decompression bomb is not). */
const MAX_PIXELS = 100_000_000;

/**
 * Decodes an uploaded PNG, JPEG, GIF or WebP (only the first frame of anything animated), scales it
 * to at most 280 px, and returns its ink, ready for the same preprocessing as a drawing. The format
 * and size are read from the file's own bytes first: anything else (an SVG, a renamed file) and
 * anything huge is refused with a message, before it is decoded.
 */
export async function inkFromFile(file: File): Promise<InkImage & { animated: boolean }> {
  if (file.size === 0) throw new ImageInputError(`"${file.name}" is empty.`);
  if (file.size > MAX_BYTES) throw new ImageInputError(`"${file.name}" is larger than 20 MB; choose a smaller image.`);
  const header = sniffImage(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
  if (!header) throw new ImageInputError(`"${file.name}" is not a PNG, JPEG, GIF or WebP image.`);
  if (header.width < 1 || header.height < 1) throw new ImageInputError(`"${file.name}" has no pixels.`);
  if (header.width * header.height > MAX_PIXELS) {
    throw new ImageInputError(`"${file.name}" is ${header.width}×${header.height} pixels; images of up to 100 megapixels can be used.`);
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(header.width, header.height));
  const width = Math.max(1, Math.round(header.width * scale));
  const height = Math.max(1, Math.round(header.height * scale));
  let bitmap: ImageBitmap;
  try {
    // Decoded straight to the small size; a GIF or WebP gives its first frame.
    bitmap = await createImageBitmap(file, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  } catch {
    throw new ImageInputError(`"${file.name}" could not be read as an image.`);
  }
  try {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageInputError('This browser cannot draw to a canvas.');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return { ...inkFromPhoto(ctx.getImageData(0, 0, width, height).data, width, height), animated: header.animated };
  } finally {
    bitmap.close();
  }
}

export interface SampleDigit {
  /** Position in the MNIST test set. */
  index: number;
  label: number;
  ink: InkImage;
}

/** The ten MNIST test digits shipped with the app (public/samples, written by scripts/samples.ts). */
export async function loadSamples(): Promise<SampleDigit[]> {
  const res = await fetch(`${import.meta.env.BASE_URL}samples/mnist-test.json`);
  if (!res.ok) throw new Error(`the sample digits could not be loaded (HTTP ${res.status})`);
  const json = (await res.json()) as { digits: { index: number; label: number; pixels: string }[] };
  return json.digits.map((d) => {
    const bytes = Uint8Array.from(atob(d.pixels), (c) => c.charCodeAt(0));
    if (bytes.length !== MNIST_SIZE * MNIST_SIZE) throw new Error('a sample digit has the wrong size');
    return { index: d.index, label: d.label, ink: { width: MNIST_SIZE, height: MNIST_SIZE, data: Float32Array.from(bytes, (b) => b / 255) } };
  });
}

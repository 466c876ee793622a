import { toMnist, type InkImage } from '../models/preprocess';
import { drawStrokes, inkFromRgba, type Stroke } from '../viz/strokes';

/** Side of the hidden canvas strokes are painted into before preprocessing, independent of the screen. */
export const RASTER_SIZE = 280;

let canvas: HTMLCanvasElement | null = null;

/**
 * Paints the strokes at a fixed resolution and brings them to MNIST's 28×28 form (784 values in [0, 1],
 * white on black), or null when nothing is drawn. Independent of the pad's size and pixel ratio.
 */
export function strokesToDigit(strokes: readonly Stroke[]): Float32Array | null {
  // This runs for every stroke drawn: the ink goes into one scratch buffer (toMnist keeps none of it).
  scratch ??= new Float32Array(RASTER_SIZE * RASTER_SIZE);
  const ink = strokesInk(strokes, scratch);
  return ink && toMnist(ink);
}

let scratch: Float32Array | null = null;

/** The strokes painted at the fixed resolution, as ink (null when nothing is drawn), into `into` if given. */
export function strokesInk(strokes: readonly Stroke[], into?: Float32Array): InkImage | null {
  if (strokes.every((s) => s.length === 0)) return null;
  canvas ??= document.createElement('canvas');
  canvas.width = RASTER_SIZE;
  canvas.height = RASTER_SIZE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw to a canvas');
  drawStrokes(ctx, strokes, RASTER_SIZE);
  const rgba = ctx.getImageData(0, 0, RASTER_SIZE, RASTER_SIZE).data;
  return { width: RASTER_SIZE, height: RASTER_SIZE, data: inkFromRgba(rgba, into) };
}

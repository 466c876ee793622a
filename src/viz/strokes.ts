/** A point of a stroke in pad coordinates: (0, 0) is the top-left corner, (1, 1) the bottom-right. */
export type Point = [number, number];
export type Stroke = Point[];

/** Pen width as a fraction of the pad's side: thick enough to read like MNIST's pen after scaling. */
export const PEN_WIDTH = 0.07;

/**
 * Paints strokes white on black into a square canvas context of `size` pixels, with round caps and
 * joins, smoothing each stroke with quadratic curves through the midpoints of its samples.
 */
export function drawStrokes(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[], size: number): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = PEN_WIDTH * size;
  for (const stroke of strokes) {
    const pts = stroke.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => [x * size, y * size] as const);
    if (pts.length === 0) continue;
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0]![0], pts[0]![1], ctx.lineWidth / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(pts[0]![0], pts[0]![1]);
    for (let i = 1; i < pts.length - 1; i++) {
      const [x, y] = pts[i]!;
      const [nx, ny] = pts[i + 1]!;
      ctx.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
    }
    const last = pts[pts.length - 1]!;
    ctx.lineTo(last[0], last[1]);
    ctx.stroke();
  }
  ctx.restore();
}

/** The red channel of RGBA pixels as ink in [0, 1] (the pad paints white on black), into `into` when it fits. */
export function inkFromRgba(rgba: Uint8ClampedArray, into?: Float32Array): Float32Array {
  const out = into && into.length === rgba.length / 4 ? into : new Float32Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4]! / 255;
  return out;
}

/**
 * Paints a square grey-scale image (row-major values in [0, 1], white on black) into a canvas at its
 * true resolution; CSS scales it up with `image-rendering: pixelated`.
 */
export function paintGrey(canvas: HTMLCanvasElement, values: Float32Array | null, side: number): void {
  if (canvas.width !== side) canvas.width = side;
  if (canvas.height !== side) canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const v = values ? Math.round(Math.min(1, Math.max(0, values[i] ?? 0)) * 255) : 0;
    img.data[i * 4] = v;
    img.data[i * 4 + 1] = v;
    img.data[i * 4 + 2] = v;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

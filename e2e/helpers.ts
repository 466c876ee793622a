import { expect, type Page } from '@playwright/test';

/** A stroke in pad coordinates, (0, 0) top-left to (1, 1) bottom-right. */
export type PadStroke = [number, number][];

/** Digits as a person draws them, in pad coordinates (before placing and sizing). */
export const DIGITS: Record<string, PadStroke[]> = {
  '0': [ellipse(0.5, 0.5, 0.28, 0.4, 48)],
  '1': [
    [
      [0.42, 0.22],
      [0.52, 0.1],
      [0.52, 0.5],
      [0.52, 0.9],
    ],
  ],
  '7': [
    [
      [0.2, 0.12],
      [0.5, 0.12],
      [0.8, 0.12],
      [0.65, 0.4],
      [0.5, 0.66],
      [0.38, 0.9],
    ],
  ],
};

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number): [number, number][] {
  return Array.from({ length: n + 3 }, (_, i) => {
    const t = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + rx * Math.cos(t), cy + ry * Math.sin(t)] as [number, number];
  });
}

/** Moves a stroke: scales it about the pad's centre by `scale`, then shifts it by (dx, dy). */
export function place(strokes: PadStroke[], scale = 1, dx = 0, dy = 0): PadStroke[] {
  return strokes.map((s) => s.map(([x, y]) => [0.5 + (x - 0.5) * scale + dx, 0.5 + (y - 0.5) * scale + dy] as [number, number]));
}

/** Draws with real mouse events: press, move through interpolated points, release, per stroke. */
export async function draw(page: Page, strokes: PadStroke[], opts: { steps?: number } = {}): Promise<void> {
  const canvas = page.getByTestId('draw-canvas');
  // Mouse coordinates are the viewport's: the whole pad must be on screen.
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of strokes) {
    const [sx, sy] = at(stroke[0]!);
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    for (const p of stroke.slice(1)) {
      const [x, y] = at(p);
      await page.mouse.move(x, y, { steps: opts.steps ?? 4 });
    }
    await page.mouse.up();
  }
}

/** Waits for a prediction that reflects the pad as it is now, and returns its digit and backend. */
export async function readPrediction(page: Page): Promise<{ digit: string; backend: string }> {
  const p = page.getByTestId('prediction');
  await expect(p).toHaveAttribute('data-state', 'ready');
  return { digit: (await p.getAttribute('data-digit'))!, backend: (await p.getAttribute('data-backend'))! };
}

/** Collects console errors and uncaught exceptions for the whole test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}

/** Draws a 7, photographs the pad, clears it and uploads the photograph as `seven.png`. */
export async function uploadPadPhoto(page: Page): Promise<void> {
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  const png = await page.getByTestId('draw-canvas').screenshot();
  await page.getByTestId('clear').click();
  await page.getByTestId('upload').setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('picture')).toContainText('seven.png');
}

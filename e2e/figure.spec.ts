/**
 * Save figure (issue 15): the data flow, or a transition, saved as SVG and as PNG at twice the
 * resolution, with the drawn digit's maps and the book's labels in it, whatever the zoom.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DIGITS, draw, place, watchErrors } from './helpers';

async function save(page: Page, format: 'svg' | 'png'): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`save-${format}`).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/** How many pixels of an image file (PNG, or an SVG's embedded map) are neither white nor one flat colour. */
async function inked(page: Page, bytes: Buffer, type: string): Promise<{ width: number; height: number; colours: number; nonWhite: number }> {
  return page.evaluate(
    async ({ b64, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const colours = new Set<number>();
      let nonWhite = 0;
      for (let i = 0; i < px.length; i += 4) {
        colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
        if (px[i]! < 245 || px[i + 1]! < 245 || px[i + 2]! < 245) nonWhite++;
      }
      return { width: bmp.width, height: bmp.height, colours: colours.size, nonWhite };
    },
    { b64: bytes.toString('base64'), type },
  );
}

const size = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

test('the data flow saves as SVG and as a 2× PNG, with the digit\'s maps, the book\'s labels and the answer, even zoomed in', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  // Zoomed in: the screen shows part of the flow; the figure holds all of it.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();

  const svg = await save(page, 'svg');
  expect(svg.name).toBe('convflow-lenet.svg');
  const text = svg.bytes.toString('utf8');
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(text).toContain('LeNet-5 (1998) reading a drawn digit');
  // The book's labels, first layer to last, and the answer.
  for (const label of ['Image (28 ×', '5 × 5 Conv', 'AvgPool,', 'FC (120)', 'FC (84)', 'FC (10)', 'reads', '&gt;99.9']) expect(text).toContain(label);
  // One map image per layer box (input, two convolutions, two poolings, three dense, the answer's column).
  // Written up each thin bar, as on the page (bottom to top).
  expect(text).toMatch(/transform="rotate\(-90 [\d.]+ [\d.]+\)"[^>]*>Sigmoid</);
  const images = [...text.matchAll(/href="data:image\/png;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64'));
  expect(images.length).toBeGreaterThanOrEqual(8);
  const input = await inked(page, images[0]!, 'image/png');
  expect(input.colours).toBeGreaterThan(10);
  // The file is well-formed SVG that draws, not blank: opened on its own, as a slide tool would.
  const viewer = await page.context().newPage();
  await viewer.goto(`data:image/svg+xml;base64,${svg.bytes.toString('base64')}`);
  await expect(viewer.locator('parsererror')).toHaveCount(0);
  const shot = await viewer.locator('svg').screenshot();
  await viewer.close();
  const drawnSvg = await inked(page, shot, 'image/png');
  expect(drawnSvg.colours).toBeGreaterThan(200);
  expect(drawnSvg.nonWhite).toBeGreaterThan(drawnSvg.width * drawnSvg.height * 0.1);

  const png = await save(page, 'png');
  expect(png.name).toBe('convflow-lenet.png');
  const pic = await inked(page, png.bytes, 'image/png');
  const { width, height } = size(text);
  expect(width).toBeGreaterThan(800);
  expect(pic.width).toBe(width * 2);
  expect(pic.height).toBe(height * 2);
  expect(pic.colours).toBeGreaterThan(200);
  expect(pic.nonWhite).toBeGreaterThan(pic.width * pic.height * 0.1);
  expect(errors).toEqual([]);
});

test('a transition saves as a figure of both networks, the block between them and both answers', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?view=evolve&from=googlenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction-resnet')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  await expect(page.getByTestId('prediction-googlenet')).toHaveAttribute('data-state', 'ready');
  const svg = await save(page, 'svg');
  expect(svg.name).toBe('convflow-googlenet-to-resnet.svg');
  const text = svg.bytes.toString('utf8');
  for (const label of ['GoogLeNet (2014) → ResNet-18 (2015)', 'Stage b3 · 2 × Inception', 'The idea.', 'x + g(x)']) expect(text).toContain(label);
  // The controls and the screen's hints stay out of the figure; the timing too.
  expect(text).not.toContain('Step through');
  expect(text).not.toContain('ms on WASM');
  const png = await save(page, 'png');
  expect(png.name).toBe('convflow-googlenet-to-resnet.png');
  const pic = await inked(page, png.bytes, 'image/png');
  expect(pic.width).toBe(size(text).width * 2);
  expect(pic.colours).toBeGreaterThan(200);
  expect(errors).toEqual([]);
});

test('a figure keeps what CSS writes (a stage\'s "2×") and its title fits on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?view=evolve&from=nin&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction-googlenet')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const text = (await save(page, 'svg')).bytes.toString('utf8');
  const title = 'NiN (2014) → GoogLeNet (2014), reading a drawn digit';
  expect(text).toContain(title);
  const width = size(text).width;
  const titleWidth = await page.evaluate((t) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = '600 16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    return ctx.measureText(t).width;
  }, title);
  expect(width).toBeGreaterThanOrEqual(titleWidth + 32);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?net=resnet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  expect((await save(page, 'svg')).bytes.toString('utf8')).toMatch(/>2×<\/text>/);
});

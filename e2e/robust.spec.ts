/**
 * The robustness lab (issue 16): changes to the digit reach every network and the data flow; the
 * eraser blanks a square; the sweeps draw one curve per network, with what they show.
 */
import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, watchErrors } from './helpers';

/** Ink of the lab's preview: its total and the x of its centre (0–27). */
async function ink(page: Page): Promise<{ total: number; cx: number }> {
  return page.getByTestId('robust-preview').evaluate((c: HTMLCanvasElement) => {
    const px = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let total = 0;
    let sx = 0;
    for (let i = 0; i < 784; i++) {
      total += px[i * 4]! / 255;
      sx += (px[i * 4]! / 255) * (i % 28);
    }
    return { total, cx: total ? sx / total : 14 };
  });
}

test('moving, turning and erasing the digit reaches the network, and undoing brings it back, with no tensor left behind', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  await page.getByTestId('robust-toggle').click();
  await expect(page.getByTestId('robust-lab')).toBeVisible();
  const before = await ink(page);
  const tensors = await page.evaluate(() => window.convflow!.memory().numTensors);
  await page.getByTestId('robust-shift-x').fill('6');
  await expect.poll(async () => (await ink(page)).cx - before.cx).toBeGreaterThan(5);
  // The network reads the moved digit: its input map is the preview's.
  const seenCx = () =>
    page.evaluate(() => {
      const d = window.convflow!.activation('lenet', 'lenet/input')?.data ?? [];
      return d.reduce((s, v, i) => s + v * (i % 28), 0) / d.reduce((s, v) => s + v, 0);
    });
  await expect.poll(seenCx).toBeGreaterThan(before.cx + 5);
  await page.getByTestId('robust-rotate').fill('45');
  await page.getByTestId('robust-thickness').fill('1');
  await page.getByTestId('robust-noise').fill('0.2');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready');
  // The eraser: a click on the preview blanks a square there.
  await page.getByTestId('robust-noise').fill('0');
  const inked = await ink(page);
  const box = (await page.getByTestId('robust-preview').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.5);
  await expect(page.getByTestId('robust-eraser-off')).toBeVisible();
  await expect.poll(async () => (await ink(page)).total).toBeLessThan(inked.total);
  expect(await page.evaluate(() => window.convflow!.memory().numTensors)).toBe(tensors);
  await page.getByTestId('robust-reset').click();
  await expect.poll(async () => Math.abs((await ink(page)).total - before.total)).toBeLessThan(0.5);
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7');
  expect(errors).toEqual([]);
});

test('sweeps draw each network\'s probability of the digit meant against shift and turn, one curve per network', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  for (const net of ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet']) await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('robust-toggle').click();
  await page.getByTestId('robust-sweep').click();
  const chart = page.locator('[data-testid=sweep-chart][data-done=true]');
  await expect(chart).toBeVisible({ timeout: 90_000 });
  // Two charts, six curves each, over the 17 shifts and 19 turns.
  const curves = await chart.locator('svg.sweep-svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('path[stroke]:not(.domain)').length));
  expect(curves).toEqual([6, 6]);
  // Where each keeps the digit, network by network in the story's order, and what the book says.
  await expect(page.getByTestId('sweep-told').locator('tbody th')).toHaveText(['LeNet-5', 'AlexNet', 'VGG-11', 'NiN', 'GoogLeNet', 'ResNet-18']);
  await expect(page.getByTestId('sweep-told').locator('tbody td').first()).toHaveText(/^(?:[+-]?\d+ to [+-]?\d+ px|not even as drawn)$/);
  await expect(page.getByTestId('robust-lab')).toContainText('pooling');
  // The digit meant is the answer for the digit as drawn, even once a change makes them read another.
  await page.getByTestId('robust-rotate').fill('45');
  await page.getByTestId('robust-shift-x').fill('8');
  await expect(page.getByTestId('robust-intended').locator('option').first()).toHaveText('7, as answered');
  // The digit meant, picked: the curves are of its probability.
  await page.getByTestId('robust-intended').selectOption('1');
  await page.getByTestId('robust-sweep').click();
  await expect(chart.locator('.chart-title').first()).toContainText('Probability of 1', { timeout: 90_000 });
  // A new drawing makes the curves stale: they go, and the lab says so.
  await page.getByTestId('clear').click();
  await draw(page, place(DIGITS['1']!, 0.8));
  await expect(page.getByTestId('sweep-chart')).toHaveCount(0);
  expect(errors).toEqual([]);
});

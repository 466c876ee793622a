/**
 * Why (issue 16): five attribution methods over the digit, toward the answer or a picked digit, laid
 * back over the pad; each map drawn and not blank, following the stroke across the pad, with no
 * tensor left behind.
 */
import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, watchErrors } from './helpers';

const METHODS = ['gradient', 'smoothgrad', 'ig', 'gradcam', 'occlusion'] as const;

/** Coloured pixels of a canvas, and the centre of their strength (x, y in [0, 1]). */
async function painted(page: Page, testId: string, alpha = false): Promise<{ coloured: number; cx: number; cy: number }> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement, alpha) => {
    const { width, height } = c;
    const px = c.getContext('2d')!.getImageData(0, 0, width, height).data;
    let coloured = 0;
    let sx = 0;
    let sy = 0;
    let s = 0;
    for (let i = 0; i < width * height; i++) {
      const [r, g, b, a] = [px[i * 4]!, px[i * 4 + 1]!, px[i * 4 + 2]!, px[i * 4 + 3]!];
      // Colour: a channel well apart from the others (the digit underneath is grey).
      const w = alpha ? a / 255 : Math.max(Math.abs(r - g), Math.abs(g - b), Math.abs(r - b)) / 255;
      if (w > 0.1) coloured++;
      sx += w * ((i % width) + 0.5);
      sy += w * (Math.floor(i / width) + 0.5);
      s += w;
    }
    return { coloured, cx: s ? sx / s / width : 0.5, cy: s ? sy / s / height : 0.5 };
  }, alpha);
}

async function settled(page: Page, method: string): Promise<void> {
  await expect(page.getByTestId(`attribution-${method}`)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.why-figure.refining')).toHaveCount(0, { timeout: 60_000 });
}

test('Why? shows each of the five methods over the drawn digit and over the pad, labelled by the randomisation check, and keeps its tensors bounded', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  await page.getByTestId('why-toggle').click();
  await expect(page).toHaveURL(/why=gradcam/);
  await expect(page.getByRole('heading', { name: 'Why 7?' })).toBeVisible();
  // Pad, the panel and the whole flow on one laptop screen.
  for (const id of ['draw-canvas', 'why', 'diagram', 'prediction']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.y + Math.min(box.height, 200)).toBeLessThanOrEqual(800);
  }
  const memory = () => page.evaluate(() => window.convflow!.memory().numTensors);
  let tensors: number | null = null;
  for (const m of METHODS) {
    await page.getByTestId(`why-method-${m}`).click();
    await settled(page, m);
    const map = await painted(page, `attribution-${m}`);
    expect(map.coloured, m).toBeGreaterThan(10);
    expect((await painted(page, 'pad-heat', true)).coloured, m).toBeGreaterThan(50);
    await expect(page.getByTestId('why-sanity')).toBeVisible();
    const t = await memory();
    tensors ??= t;
    expect(t, m).toBe(tensors);
  }
  // What app shows for each method is what npm run attribution measured for LeNet.
  await expect(page.getByTestId('why-sanity')).toHaveClass(/fail/);
  await page.getByTestId('why-method-gradcam').click();
  await expect(page.getByTestId('why-sanity')).toHaveClass(/pass/);
  // Toward another digit: the title and the map follow.
  await page.getByTestId('why-method-ig').click();
  await settled(page, 'ig');
  const toward7 = await painted(page, 'attribution-ig');
  await page.getByTestId('attribution-class').selectOption('1');
  // Not the answer: the heading asks what points toward it, not why the network said it.
  await expect(page.getByRole('heading', { name: 'What points toward 1?' })).toBeVisible();
  await settled(page, 'ig');
  await expect(page.getByTestId('why-detail')).toContainText('64 steps');
  const toward1 = await painted(page, 'attribution-ig');
  expect(Math.abs(toward1.cx - toward7.cx) + Math.abs(toward1.cy - toward7.cy) + Math.abs(toward1.coloured - toward7.coloured) / 784).toBeGreaterThan(0.01);
  // Saved as a figure, the panel leads it: the map, its method and check, without the controls.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-svg').click()]);
  const svg = (await import('node:fs')).readFileSync((await download.path())!, 'utf8');
  expect(svg).toMatch(/>What points( toward 1\?)?<\/text>/);
  expect(svg).toContain('64 steps from the empty digit');
  expect(svg).not.toContain('SmoothGrad</text>');
  // Closed: the address forgets it, and the keyboard is back on the button that opened it.
  await page.getByTestId('why-close').click();
  await expect(page.getByTestId('why')).toHaveCount(0);
  await expect(page.getByTestId('why-toggle')).toBeFocused();
  await expect(page).not.toHaveURL(/why=/);
  expect(errors).toEqual([]);
});

test('the map laid over the pad follows the stroke: the same 1 drawn at the left and at the right of the pad', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?net=alexnet&why=ig&backend=wasm');
  const at = async (dx: number) => {
    if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
    await draw(page, place(DIGITS['1']!, 0.6, dx, 0));
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await settled(page, 'ig');
    return painted(page, 'pad-heat', true);
  };
  const left = await at(-0.28);
  const right = await at(0.28);
  expect(left.cx).toBeLessThan(0.4);
  expect(right.cx).toBeGreaterThan(0.6);
  expect(right.cx - left.cx).toBeGreaterThan(0.4);
});

test('on a phone, a panel opened from the toolbar comes into view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  for (const [toggle, panel] of [['why-toggle', 'why'], ['robust-toggle', 'robust-lab']] as const) {
    await page.getByTestId(toggle).click();
    await expect(page.getByTestId(panel).getByRole('heading')).toBeInViewport();
  }
});

test('the five methods run on the GPU backends and the CPU too, with no tensor left behind', async ({ page }) => {
  test.setTimeout(240_000);
  for (const backend of ['webgpu', 'webgl', 'cpu']) {
    await page.goto(`/?net=lenet&why=gradient&backend=${backend}`);
    await page.getByTestId('sample-7').click();
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-backend', backend);
    let tensors: number | null = null;
    for (const m of METHODS) {
      await page.getByTestId(`why-method-${m}`).click();
      await settled(page, m);
      expect((await painted(page, `attribution-${m}`)).coloured, `${m} on ${backend}`).toBeGreaterThan(10);
      const t = await page.evaluate(() => window.convflow!.memory().numTensors);
      tensors ??= t;
      expect(t, `${m} on ${backend}`).toBe(tensors);
    }
    await expect(page.getByTestId('why-error')).toHaveCount(0);
  }
});

test('a link keeps the method, the digit it points toward and Grad-CAM\'s layer', async ({ page }) => {
  await page.goto('/?net=resnet&why=gradcam&toward=3&cam=b4/res2/relu&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'What points toward 3?' })).toBeVisible();
  await expect(page.getByTestId('attribution-layer')).toHaveValue('resnet/b4/res2/relu');
  await settled(page, 'gradcam');
  await expect(page.getByTestId('why-detail')).toContainText('b4/res2/relu, 4×4 maps');
  await expect(page).toHaveURL(/toward=3/);
  await expect(page).toHaveURL(/cam=b4%2Fres2%2Frelu|cam=b4\/res2\/relu/);
  // Back to the answer and the last stage: the address drops both.
  await page.getByTestId('attribution-class').selectOption('answer');
  await page.getByTestId('attribution-layer').selectOption('resnet/b5/res2/relu');
  await expect(page).not.toHaveURL(/toward=|cam=/);
});

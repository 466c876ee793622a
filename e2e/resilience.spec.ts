import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

/** How many of the pad's pixels are inked, and whether its backing store matches its size × the pixel ratio. */
async function padState(page: Page) {
  return page.getByTestId('draw-canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! > 128) ink++;
    return { ink: ink / (c.width * c.height), sharp: c.width === Math.round(c.clientWidth * devicePixelRatio) };
  });
}

/** Whether every feature map of the diagram has something painted. */
async function mapsPainted(page: Page): Promise<boolean> {
  return page.locator('[data-testid^="layer-"] canvas.fmap').evaluateAll((cs: HTMLCanvasElement[]) => cs.length > 0 && cs.every((c) => c.width > 0 && c.height > 0));
}

/**
 * After a resize or a ratio change, with a 7 drawn before it: the pad is sharp and as inked as
 * `before`, the answer and the maps stand, and drawing goes on where the pad is now.
 */
async function expectSameDrawingThatStillDraws(page: Page, before: { ink: number }) {
  const after = await padState(page);
  expect(after.sharp).toBe(true);
  expect(Math.abs(after.ink - before.ink)).toBeLessThan(0.01);
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  expect(await mapsPainted(page)).toBe(true);
  await page.getByTestId('clear').click();
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'wasm' });
}

test('a tab hidden (and frozen) then shown again keeps the drawing, the maps and the answer, and takes new strokes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  const before = await padState(page);
  // Headless Chromium has no real background tab: the page is told it is hidden, then frozen the way
  // a browser freezes a background tab (no tasks, no frames), then thawed and shown again.
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      Object.defineProperty(document, 'hidden', { value: h, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  const cdp = await page.context().newCDPSession(page);
  await setHidden(true);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await page.waitForTimeout(1000);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await setHidden(false);
  expect(await padState(page)).toEqual(before);
  expect(await mapsPainted(page)).toBe(true);
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  await page.getByTestId('clear').click();
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'wasm' });
  expect(errors).toEqual([]);
});

test('resizing the window keeps the drawing, and a stroke drawn across the resize is kept', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  const pad = page.getByTestId('draw-canvas');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  const before = await padState(page);
  // The window narrows: the page reflows and the pad moves, with the same drawing on it.
  const boxBefore = (await pad.boundingBox())!;
  await page.setViewportSize({ width: 700, height: 900 });
  await expect.poll(async () => (await pad.boundingBox())!).not.toEqual(boxBefore);
  await expectSameDrawingThatStillDraws(page, before);
  // A stroke that is still being drawn when the window widens again is kept, and the app settles.
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4, { steps: 5 });
  await page.setViewportSize({ width: 1280, height: 860 });
  const box2 = (await pad.boundingBox())!;
  await page.mouse.move(box2.x + box2.width * 0.6, box2.y + box2.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready');
  expect(await page.getByTestId('undo').isEnabled()).toBe(true);
  expect((await padState(page)).sharp).toBe(true);
  expect(errors).toEqual([]);
});

test('a change of device pixel ratio (with a resize) re-renders the pad sharply and changes nothing else', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  const before = await padState(page);
  const cdp = await page.context().newCDPSession(page);
  // Ratio 2 with a slightly narrower window, as browser zoom or a move to another screen does.
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1240, height: 860, deviceScaleFactor: 2, mobile: false });
  await expect.poll(() => page.evaluate(() => devicePixelRatio)).toBe(2);
  await expect.poll(async () => (await padState(page)).sharp).toBe(true);
  // The same share of the pad is inked (at twice the pixels).
  await expectSameDrawingThatStillDraws(page, before);
  expect(errors).toEqual([]);
});

test('at a device pixel ratio of 2 from the start, the pad is sharp and reads digits', async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  expect((await padState(page)).sharp).toBe(true);
  expect(await page.evaluate(() => devicePixelRatio)).toBe(2);
  expect(errors).toEqual([]);
  await context.close();
});

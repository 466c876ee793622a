/** The data flow is the page: the pad and the whole network, responding, on one screen. */
import { expect, test, type Page } from '@playwright/test';
import { bookLabels } from '../src/models/bookLabel';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import { leaves } from '../src/models/spec';
import { DIGITS, place, readPrediction, watchErrors } from './helpers';

/** Of the drawn layer boxes: how many, and how many are wholly on screen with a lit map canvas at least `min` px. */
const onScreen = (page: Page, min: number) =>
  page.evaluate((min) => {
    const boxes = [...document.querySelectorAll<HTMLElement>('[data-testid=diagram] [data-testid^="layer-"]')];
    const lit = boxes.filter((el) => {
      const r = el.getBoundingClientRect();
      const canvas = el.querySelector('canvas')!;
      const c = canvas.getBoundingClientRect();
      const inView = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
      const d = canvas.width && canvas.height ? canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data : new Uint8ClampedArray();
      let painted = false;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) painted = true;
      return inView && painted && Math.min(c.width, c.height) >= min;
    });
    return { boxes: boxes.length, lit: lit.length, scrollX: scrollX, scrollY: scrollY };
  }, min);

const padInView = (page: Page) =>
  page.getByTestId('draw-canvas').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  });

/** Draws a 7 with the mouse without scrolling the page (the pad must be on screen as it opens). */
async function drawInPlace(page: Page) {
  const box = (await page.getByTestId('draw-canvas').boundingBox())!;
  for (const stroke of place(DIGITS['7']!, 0.8)) {
    await page.mouse.move(box.x + stroke[0]![0] * box.width, box.y + stroke[0]![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
    await page.mouse.up();
  }
}

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
]) {
  for (const net of SHIPPED_NETS) {
    test(`${net} at ${width}×${height}: the pad and the whole network, lit, on the first screen`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.setViewportSize({ width, height });
      await page.goto(`/?net=${net}&backend=wasm`);
      expect(await padInView(page)).toBe(true);
      await drawInPlace(page);
      expect((await readPrediction(page)).digit).toBe('7');
      await expect(page.getByTestId('prediction')).toBeInViewport({ ratio: 1 });
      const min = net === 'lenet' ? 40 : 32;
      await expect.poll(async () => (await onScreen(page, min)).lit).toBeGreaterThan(0);
      const seen = await onScreen(page, min);
      expect(seen.scrollY).toBe(0);
      expect(seen.lit / seen.boxes).toBeGreaterThanOrEqual(0.9);
      expect(await padInView(page)).toBe(true);
      expect(errors).toEqual([]);
    });
  }
}

test('on a phone the pad comes first, nothing overflows the width, and the flow scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?net=resnet&backend=wasm');
  expect(await padInView(page)).toBe(true);
  await drawInPlace(page);
  await readPrediction(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const b of ['cpu', 'webgpu']) await expect(page.getByTestId(`backend-${b}`)).toBeInViewport({ ratio: 1 });
  await page.getByTestId('diagram').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('layer-resnet/input')).toBeInViewport();
  const area = page.locator('.flow-area');
  expect(await area.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await area.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(page.getByTestId('layer-resnet/fc')).toBeInViewport();
});

test("each box carries the book's label, in the book's order, generated from the spec", async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  const labels = await page.locator('[data-testid=diagram] [data-testid^="layer-lenet/"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-book-label')));
  expect(labels).toEqual(['Image (28 × 28)', '5 × 5 Conv (6), pad 2', '2 × 2 AvgPool, stride 2', '5 × 5 Conv (16)', '2 × 2 AvgPool, stride 2', 'FC (120)', 'FC (84)', 'FC (10)']);
  // AlexNet's at the book's widths, and at the shipped ones on request.
  await page.goto('/?net=alexnet&backend=wasm');
  const paper = bookLabels(NETS.alexnet);
  const conv1 = page.getByTestId('layer-alexnet/conv1');
  await expect(conv1).toHaveAttribute('data-book-label', paper.paper.get('conv1')!);
  await expect(conv1.locator('.node-label')).toHaveText(paper.paper.get('conv1')!);
  await page.getByTestId('labels-shipped').click();
  await expect(conv1.locator('.node-label')).toHaveText(paper.shipped.get('conv1')!);
  // Every book box of the spec is drawn (activations, dropout and flatten as thin bars).
  const drawn = await page.locator('[data-testid=diagram] [data-book-label]').evaluateAll((els) => els.length);
  expect(drawn).toBe(2 + leaves(NETS.alexnet.layers(1)).length);
});

test('a folded stage unfolds in place and the view re-fits; no label is cut', async ({ page }) => {
  await page.goto('/?net=googlenet&backend=wasm');
  await page.getByTestId('sample-7').click();
  await readPrediction(page);
  await expect(page.getByTestId('layer-googlenet/b3/pool')).toHaveClass(/collapsed-group/);
  await page.getByTestId('toggle-b3').click();
  await expect(page.getByTestId('layer-googlenet/b3/inception2/concat')).toBeVisible();
  // The unfolded stage is brought into view whole, at a size its maps can be read; Fit shows everything.
  const inView = (selector: string) =>
    page.evaluate((sel) => {
      const area = document.querySelector('[data-testid=diagram]')!.getBoundingClientRect();
      return [...document.querySelectorAll(sel)].every((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= area.left - 1 && r.right <= area.right + 1 && r.top >= area.top - 1 && r.bottom <= area.bottom + 1;
      });
    }, selector);
  await expect.poll(() => inView('[data-testid=diagram] [data-testid^="layer-googlenet/b3/"]')).toBe(true);
  const tile = await page.getByTestId('layer-googlenet/b3/inception1/p2_2').locator('canvas').boundingBox();
  expect(Math.min(tile!.width, tile!.height)).toBeGreaterThanOrEqual(12);
  await page.getByTestId('diagram-fit').click();
  await expect.poll(() => inView('[data-testid=diagram] foreignObject.box')).toBe(true);
  await page.getByTestId('toggle-b3').click();
  await expect(page.getByTestId('layer-googlenet/b3/inception2/concat')).toHaveCount(0);
  // A layer inspected from the address, inside a folded stage, is unfolded into view.
  await page.goto('/?net=googlenet&backend=wasm&layer=b4/inception2/p3_2');
  await expect(page.getByTestId('inspect')).toContainText('b4/inception2/p3_2');
  await expect(page.getByTestId('layer-googlenet/b4/inception2/p3_2')).toBeVisible();
  await expect(page.getByTestId('layer-googlenet/b4/inception2/p3_2')).toHaveClass(/selected/);
  for (const net of SHIPPED_NETS) {
    await page.goto(`/?net=${net}&backend=wasm`);
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid=diagram] [data-testid^="layer-"] :is(.node-label, .node-kind, .node-foot)')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    );
    expect(cut, net).toEqual([]);
    // …and no word of a label is split across lines: each fits its box's width.
    const split = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      return [...document.querySelectorAll<HTMLElement>('[data-testid=diagram] [data-testid^="layer-"] .node-label')].flatMap((el) => {
        const cs = getComputedStyle(el);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        ctx.letterSpacing = cs.letterSpacing === "normal" ? "0px" : cs.letterSpacing;
        return (el.textContent ?? '').split(/\s+/).filter((w) => ctx.measureText(w).width > el.clientWidth + 0.5);
      });
    });
    expect(split, net).toEqual([]);
  }
});

test('the keyboard focus on a box is a clear ring', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  const box = page.getByTestId('layer-lenet/conv1');
  await box.focus();
  const outline = await box.evaluate((el) => getComputedStyle(el).outlineWidth);
  expect(parseFloat(outline)).toBeGreaterThanOrEqual(3);
});

test("LeNet as the book's Figure 1: live stacks of maps, dense bars, and a frustum that follows the pointer", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await drawInPlace(page);
  await readPrediction(page);
  await page.getByTestId('drawing-figure1').click();
  const figure = page.getByTestId('figure1');
  await expect(figure).toContainText('6@28x28');
  await expect(figure).toContainText('C1 feature map');
  await expect(figure).toContainText('16@5x5');
  await expect(figure).toContainText('120 - F5 full');
  // Every front map is painted with the digit's activations.
  for (const id of ['lenet/input', 'lenet/sigmoid1', 'lenet/pool1', 'lenet/sigmoid2', 'lenet/pool2']) {
    const lit = await page.getByTestId(`figure1-front-${id}`).evaluate((c: HTMLCanvasElement) => c.width > 0 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0));
    expect(lit, id).toBe(true);
  }
  await expect(page.getByTestId('figure1-frustum')).toHaveCount(0);
  const c3 = page.getByTestId('figure1-front-lenet/sigmoid2');
  const box = (await c3.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(page.getByTestId('figure1-frustum').locator('line')).toHaveCount(4);
  await expect(figure).toContainText('Unit (5, 5) of C3 feature map');
  await page.getByTestId('drawing-flow').click();
  await expect(page.getByTestId('figure1')).toHaveCount(0);
  expect(errors).toEqual([]);
});

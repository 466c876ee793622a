import { expect, test, type Page } from '@playwright/test';
import { netGraph } from '../src/models/graph';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import { isThin } from '../src/viz/flowLayout';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

/** For every layer box: whether its feature-map canvas has any painted pixel. */
const paintedBoxes = (page: Page, net: string) =>
  page.evaluate((prefix) => {
    const out: Record<string, boolean> = {};
    for (const el of document.querySelectorAll<HTMLElement>(`[data-testid^="layer-${prefix}/"]`)) {
      const canvas = el.querySelector('canvas')!;
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let painted = false;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted = true;
      out[el.dataset.layer!] = painted;
    }
    return out;
  }, net);

/** Brings a box or button of the diagram into view (the diagram pans to what has focus) and clicks it. */
async function reveal(page: Page, testId: string) {
  const el = page.getByTestId(testId).first();
  await el.focus();
  await el.click();
}

for (const net of SHIPPED_NETS) {
  test(`${net}: every layer of the diagram shows the drawn digit's feature maps`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/?net=${net}&backend=wasm`);
    await page.getByTestId('diagram-expand-all').click();
    await draw(page, place(DIGITS['7']!, 0.8));
    await readPrediction(page);
    const graph = netGraph(NETS[net]);
    // Activations, dropout, flatten and the upscaling are thin bars (as the book leaves them out); every other layer has maps.
    const boxes = graph.order.filter((id) => !isThin(graph.nodes[id]!.kind));
    const thins = graph.order.filter((id) => isThin(graph.nodes[id]!.kind));
    await expect.poll(async () => Object.values(await paintedBoxes(page, net)).filter(Boolean).length).toBe(boxes.length);
    expect(Object.keys(await paintedBoxes(page, net)).sort()).toEqual([...boxes].sort());
    for (const id of thins) await expect(page.getByTestId(`thin-${id}`)).toHaveCount(1);
    await page.getByTestId('clear').click();
    expect(errors).toEqual([]);
  });
}

test('pointing at a feature-map pixel highlights what it sees on the digit and reads in the previous layer', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await reveal(page, 'layer-lenet/conv2');
  await expect(page.getByTestId('inspect')).toContainText('Conv 5×5, 16 filters');
  await expect(page.getByTestId('inspect-kernels')).toBeVisible();
  const maps = page.getByTestId('inspect-maps');
  const box = (await maps.boundingBox())!;
  // conv2 maps are 10×10: point at the middle of the first tile.
  const tile = box.width / (8 * 11 - 1);
  await maps.hover({ position: { x: tile * 5.5, y: tile * 5.5 } });
  const rf = page.getByTestId('rf-highlight');
  await expect(rf).toBeVisible();
  // A conv2 unit sees 14×14 of the 28×28 digit: half its side.
  const digit = (await page.locator('.rf-digit').boundingBox())!;
  const r = (await rf.boundingBox())!;
  expect(r.width / digit.width).toBeCloseTo(14 / 28, 1);
  await expect(page.getByTestId('rf-read').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspect')).toHaveCount(0);
  // On the diagram itself: pointing at a pool1 pixel outlines its 6×6 patch on the input box.
  await page.getByTestId('layer-lenet/pool1').focus();
  await page.getByTestId('layer-lenet/pool1').locator('canvas').hover({ position: { x: 4, y: 4 } });
  await expect(page.getByTestId('diagram-rf')).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('diagram-rf')).toHaveCount(0);
  await page.getByTestId('layer-lenet/conv2').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspect')).toHaveCount(0);
});

test('the highlight follows an Inception path and a residual shortcut', async ({ page }) => {
  for (const [net, layer] of [
    ['googlenet', 'googlenet/b3/inception1/p3_2'],
    ['resnet', 'resnet/b3/res1/add'],
  ] as const) {
    if (!(SHIPPED_NETS as readonly string[]).includes(net)) continue;
    await page.goto(`/?net=${net}&backend=wasm`);
    await page.getByTestId('diagram-expand-all').click();
    await draw(page, place(DIGITS['7']!, 0.8));
    await readPrediction(page);
    await reveal(page, `layer-${layer}`);
    const maps = page.getByTestId('inspect-maps');
    const box = (await maps.boundingBox())!;
    await maps.hover({ position: { x: box.width * 0.06, y: box.height * 0.06 } });
    await expect(page.getByTestId('rf-highlight')).toBeVisible();
  }
});

test('step-through lights the layers one by one and Play runs on its own', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  const n = netGraph(NETS.lenet).order.length;
  await expect(page.getByTestId('step-count')).toHaveText(`${n} layers`);
  for (let i = 0; i < 3; i++) await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText(`Layer 3 of ${n}`);
  await expect(page.getByTestId('layer-lenet/conv1')).toHaveAttribute('data-step', 'done');
  await expect(page.getByTestId('thin-lenet/sigmoid1')).toHaveAttribute('data-step', 'current');
  await expect(page.getByTestId('layer-lenet/pool1')).toHaveAttribute('data-step', 'ahead');
  await expect(page.getByTestId('step-caption')).toContainText('Sigmoid');
  await expect(page).toHaveURL(/step=2/);
  await page.getByTestId('step-back').click();
  await expect(page.getByTestId('layer-lenet/conv1')).toHaveAttribute('data-step', 'current');
  await page.getByTestId('step-play').click();
  await expect(page.getByTestId('step-count')).toHaveText(`Layer 4 of ${n}`, { timeout: 5000 });
  await page.getByTestId('step-play').click();
  await page.getByTestId('step-reset').click();
  await expect(page.getByTestId('layer-lenet/pool1')).not.toHaveAttribute('data-step', /.+/);
});

test('blocks collapse to one box and expand again', async ({ page }) => {
  const net = SHIPPED_NETS.includes('googlenet') ? 'googlenet' : SHIPPED_NETS.at(-1)!;
  await page.goto(`/?net=${net}&backend=wasm`);
  await page.getByTestId('diagram-expand-all').click();
  const inner = page.getByTestId('layer-googlenet/b3/inception1/p2_2');
  await expect(inner).toBeVisible();
  await reveal(page, 'toggle-b3/inception1');
  await expect(inner).toHaveCount(0);
  const group = page.getByTestId('layer-googlenet/b3/inception1/concat');
  await expect(group).toHaveClass(/collapsed-group/);
  // The expand button sits beside the box's own button (never inside it).
  const expand = page.getByTestId('toggle-b3/inception1');
  await expect(expand).toHaveAccessibleName(/Unfold/);
  await expand.focus();
  await expand.click();
  await expect(inner).toBeVisible();
});

test('the URL restores the inspected layer and the step, and a bad layer is ignored with a notice', async ({ page }) => {
  await page.goto('/?net=lenet&layer=conv2&step=3&backend=wasm');
  await expect(page.getByTestId('inspect')).toContainText('conv2');
  await expect(page.getByTestId('step-count')).toHaveText(/Layer 4 of/);
  await expect(page.getByTestId('layer-lenet/conv2')).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/?net=lenet&layer=nope/%3Cb%3E&backend=wasm');
  await expect(page.getByTestId('notice')).toContainText('layer');
  await expect(page.getByTestId('inspect')).toHaveCount(0);
});

test('layers can be inspected from the keyboard', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await page.getByTestId('layer-lenet/pool1').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspect')).toContainText('pool1');
});

test('the comparison view steps through every network together, stage by stage', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  for (const net of SHIPPED_NETS) await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready');
  for (let i = 0; i < 3; i++) await page.getByTestId('compare-step-next').click();
  await expect(page.getByTestId('compare-step-count')).toContainText('Stage 3 of');
  for (const net of SHIPPED_NETS) {
    const stage = page.getByTestId(`stage-${net}`);
    await expect(stage).toContainText(/^3\//);
    const painted = await stage.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return d.some((v, i) => i % 4 === 3 && v > 0);
    });
    expect(painted, net).toBe(true);
  }
  await page.screenshot({ path: 'test-results/compare-steps.png', fullPage: true });
  await page.getByTestId('compare-step-reset').click();
  await expect(page.getByTestId(`stage-${SHIPPED_NETS[0]}`)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a shared link reopens the view with the drawing; a malformed drawing is ignored with a notice', async ({ page, context }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await reveal(page, 'layer-lenet/pool1');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/d=[A-Za-z0-9_-]+/);
  expect(link).toContain('layer=pool1');
  const other = await context.newPage();
  await other.goto(link);
  expect(await readPrediction(other)).toEqual({ digit: '7', backend: 'wasm' });
  await expect(other.getByTestId('inspect')).toContainText('pool1');
  await other.goto('/?net=lenet&d=%3Cimg%20src%3Dx%3E&backend=wasm');
  await expect(other.getByTestId('notice').filter({ hasText: 'The drawing in this link could not be read' })).toBeVisible();
  await expect(other.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
});

/** The Transitions view: LeNet → … → ResNet two at a time, as the book's Figures 2–7, live on the digit drawn. */
import { expect, test, type Page } from '@playwright/test';
import { NETS } from '../src/models/nets';
import { TRANSITIONS, transitionChanges } from '../src/models/transitions';
import { DIGITS, draw, place, watchErrors } from './helpers';

/** For each canvas under `selector`: whether it is on screen and has painted pixels. */
const litCanvases = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const all = [...document.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`)];
    return all.map((c) => {
      const r = c.getBoundingClientRect();
      const d = c.width && c.height ? c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data : new Uint8ClampedArray();
      let painted = false;
      for (let i = 3; i < d.length && !painted; i += 4) painted = d[i]! > 0;
      return { painted, inView: r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight };
    });
  }, selector);

const ready = async (page: Page, net: string) => {
  const p = page.getByTestId(`prediction-${net}`);
  await expect(p).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  return p.getAttribute('data-digit');
};

for (const { from, to } of TRANSITIONS) {
  test(`${from} → ${to}: both networks and the new block, side by side and live, on one 1280×800 screen`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/?view=evolve&from=${from}&backend=wasm`);
    await expect(page.getByTestId('evolve-from')).toHaveAttribute('data-net', from);
    await expect(page.getByTestId('evolve-to')).toHaveAttribute('data-net', to);
    await draw(page, place(DIGITS['7']!, 0.8));
    expect(await ready(page, from)).toBe('7');
    expect(await ready(page, to)).toBe('7');

    // Row k beside row k, in the book's notation, from the specs.
    const changes = transitionChanges(NETS[from], NETS[to]);
    for (const [side, rows] of [
      ['from', changes.from],
      ['to', changes.to],
    ] as const) {
      const col = page.getByTestId(`evolve-${side}`);
      const boxes = col.locator('[data-testid^="layer-"]');
      await expect(boxes).toHaveCount(rows.length);
      expect(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-book-label')))).toEqual(rows.map((r) => r.label.paper));
      const tops = await boxes.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      for (let k = 1; k < tops.length; k++) expect(tops[k]).toBeGreaterThan(tops[k - 1]!);
    }
    const fromTops = await page.getByTestId('evolve-from').locator('[data-testid^="layer-"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    const toTops = await page.getByTestId('evolve-to').locator('[data-testid^="layer-"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    for (let k = 0; k < Math.min(fromTops.length, toTops.length); k++) expect(Math.abs(fromTops[k]! - toTops[k]!)).toBeLessThanOrEqual(1);
    // What changed is tagged on the new network's rows.
    expect(await page.getByTestId('evolve-to').locator('[data-changed="true"]').count()).toBe(changes.toTags.filter((t) => t.length).length);

    // Every map (both columns and the inset) is painted and on screen, and nothing scrolled.
    await expect.poll(async () => (await litCanvases(page, '[data-testid=evolve]')).every((c) => c.painted && c.inView)).toBe(true);
    expect((await litCanvases(page, '[data-testid=evolve-inset]')).length).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(800);
    await expect(page.getByTestId('evolve')).toBeInViewport({ ratio: 1 });
    // Each changed row's first change is readable in full; each answer's chart is whole, the same size in both columns.
    const firstChips = await page.locator('[data-testid=evolve] .evo-tags .evo-tag:first-child').evaluateAll((els) => els.map((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth + 1 })));
    expect(firstChips.filter((c) => c.cut)).toEqual([]);
    const charts = await page.locator('.evo-answer').evaluateAll((els) =>
      els.map((a) => {
        const c = a.querySelector('.prob-chart')!.getBoundingClientRect();
        const box = a.getBoundingClientRect();
        return { w: Math.round(c.width), h: Math.round(c.height), inside: c.bottom <= box.bottom + 0.5 && c.right <= box.right + 0.5 };
      }),
    );
    expect(charts).toHaveLength(2);
    expect(charts[0]).toEqual(charts[1]);
    expect(charts[0]!.inside).toBe(true);
    await expect(page.getByTestId('draw-canvas')).toBeInViewport({ ratio: 1 });
    expect(errors).toEqual([]);
  });
}

test('Next, Previous, the arrow keys and the address move through the five steps; Back returns', async ({ page }) => {
  await page.goto('/?view=evolve&backend=wasm');
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'lenet');
  await expect(page.getByTestId('evolve-prev')).toBeDisabled();
  for (const { from, to } of TRANSITIONS.slice(1)) {
    await page.getByTestId('evolve-next').click();
    await expect(page.getByTestId('evolve')).toHaveAttribute('data-to', to);
    expect(new URL(page.url()).searchParams.get('from')).toBe(from);
  }
  await expect(page.getByTestId('evolve-next')).toBeDisabled();
  await page.getByTestId('evolve-prev').click();
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'nin');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'vgg');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'nin');
  await page.goBack();
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'vgg');
  await page.goBack();
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'nin');
  // An unknown transition is said, and the first one shown.
  await page.goto('/?view=evolve&from=resnet&backend=wasm');
  await expect(page.getByTestId('evolve')).toHaveAttribute('data-from', 'lenet');
  await expect(page.getByTestId('notice')).toContainText('from');
});

test('the residual inset shows f(x) = x + g(x): the sum map is the sum of the two maps beside it', async ({ page }) => {
  await page.goto('/?view=evolve&from=googlenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await ready(page, 'resnet');
  const trios = page.getByTestId('evolve-residual');
  await expect(trios).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    const ids = await trios.nth(i).evaluate((e) => ({ x: e.getAttribute('data-x')!, g: e.getAttribute('data-g')!, sum: e.getAttribute('data-sum')! }));
    // The three maps on the page are those nodes' outputs.
    for (const id of Object.values(ids)) await expect(trios.nth(i).locator(`canvas[data-node="${id}"]`)).toHaveAttribute('data-lit', 'true');
    const [x, g, sum] = await page.evaluate((ids) => [ids.x, ids.g, ids.sum].map((id) => window.convflow!.activation('resnet', id)!), ids);
    expect(sum.shape).toEqual(x.shape);
    expect(g.shape).toEqual(x.shape);
    let worst = 0;
    for (let k = 0; k < sum.data.length; k++) worst = Math.max(worst, Math.abs(x.data[k]! + g.data[k]! - sum.data[k]!));
    expect(worst).toBeLessThan(1e-4);
    // And the block changed something: g(x) is not zero.
    expect(Math.max(...g.data.map(Math.abs))).toBeGreaterThan(0.01);
  }
});

test('stepping runs on both columns row by row, and a row opens its network at that layer', async ({ page }) => {
  await page.goto('/?view=evolve&from=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await ready(page, 'alexnet');
  await page.getByTestId('evolve-step-next').click();
  await page.getByTestId('evolve-step-next').click();
  await page.getByTestId('evolve-step-next').click();
  expect(new URL(page.url()).searchParams.get('step')).toBe('2');
  for (const side of ['from', 'to']) {
    const lit = await page
      .getByTestId(`evolve-${side}`)
      .locator('[data-testid^="layer-"] canvas')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-lit')));
    expect(lit.slice(0, 3)).toEqual(['true', 'true', 'true']);
    expect(lit.slice(3).every((l) => l === 'false')).toBe(true);
  }
  await page.getByTestId('evolve-step-all').click();
  await expect(page.getByTestId('evolve-to').locator('canvas[data-lit="false"]')).toHaveCount(0);
  // A row is a way into the network, at the layer it names (the convolution, not the ReLU folded into it).
  await page.getByTestId('layer-alexnet/conv2_relu').getByRole('button').click();
  expect(new URL(page.url()).searchParams.get('layer')).toBe('conv2');
  await page.goBack();
  await expect(page.getByTestId('evolve')).toBeVisible();
  await page.getByTestId('layer-alexnet/pool1').getByRole('button').click();
  await expect(page.getByTestId('view-single')).toHaveAttribute('aria-pressed', 'true');
  expect(new URL(page.url()).searchParams.get('net')).toBe('alexnet');
  expect(new URL(page.url()).searchParams.get('layer')).toBe('pool1');
});

test("the insets are drawn to be read: maps at least 32 px, in the book's colours", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?view=evolve&from=nin&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await ready(page, 'googlenet');
  const sides = async () =>
    page.locator('[data-testid=evolve-inset] canvas[data-lit=true]').evaluateAll((els) => els.map((e) => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height)));
  await expect.poll(async () => (await sides()).length).toBe(12);
  expect(Math.min(...(await sides()))).toBeGreaterThanOrEqual(32);
  await page.getByTestId('evolve-next').click();
  await ready(page, 'resnet');
  await expect.poll(async () => (await sides()).length).toBe(6);
  expect(Math.min(...(await sides()))).toBeGreaterThanOrEqual(40);
  // The VGG block's convolutions are light blue and its pooling dark, as in the book's Figure 3.
  await page.goto('/?view=evolve&from=alexnet&backend=wasm');
  await expect(page.locator('.evo-block-row.book-conv')).toHaveCount(2);
  await expect(page.locator('.evo-block-row.book-pool')).toHaveCount(1);
});

test('on a phone the columns stack at full width, labels readable, and the step strip shows the current step', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?view=evolve&from=googlenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await ready(page, 'resnet');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const labelWidths = await page.locator('[data-testid=evolve] .evo-box').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  expect(Math.min(...labelWidths)).toBeGreaterThanOrEqual(180);
  const current = page.locator('.evo-steps [aria-current=step]');
  await expect(current).toHaveText(/GoogLeNet → ResNet-18/);
  const inStrip = await current.evaluate((b) => {
    const strip = b.closest('ol')!.getBoundingClientRect();
    const r = b.getBoundingClientRect();
    return r.left >= strip.left - 1 && r.right <= strip.right + 1;
  });
  expect(inStrip).toBe(true);
});

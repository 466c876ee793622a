/** What a newcomer trips over in the first minutes: each a test that failed before it was fixed. */
import { expect, test, type Page } from '@playwright/test';
import { netGraph } from '../src/models/graph';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import { DIGITS, draw, place, readPrediction, uploadPadPhoto, watchErrors } from './helpers';

const padBox = async (page: Page) => (await page.getByTestId('draw-canvas').boundingBox())!;

test('nothing moves the pad: not the backend notice, not a change of network', async ({ page }) => {
  const errors = watchErrors(page);
  // No backend asked for: the app times the backends in idle time and says what it chose.
  await page.goto('/?net=lenet');
  const before = await padBox(page);
  await expect(page.getByTestId('notice').first()).toBeVisible({ timeout: 60_000 });
  expect(await padBox(page)).toEqual(before);
  const tabs = await page.getByTestId('net-lenet').boundingBox();
  for (const net of SHIPPED_NETS) {
    await page.getByTestId(`net-${net}`).click();
    await expect(page.getByTestId(`net-${net}`)).toHaveAttribute('aria-pressed', 'true');
    expect(await padBox(page), net).toEqual(before);
    expect(await page.getByTestId('net-lenet').boundingBox(), net).toEqual(tabs);
  }
  expect(errors).toEqual([]);
});

test('Back and Forward walk the networks and views visited, keeping the drawing, even after leaving the app', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await page.getByTestId('net-alexnet').click();
  await page.getByTestId('net-vgg').click();
  await page.getByTestId('view-compare').click();
  await expect(page).toHaveURL(/view=compare/);
  await page.goBack();
  await expect(page).toHaveURL(/net=vgg/);
  await expect(page).not.toHaveURL(/view=compare/);
  expect((await readPrediction(page)).digit).toBe('7');
  await page.goBack();
  await expect(page).toHaveURL(/net=alexnet/);
  await expect(page.getByTestId('net-alexnet')).toHaveAttribute('aria-pressed', 'true');
  expect((await readPrediction(page)).digit).toBe('7');
  await page.goForward();
  await expect(page.getByTestId('net-vgg')).toHaveAttribute('aria-pressed', 'true');
  expect((await readPrediction(page)).digit).toBe('7');
  // Leave the app and come back: the page loads again, and the drawing is still there.
  await page.goto('about:blank');
  await page.goBack();
  await expect(page).toHaveURL(/net=vgg/);
  expect((await readPrediction(page)).digit).toBe('7');
  expect(errors).toEqual([]);
});

test('Undo after drawing over an upload brings the upload back', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  // The pad itself, photographed (white ink on black), then uploaded.
  await uploadPadPhoto(page);
  await expect(page.getByTestId('picture')).toContainText('drawing on the pad replaces it');
  expect((await readPrediction(page)).digit).toBe('7');
  await draw(page, place(DIGITS['1']!, 0.8));
  await expect(page.getByTestId('picture')).toHaveCount(0);
  expect((await readPrediction(page)).digit).toBe('1');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('picture')).toContainText('seven.png');
  expect((await readPrediction(page)).digit).toBe('7');
  // Clear can be undone too.
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('picture')).toContainText('seven.png');
});

/** Points at the middle of channel `k`'s tile in the inspect panel's maps. */
async function pointAtChannel(page: Page, k: number) {
  const maps = page.getByTestId('inspect-maps');
  const g = await maps.evaluate((c: HTMLCanvasElement) => ({ zoom: c.clientWidth / c.width }));
  return { maps, at: (w: number, h: number) => ({ x: ((k % 8) * (w + 1) + w / 2) * g.zoom, y: (Math.floor(k / 8) * (h + 1) + h / 2) * g.zoom }) };
}

test('the inspect panel traces a concatenated channel to its path, and shows both inputs of a residual add', async ({ page }) => {
  const g = netGraph(NETS.googlenet);
  const concat = g.nodes['googlenet/b3/inception1/concat']!;
  const first = g.nodes[concat.inputs[0]!]!.shape[0]!;
  await page.goto('/?net=googlenet&backend=wasm&layer=b3/inception1/concat');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  const [, h, w] = concat.shape as [number, number, number];
  const { maps, at } = await pointAtChannel(page, first);
  await maps.hover({ position: at(w, h) });
  const input = page.getByTestId('inspect-input');
  await expect(input).toHaveCount(1);
  await expect(input).toHaveAttribute('data-input', concat.inputs[1]!);
  await expect(page.getByTestId('inspect')).toContainText(`channel ${first} is channel 0 of b3/inception1/`);

  await page.goto('/?net=resnet&backend=wasm&layer=b2/res1/add');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  const add = netGraph(NETS.resnet).nodes['resnet/b2/res1/add']!;
  const inputs = page.getByTestId('inspect-input');
  await expect(inputs).toHaveCount(2);
  expect(await inputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-input')))).toEqual(add.inputs);
  await expect(page.getByTestId('inspect')).toContainText('x, the shortcut');
  await expect(page.getByTestId('inspect')).toContainText('g(x), the body');
});

test('a share link whose drawing cannot be read says so', async ({ page, context }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const cut = new URL(link);
  cut.searchParams.set('d', cut.searchParams.get('d')!.slice(0, -7));
  for (const bad of [cut.href, '/?net=lenet&backend=wasm&d=garbage', '/?net=lenet&backend=wasm&d=']) {
    const other = await context.newPage();
    await other.goto(bad);
    await expect(other.getByTestId('notice')).toContainText('The drawing in this link could not be read');
    await expect(other.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
    await other.close();
  }
});

test('switching backend says it is starting, never shows the old backend meanwhile, and keeps the first run apart', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect((await readPrediction(page)).backend).toBe('wasm');
  await page.getByTestId('timing').evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { seenTimings: string[] }).seenTimings = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('backend-cpu').click();
  expect((await readPrediction(page)).backend).toBe('cpu');
  await expect(page.getByTestId('timing')).toContainText('on CPU');
  const seen = await page.evaluate(() => (window as unknown as { seenTimings: string[] }).seenTimings);
  expect(seen.some((t) => /Starting CPU|First run on CPU|its first run/.test(t))).toBe(true);
  expect(seen.filter((t) => t.includes('WASM'))).toEqual([]);
});

test('the comparison shows what every network sees before they have all answered', async ({ page }) => {
  await page.goto('/?view=compare&backend=cpu');
  await expect(page.getByTestId(`prediction-${SHIPPED_NETS.at(-1)}`)).toContainText('Draw a digit');
  await page.evaluate((nets) => {
    const w = window as unknown as { previewAt?: number; allAt?: number };
    const tick = () => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=model-input]')!;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      if (w.previewAt === undefined && px.some((v, i) => i % 4 === 0 && v > 0)) w.previewAt = performance.now();
      if (w.allAt === undefined && nets.every((n) => document.querySelector(`[data-testid=prediction-${n}]`)?.getAttribute('data-state') === 'ready')) w.allAt = performance.now();
      if (w.allAt === undefined) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, [...SHIPPED_NETS]);
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect.poll(() => page.evaluate(() => (window as unknown as { allAt?: number }).allAt)).toBeDefined();
  const t = await page.evaluate(() => {
    const w = window as unknown as { previewAt: number; allAt: number };
    return { previewAt: w.previewAt, allAt: w.allAt };
  });
  expect(t.previewAt).toBeLessThan(t.allAt);
});

test('the comparison: its stage is in the address, and each card opens its network as a link at that stage', async ({ page }) => {
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await page.getByTestId('compare-step-next').click();
  await page.getByTestId('compare-step-next').click();
  await expect(page).toHaveURL(/stage=1/);
  await page.reload();
  await expect(page.getByTestId('compare-step-count')).toContainText('Stage 2 of');
  const open = page.getByRole('link', { name: 'Open GoogLeNet →' });
  await expect(open).toHaveAttribute('href', /net=googlenet.*layer=/);
  await page.mouse.wheel(0, 600);
  await open.click();
  await expect(page).toHaveURL(/net=googlenet/);
  await expect(page.getByTestId('inspect')).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.goBack();
  await expect(page).toHaveURL(/view=compare.*stage=1/);
});

test('a step past the end becomes the last layer in the address; clearing the pad stops Play', async ({ page }) => {
  await page.goto('/?net=vgg&backend=wasm&step=999');
  await expect(page).not.toHaveURL(/step=999/);
  await expect(page).toHaveURL(/step=\d+/);
  const n = Number(new URL(page.url()).searchParams.get('step'));
  await expect(page.getByTestId('step-count')).toHaveText(`Layer ${n + 1} of ${n + 1}`);
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await page.getByTestId('step-play').click();
  await expect(page.getByTestId('step-play')).toHaveText('Pause');
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('step-play')).toHaveText('Play');
});

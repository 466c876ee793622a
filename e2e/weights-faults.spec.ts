import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, readPrediction } from './helpers';

const MODEL = '**/weights/lenet/model.json';
const WEIGHTS = '**/weights/lenet/weights.bin';

/** Uncaught exceptions only: the browser itself logs failed requests as console errors. */
function watchUncaught(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function expectErrorButPadWorks(page: Page, message: RegExp) {
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error')).toContainText(message);
  await expect(page.getByTestId('retry')).toBeVisible();
  // The pad still draws, and the preview shows what the network would see.
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('undo')).toBeEnabled();
  await expect(prediction).toHaveAttribute('data-state', 'error');
  await expect(prediction).toHaveAttribute('data-digit', '');
  const inked = await page.locator('[data-testid="layer-lenet/input"] canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! > 50) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(20);
}

test('missing weights: a clear message, a Retry that works, and a pad that still draws', async ({ page }) => {
  const errors = watchUncaught(page);
  await page.route(MODEL, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/?backend=wasm');
  await expectErrorButPadWorks(page, /weights could not be loaded.*HTTP 404/);
  await page.unroute(MODEL);
  await page.getByTestId('retry').click();
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  expect(errors).toEqual([]);
});

test('corrupt model.json: a clear message', async ({ page }) => {
  const errors = watchUncaught(page);
  await page.route(MODEL, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"modelTopology": {"class' }));
  await page.goto('/?backend=wasm');
  await expectErrorButPadWorks(page, /not valid JSON/);
  expect(errors).toEqual([]);
});

test('truncated weight file: a clear message', async ({ page }) => {
  const errors = watchUncaught(page);
  await page.route(WEIGHTS, async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    await route.fulfill({ response: res, body: body.subarray(0, 1000) });
  });
  await page.goto('/?backend=wasm');
  await expectErrorButPadWorks(page, /truncated/);
  expect(errors).toEqual([]);
});

test('in the comparison, one network’s broken weights fail that network alone; Retry brings it back', async ({ page }) => {
  const errors = watchUncaught(page);
  const broken = {
    googlenet: (route: import('@playwright/test').Route) => route.fulfill({ status: 404, body: 'not found' }),
    vgg: (route: import('@playwright/test').Route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"modelTopology": [' }),
  };
  await page.route('**/weights/googlenet/model.json', broken.googlenet);
  await page.route('**/weights/vgg/model.json', broken.vgg);
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction-googlenet')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('prediction-googlenet')).toContainText('HTTP 404');
  await expect(page.getByTestId('prediction-vgg')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('prediction-vgg')).toContainText('not valid JSON');
  for (const net of ['lenet', 'alexnet', 'nin', 'resnet']) {
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-digit', '7');
  }
  await page.unroute('**/weights/googlenet/model.json');
  await page.unroute('**/weights/vgg/model.json');
  await page.getByTestId('prediction-googlenet').getByTestId('retry').click();
  for (const net of ['googlenet', 'vgg']) {
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-digit', '7');
  }
  expect(errors).toEqual([]);
});

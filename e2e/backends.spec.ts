import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

const LABELS: Record<string, string> = { WebGPU: 'webgpu', WebGL: 'webgl', WASM: 'wasm', CPU: 'cpu' };

/** Waits for the timing notice and returns it with the backend it says the app now uses. */
async function timingNotice(page: Page): Promise<{ text: string; chosen: string }> {
  const notice = page.getByTestId('notice').filter({ hasText: 'timed each backend' });
  await expect(notice).toBeVisible({ timeout: 60_000 });
  const text = (await notice.textContent())!;
  const m = /(?:stays on|now runs on) (WebGPU|WebGL|WASM|CPU), the fastest/.exec(text);
  expect(m, text).not.toBeNull();
  return { text, chosen: LABELS[m![1]!]! };
}

test('where WebGPU is only a software fallback, the app starts on WASM, times every backend and uses the fastest', async ({ page }) => {
  const errors = watchErrors(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  // The test browser's only WebGPU adapter is SwiftShader's, a fallback adapter.
  await page.goto('/');
  await expect(page.getByTestId('backend-wasm')).toHaveAttribute('aria-pressed', 'true');
  const { text, chosen } = await timingNotice(page);
  expect(text).toContain('software fallback');
  // Every backend was timed, each with a figure in ms.
  for (const label of Object.keys(LABELS)) expect(text).toMatch(new RegExp(`${label} [0-9.]+ ms`));
  // The figures are listed fastest first, and the chosen backend is the first (or within 10% of it).
  const figures = [...text.matchAll(/(WebGPU|WebGL|WASM|CPU) ([0-9.]+) ms/g)].map((m) => ({ backend: LABELS[m[1]!]!, ms: Number(m[2]) }));
  expect(figures.map((f) => f.ms)).toEqual([...figures.map((f) => f.ms)].sort((a, b) => a - b));
  expect(figures.find((f) => f.backend === chosen)!.ms).toBeLessThanOrEqual(figures[0]!.ms * 1.1 + 0.05);
  await expect(page.getByTestId(`backend-${chosen}`)).toHaveAttribute('aria-pressed', 'true');
  // The timing ran in a worker, off the page's thread.
  expect(workers).toHaveLength(1);
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: chosen });
  // The user's pick wins over the timing.
  const other = chosen === 'cpu' ? 'webgl' : 'cpu';
  await page.getByTestId(`backend-${other}`).click();
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: other });
  await expect(page.getByTestId('notice').filter({ hasText: 'timed each backend' })).toHaveCount(0);
  expect(page.url()).toContain(`backend=${other}`);
  expect(errors).toEqual([]);
});

test('with no WebGPU at all, the app times the other three and says so', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    if (navigator.gpu) navigator.gpu.requestAdapter = async () => null;
  });
  await page.goto('/');
  const { text, chosen } = await timingNotice(page);
  expect(text).toContain('This browser offers no WebGPU');
  expect(text).not.toContain('WebGPU 0');
  for (const label of ['WebGL', 'WASM', 'CPU']) expect(text).toMatch(new RegExp(`${label} [0-9.]+ ms`));
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: chosen });
  expect(errors).toEqual([]);
});

test('on a hardware WebGPU adapter the app starts on WebGPU and times nothing', async ({ page }) => {
  await page.addInitScript(() => {
    const gpu = navigator.gpu;
    if (!gpu) return;
    const request = gpu.requestAdapter.bind(gpu);
    // Present SwiftShader's adapter as a hardware one.
    gpu.requestAdapter = async (options) => {
      const adapter = await request(options);
      if (adapter) {
        Object.defineProperty(adapter, 'isFallbackAdapter', { value: false });
        const info = (adapter as unknown as { info: Record<string, unknown> }).info;
        const copy = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: false };
        Object.defineProperty(adapter, 'info', { value: copy });
      }
      return adapter;
    };
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgpu' });
  // Where the timing would have started by now, nothing ran: no worker, no notice.
  await page.waitForTimeout(3000);
  expect(workers).toEqual([]);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('a backend asked for in the address that cannot start falls back to the next, with a notice', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    if (navigator.gpu) navigator.gpu.requestAdapter = async () => null;
  });
  await page.goto('/?backend=webgpu');
  await expect(page.getByTestId('notice')).toContainText('WebGPU could not start (no WebGPU adapter is available)');
  await expect(page.getByTestId('notice')).toContainText('using WebGL instead');
  await expect(page.getByTestId('backend-webgl')).toHaveAttribute('aria-pressed', 'true');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgl' });
  expect(errors).toEqual([]);
});

test('each network is warmed up in idle time after it loads', async ({ page }) => {
  await page.goto('/?net=resnet&backend=wasm');
  await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined);
  // The warm-up ran before any drawing, and shows nothing: the pad is still empty.
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  expect(await page.evaluate(() => window.convflow!.lastTook('warmed'))).toBeGreaterThan(0);
});

test('unknown values in the address are ignored with a notice, never rendered', async ({ page }) => {
  await page.goto('/?net=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&view=%3Cscript%3E&backend=quantum');
  await expect(page.getByTestId('notice').first()).toContainText('Ignored an unknown value in the address: net, view, backend');
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('#result-title')).toHaveText('LeNet-5 reads');
  // The app chose a backend for itself.
  await draw(page, place(DIGITS['1']!, 0.8));
  const { digit, backend } = await readPrediction(page);
  expect(digit).toBe('1');
  expect(Object.values(LABELS)).toContain(backend);
});

test('huge values in the address are ignored with a notice that does not repeat them, and the page works', async ({ page }) => {
  const errors = watchErrors(page);
  const huge = (unit: string, n: number) => encodeURIComponent(unit.repeat(n));
  // As long as a server lets an address through (Node's limit on request headers is 16 KiB).
  await page.goto(`/?net=${huge('<b>x</b>', 200)}&view=${huge('compare', 300)}&layer=${huge('conv1', 300)}&d=${'A'.repeat(5000)}&backend=wasm`);
  await expect(page.getByTestId('notice').filter({ hasText: 'net, view' })).toBeVisible();
  await expect(page.getByTestId('notice').filter({ hasText: 'The drawing in this link could not be read' })).toBeVisible();
  const shown = await page.getByTestId('notice').allTextContents();
  for (const text of shown) expect(text.length).toBeLessThan(400);
  await expect(page.locator('b')).toHaveCount(0);
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'wasm' });
  expect(errors).toEqual([]);
});

test('when the WebGPU device is lost mid-session, the app restarts WebGPU, says so, and keeps reading', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?net=lenet&backend=webgpu');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgpu' });
  await page.evaluate(() => window.convflow!.loseDevice());
  await expect(page.getByTestId('notice')).toContainText('The GPU device was lost');
  await expect(page.getByTestId('notice')).toContainText('started WebGPU again');
  // The drawing was kept and is read again on the new device; the next stroke works too.
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgpu' });
  await page.getByTestId('clear').click();
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'webgpu' });
  expect(errors).toEqual([]);
});

test('on a cross-origin-isolated host, WASM starts single-threaded: tfjs’s threads would need blob: workers, which the page’s CSP refuses', async ({ page }) => {
  const errors = watchErrors(page);
  // Serve everything as a host that sets COOP and COEP would (issue 18), so SharedArrayBuffer exists.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
  });
  await page.goto('/?backend=wasm');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend-wasm')).toHaveAttribute('aria-pressed', 'true');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  expect(errors).toEqual([]);
});

import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

test('when WebGPU has no adapter, the app says so and falls back to WebGL', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    if (navigator.gpu) navigator.gpu.requestAdapter = async () => null;
  });
  await page.goto('/');
  await expect(page.getByTestId('notice')).toContainText('WebGPU could not start (no WebGPU adapter is available)');
  await expect(page.getByTestId('notice')).toContainText('using WebGL instead');
  await expect(page.getByTestId('backend-webgl')).toHaveAttribute('aria-pressed', 'true');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgl' });
  expect(errors).toEqual([]);
});

test('unknown values in the address are ignored with a notice, never rendered', async ({ page }) => {
  await page.goto('/?net=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&view=%3Cscript%3E&backend=quantum');
  await expect(page.getByTestId('notice')).toContainText('Ignored an unknown value in the address: net, view, backend');
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('#result-title')).toHaveText('LeNet-5 reads');
  // The app chose for itself: WebGPU where it works.
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'webgpu' });
});

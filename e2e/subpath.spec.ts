/** The app hosted under a sub-path (a course site's /convflow/): everything it loads is found there. */
import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, watchErrors } from './helpers';

test('under /convflow/ the page loads everything from there (weights, WASM binary, samples, the timing worker) and reads a digit', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && !url.pathname.startsWith('/convflow/')) outside.push(url.pathname);
  });
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  // No ?backend=: the page times the backends in its worker, then settles on one.
  await page.goto('./');
  expect(new URL(page.url()).pathname).toBe('/convflow/');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
  // A sample digit (public/samples) and another network's weights, on WASM (its binary).
  await page.goto('./?net=resnet&backend=wasm');
  await page.getByTestId('sample-1').click();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.getByTestId('prediction').getAttribute('data-backend')).toBe('wasm');
  expect(baseURL).toContain('/convflow/');
  expect(outside).toEqual([]);
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});

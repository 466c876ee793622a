/**
 * What a newcomer does first, run on the production build and on `npm run dev` (whose StrictMode
 * mounts, unmounts and mounts every component again): draw at once and after load, switch network,
 * inspect a layer, compare, upload, train in Learn.
 */
import { expect, test } from '@playwright/test';
import { SHIPPED_NETS } from '../src/models/nets';
import { DIGITS, draw, place, readPrediction, uploadPadPhoto, watchErrors } from './helpers';

test('a digit drawn the moment the page opens is answered', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm', { waitUntil: 'domcontentloaded' });
  await draw(page, place(DIGITS['7']!, 0.8));
  expect((await readPrediction(page)).digit).toBe('7');
  expect(errors).toEqual([]);
});

test('after load: draw, switch network, inspect a layer, undo and draw again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await expect(page.getByTestId('prediction')).toContainText('Draw a digit');
  await draw(page, place(DIGITS['1']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '1', backend: 'wasm' });
  await page.getByTestId('net-alexnet').click();
  expect((await readPrediction(page)).digit).toBe('1');
  const layer = page.getByTestId('layer-alexnet/conv1');
  await layer.focus();
  await layer.click();
  await expect(page.getByTestId('inspect')).toContainText('conv1');
  await expect(page.getByTestId('inspect-maps')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  await draw(page, place(DIGITS['0']!, 0.8));
  expect((await readPrediction(page)).digit).toBe('0');
  expect(errors).toEqual([]);
});

test('the comparison answers with all six networks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  for (const net of SHIPPED_NETS) {
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-digit', '7');
  }
  expect(errors).toEqual([]);
});

test('the Transitions view answers with both networks, step after step', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?view=evolve&from=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  for (const net of ['lenet', 'alexnet']) await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-digit', '7');
  await page.getByTestId('evolve-next').click();
  await expect(page.getByTestId('prediction-vgg')).toHaveAttribute('data-digit', '7');
  expect(errors).toEqual([]);
});

test('an uploaded image is read', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  // The pad itself, photographed (white ink on black), then uploaded.
  await uploadPadPhoto(page);
  expect((await readPrediction(page)).digit).toBe('7');
  expect(errors).toEqual([]);
});

test('Learn trains LeNet in the page and reads the drawing with the weights it has so far', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 90_000 });
  await draw(page, DIGITS['7']!);
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await page.getByTestId('train-steps').getAttribute('data-value')), { timeout: 90_000 }).toBeGreaterThanOrEqual(250);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('learn-answer')).toHaveAttribute('data-value', /\d/);
  expect(Number(await page.getByTestId('train-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.5);
  expect(errors).toEqual([]);
});

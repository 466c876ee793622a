import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

test('the MNIST test digits go through the same preprocessing and are read as labelled', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  for (let d = 0; d < 10; d++) {
    await page.getByTestId(`sample-${d}`).click();
    await expect(page.getByTestId('picture')).toContainText(`labelled ${d}`);
    expect((await readPrediction(page)).digit, `sample ${d}`).toBe(String(d));
  }
  await expect(page.getByTestId('announce')).toHaveText('LeNet-5 reads 9.');
  // Drawing replaces the picture; Clear empties both.
  await draw(page, place(DIGITS['1']!, 0.6));
  await expect(page.getByTestId('picture')).toHaveCount(0);
  expect((await readPrediction(page)).digit).toBe('1');
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  expect(errors).toEqual([]);
});

test('an uploaded photo of a digit (dark ink on white) is read like a drawing', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  // The pad itself, photographed: dark ink on a light background.
  const png = await page.getByTestId('draw-canvas').screenshot();
  await page.getByTestId('clear').click();
  await page.getByTestId('upload').setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('picture')).toContainText('seven.png');
  expect((await readPrediction(page)).digit).toBe('7');
});

test('files that are not usable images give a clear message and change nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  const upload = page.getByTestId('upload');
  await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('input-error')).toContainText('not a PNG or JPEG');
  await upload.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('input-error')).toContainText('is empty');
  await upload.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await expect(page.getByTestId('input-error')).toContainText('could not be read');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  expect(errors).toEqual([]);
});

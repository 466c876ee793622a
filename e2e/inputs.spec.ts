import { expect, test } from '@playwright/test';
import { animatedGif, claimedPng, grayPng } from './images';
import { DIGITS, draw, place, readPrediction, uploadPadPhoto, watchErrors } from './helpers';

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

test('an uploaded photograph of the pad is read like a drawing', async ({ page }) => {
  await page.goto('/?net=lenet&backend=wasm');
  // The pad itself, photographed (white ink on black), then uploaded.
  await uploadPadPhoto(page);
  expect((await readPrediction(page)).digit).toBe('7');
});

test('files that are not usable images give a clear message and change nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  const upload = page.getByTestId('upload');
  await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('input-error')).toContainText('not a PNG, JPEG, GIF or WebP image');
  await upload.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('input-error')).toContainText('is empty');
  // Named and typed as a PNG, but not one: the bytes decide.
  await upload.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await expect(page.getByTestId('input-error')).toContainText('not a PNG, JPEG, GIF or WebP image');
  // A real PNG header with broken pixel data.
  const corrupt = grayPng(40, 40, () => false);
  corrupt.fill(7, 41, 60);
  await upload.setInputFiles({ name: 'corrupt.png', mimeType: 'image/png', buffer: corrupt });
  await expect(page.getByTestId('input-error')).toContainText('could not be read');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  expect(errors).toEqual([]);
});

test('hostile uploads: a huge image works, a bomb and an SVG with a script are refused, a GIF gives its first frame', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  const upload = page.getByTestId('upload');
  // An SVG whose script would set a flag if it ever ran.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" onload="window.__ran=1"><script>window.__ran=1</script><rect width="28" height="28"/></svg>';
  await upload.setInputFiles({ name: 'digit.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
  await expect(page.getByTestId('input-error')).toContainText('not a PNG, JPEG, GIF or WebP image');
  expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
  // A file that claims 60000×60000 pixels is refused before decoding.
  await upload.setInputFiles({ name: 'bomb.png', mimeType: 'image/png', buffer: claimedPng(60000, 60000) });
  await expect(page.getByTestId('input-error')).toContainText('60000×60000 pixels');
  // 8000×8000: a thick vertical bar, a "1", read like any photo of one.
  const big = grayPng(8000, 8000, (x, y) => x > 3600 && x < 4400 && y > 1200 && y < 6800);
  await upload.setInputFiles({ name: 'big-one.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByTestId('picture')).toContainText('big-one.png');
  expect((await readPrediction(page)).digit).toBe('1');
  // An animated GIF: a bar (a "1") first, then a blank frame; the first frame is what is read.
  const gif = animatedGif(56, 56, 2, (f, x, y) => f === 0 && x >= 25 && x <= 30 && y >= 8 && y <= 47);
  await upload.setInputFiles({ name: 'blink.gif', mimeType: 'image/gif', buffer: gif });
  await expect(page.getByTestId('picture')).toContainText('blink.gif" (its first frame)');
  expect((await readPrediction(page)).digit).toBe('1');
  expect(errors).toEqual([]);
});

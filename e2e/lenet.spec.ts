import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors, type PadStroke } from './helpers';

/** Each digit at a few sizes and positions, as different people would draw it. */
const CASES: { digit: string; strokes: PadStroke[] }[] = [
  { digit: '0', strokes: place(DIGITS['0']!, 0.9) },
  { digit: '0', strokes: place(DIGITS['0']!, 0.5, -0.2, 0.15) },
  { digit: '1', strokes: place(DIGITS['1']!, 0.85, 0.05) },
  { digit: '1', strokes: place(DIGITS['1']!, 0.45, 0.25, -0.2) },
  { digit: '7', strokes: place(DIGITS['7']!, 0.9) },
  { digit: '7', strokes: place(DIGITS['7']!, 0.55, -0.15, 0.18) },
];

async function expectDigits(page: import('@playwright/test').Page, backend: string) {
  for (const c of CASES) {
    await draw(page, c.strokes);
    const got = await readPrediction(page);
    expect(got, `drew a ${c.digit}`).toEqual({ digit: c.digit, backend });
    await page.getByTestId('clear').click();
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  }
}

for (const backend of ['webgpu', 'webgl', 'wasm'] as const) {
  test(`recognises a drawn 0, 1 and 7 on ${backend}`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/?net=lenet&backend=${backend}`);
    await expect(page.getByTestId(`backend-${backend}`)).toHaveAttribute('aria-pressed', 'true');
    await expectDigits(page, backend);
    expect(errors).toEqual([]);
  });
}

test('starts with a hint and no prediction; Clear returns to it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-state', 'idle');
  await expect(prediction).toHaveAttribute('data-digit', '');
  await expect(page.getByTestId('hint')).toContainText('Draw a digit');
  await expect(page.getByTestId('clear')).toBeDisabled();
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  await page.getByTestId('clear').click();
  await expect(prediction).toHaveAttribute('data-state', 'idle');
  await expect(prediction).toHaveAttribute('data-digit', '');
  await expect(page.getByTestId('hint')).toContainText('Draw a digit');
  expect(errors).toEqual([]);
});

test('Undo removes the last stroke and the prediction follows', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await draw(page, place(DIGITS['1']!, 0.85));
  expect((await readPrediction(page)).digit).toBe('1');
  // A second stroke turns the 1 into something else ...
  await draw(page, place(DIGITS['0']!, 0.9));
  expect((await readPrediction(page)).digit).not.toBe('1');
  // ... and Undo brings the 1 back.
  await page.getByTestId('undo').click();
  expect((await readPrediction(page)).digit).toBe('1');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('undo')).toBeDisabled();
});

test('the backend can be switched from the page', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  await page.getByTestId('backend-webgl').click();
  await expect(page).toHaveURL(/backend=webgl/);
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'webgl' });
});

test('odd input: a dot, a scribble, strokes off the pad, very fast strokes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm');
  const prediction = page.getByTestId('prediction');
  const box = (await page.getByTestId('draw-canvas').boundingBox())!;

  const checkSane = async () => {
    await expect(prediction).toHaveAttribute('data-state', /^(ready|idle)$/);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    await page.getByTestId('clear').click();
    await expect(prediction).toHaveAttribute('data-state', 'idle');
  };

  // A single click: a dot.
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6);
  await checkSane();

  // A scribble over the whole pad.
  const zigzag: [number, number][] = Array.from({ length: 40 }, (_, i) => [i % 2 ? 0.02 : 0.98, 0.02 + (0.96 * i) / 39]);
  await draw(page, [zigzag], { steps: 2 });
  await checkSane();

  // Strokes that leave the pad and come back.
  await draw(page, [
    [
      [0.5, 0.5],
      [1.6, 0.4],
      [-0.7, 1.5],
      [0.3, 0.3],
    ],
  ]);
  await checkSane();

  // Very fast strokes: one mouse event per segment.
  await draw(page, place(DIGITS['7']!, 0.8), { steps: 1 });
  await draw(page, place(DIGITS['0']!, 0.9), { steps: 1 });
  await checkSane();

  expect(errors).toEqual([]);
});

test('repeated inferences do not grow the tensor count', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  const before = await page.evaluate(() => window.convflow!.memory().numTensors);
  for (let i = 0; i < 10; i++) {
    await draw(page, [
      [
        [0.2 + i * 0.05, 0.5],
        [0.3 + i * 0.05, 0.6],
      ],
    ]);
    await readPrediction(page);
  }
  const after = await page.evaluate(() => window.convflow!.memory().numTensors);
  expect(after).toBe(before);
});

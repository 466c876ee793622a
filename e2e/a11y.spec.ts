import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, readPrediction } from './helpers';

/** axe's serious and critical findings against WCAG 2.1 A and AA, as "rule: where" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`));
}

test('the single-network view, empty and with a digit, has no serious accessibility violation', async ({ page }) => {
  await page.goto('/?net=googlenet&backend=wasm');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  expect(await seriousViolations(page)).toEqual([]);
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('the inspect panel and the step-through have no serious accessibility violation', async ({ page }) => {
  await page.goto('/?net=resnet&backend=wasm&layer=b2/res1/conv1&step=8');
  await draw(page, place(DIGITS['1']!, 0.8));
  await readPrediction(page);
  await expect(page.getByTestId('inspect')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the comparison view, with its step-through, has no serious accessibility violation', async ({ page }) => {
  await page.goto('/?view=compare&backend=wasm');
  await draw(page, place(DIGITS['0']!, 0.8));
  await expect(page.getByTestId('prediction-resnet')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('compare-step-next').click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Transitions view, stepping, has no serious accessibility violation', async ({ page }) => {
  await page.goto('/?view=evolve&from=nin&backend=wasm');
  await draw(page, place(DIGITS['1']!, 0.8));
  await expect(page.getByTestId('prediction-googlenet')).toHaveAttribute('data-state', 'ready');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('evolve-step-next').click();
  await page.getByTestId('evolve-step-next').click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Learn view, training and its experiments, has no serious accessibility violation', async ({ page }) => {
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  await draw(page, place(DIGITS['7']!, 0.8));
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('learn-answer')).toBeVisible();
  await expect(page.getByTestId('train-confusion')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('learn-experiments').click();
  await page.getByTestId('experiment-run').click();
  await expect(page.getByTestId('experiment-verdict')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('experiment-stop').click();
  expect(await seriousViolations(page)).toEqual([]);
});

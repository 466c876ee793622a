/**
 * The Learn view (issue 17): LeNet trains in a worker on WASM while the page stays responsive; Pause
 * stops it, Reset starts over without leaking tensors; the digits download only when Learn opens;
 * an experiment trains its two arms side by side; a missing digits file says so and can be retried.
 */
import { expect, test, type Page } from '@playwright/test';
import { DIGITS, draw, place, watchErrors } from './helpers';

const steps = async (page: Page) => Number(await page.getByTestId('train-steps').getAttribute('data-value'));

/** Frames painted over `ms`, and the longest gap between two, measured in the page. */
const frames = (page: Page, ms: number) =>
  page.evaluate(
    (span) =>
      new Promise<{ count: number; longest: number }>((resolve) => {
        const times: number[] = [];
        const tick = (t: number) => {
          times.push(t);
          if (t - times[0]! < span) requestAnimationFrame(tick);
          else resolve({ count: times.length, longest: Math.max(...times.slice(1).map((v, i) => v - times[i]!)) });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );

test('LeNet trains in the page: the loss falls, held-out accuracy leaves chance behind, the pad keeps answering, Pause stops, Reset leaks nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('learn-backend')).toContainText('Training on WASM', { timeout: 60_000 });
  await expect(page.getByTestId('train-start')).toBeEnabled();
  const fresh = await page.evaluate(() => window.convflow!.learnTensors());
  await draw(page, place(DIGITS['7']!, 0.8));
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-pause')).toBeVisible();
  // The page keeps painting while the worker trains.
  const f = await frames(page, 2000);
  expect(f.count).toBeGreaterThan(20);
  expect(f.longest).toBeLessThan(500);
  await expect.poll(() => steps(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(250);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-start')).toHaveText('Resume');
  const paused = await steps(page);
  await page.waitForTimeout(1500);
  expect(await steps(page)).toBe(paused);
  const loss = page.getByTestId('train-loss-chart');
  expect(Number(await loss.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
  expect(Number(await loss.getAttribute('data-last'))).toBeLessThan(Number(await loss.getAttribute('data-first')) * 0.8);
  expect(Number(await page.getByTestId('train-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.5);
  // The drawn digit is read with the current weights; the confusion matrix has its 100 cells.
  await expect(page.getByTestId('learn-answer')).toBeVisible();
  await expect(page.getByTestId('train-confusion').locator('rect')).not.toHaveCount(0);
  // One batch at a time while paused.
  await page.getByTestId('train-step').click();
  await expect.poll(() => steps(page)).toBe(paused + 1);
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await expect(page.getByTestId('train-accuracy')).toHaveText('–');
  expect(await page.evaluate(() => window.convflow!.learnTensors())).toBe(fresh);
  expect(errors).toEqual([]);
});

test('the training digits are downloaded only when Learn opens', async ({ page }) => {
  const requests: string[] = [];
  // The context sees the worker's requests too.
  page.context().on('request', (r) => requests.push(r.url()));
  await page.goto('/?net=lenet&backend=wasm');
  await draw(page, place(DIGITS['7']!, 0.8));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', /\d/, { timeout: 60_000 });
  expect(requests.filter((u) => u.includes('/learn/'))).toEqual([]);
  await page.getByTestId('view-learn').click();
  await expect(page).toHaveURL(/view=learn/);
  await expect(page.getByTestId('learn-backend')).toContainText('Training on', { timeout: 60_000 });
  expect(requests.filter((u) => u.includes('/learn/mnist-subset.bin.gz'))).toHaveLength(1);
});

test('an experiment trains both arms in turn, says what it shows so far, and stops when asked', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?view=learn&exp=1&backend=wasm');
  await expect(page.getByTestId('experiment-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('experiment-detail')).toContainText('Sigmoid or ReLU');
  await expect(page.getByTestId('experiment-run')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('experiment-run').click();
  const progress = page.getByTestId('experiment-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-value')), { timeout: 90_000 }).toBeGreaterThanOrEqual(50);
  await expect(page.getByTestId('experiment-verdict')).toContainText('So far:');
  // Two curves, one per arm, on each chart.
  await expect(page.getByTestId('experiment-chart-heldOut').locator('path[stroke="#c0392b"]')).toHaveCount(1);
  await expect(page.getByTestId('experiment-chart-heldOut').locator('path[stroke="#0f9d8a"]')).toHaveCount(1);
  await page.getByTestId('experiment-stop').click();
  await expect(page.getByTestId('experiment-run')).toHaveText('Run again');
  const stopped = Number(await progress.getAttribute('data-value'));
  await page.waitForTimeout(1200);
  expect(Number(await progress.getAttribute('data-value'))).toBe(stopped);
  await expect(page.getByTestId('experiment-verdict')).toContainText('Stopped early:');
  await expect(page.getByTestId('experiment-1')).toContainText('stopped at');
  // The address names the experiment; the training tab is one click away.
  await page.getByTestId('learn-train').click();
  await expect(page).not.toHaveURL(/exp=/);
  expect(errors).toEqual([]);
});

test('a missing digits file says what went wrong, and Try again recovers', async ({ page }) => {
  await page.context().route('**/learn/mnist-subset.bin.gz', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/?view=learn&backend=wasm');
  const error = page.getByTestId('learn-error');
  await expect(error).toContainText('could not be downloaded (the server answered 404)', { timeout: 60_000 });
  await page.context().unroute('**/learn/mnist-subset.bin.gz');
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('learn-backend')).toContainText('Training on WASM', { timeout: 60_000 });
  await expect(page.getByTestId('train-start')).toBeEnabled();
});

test('the LeNet trained here can stand in for the shipped one in the other views, labelled as yours, and be put back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  await draw(page, place(DIGITS['1']!, 0.8));
  await page.getByTestId('train-start').click();
  await expect.poll(() => steps(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(60);
  await page.getByTestId('train-pause').click();
  await page.getByTestId('train-use').click();
  await expect(page.getByTestId('train-unuse')).toBeVisible();
  await page.getByTestId('view-single').click();
  await expect(page.getByTestId('own-badge')).toBeVisible();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', /\d/, { timeout: 60_000 });
  await expect(page.getByTestId('notice-own-1')).toBeVisible();
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('own-badge')).toHaveCount(1);
  await page.getByTestId('notice-own-1').click();
  await expect(page.getByTestId('own-badge')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('what the review found: the Compare card says whose accuracy it shows, one run at a time is said, SGD starts from the book\'s recipe, and the network cannot change mid-run', async ({ page }) => {
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('train-batch').selectOption('256');
  await page.getByTestId('train-step').click();
  await expect.poll(() => steps(page)).toBe(1);
  // Another network is another run: Reset first.
  await expect(page.getByTestId('train-net')).toBeDisabled();
  // SGD starts from the book's recipe.
  await page.getByTestId('train-optimizer').selectOption('sgd');
  await expect(page.getByTestId('train-lr')).toHaveValue('0.9');
  await expect(page.getByTestId('train-batch')).toHaveValue('256');
  // An experiment pauses the training, and both tabs say so.
  await page.getByTestId('train-start').click();
  await page.getByTestId('learn-experiments').click();
  await expect(page.getByTestId('experiment-pauses')).toBeVisible();
  await page.getByTestId('experiment-run').click();
  await page.getByTestId('learn-train').click();
  await expect(page.getByTestId('train-waits')).toContainText('Experiment 1 is running');
  await expect(page.getByTestId('train-speed')).toHaveText('–');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-waits')).toHaveCount(0);
  await page.getByTestId('train-pause').click();
  await page.getByTestId('train-use').click();
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('own-accuracy')).toContainText('of 2,000 held-out digits');
});

test('Train more raises the plan the page shows', async ({ page }) => {
  await page.goto('/?view=learn&backend=wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  // Batches of 256 through the 12,000 digits: five passes are 235 batches.
  await page.getByTestId('train-batch').selectOption('256');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-start')).toHaveText('Train more', { timeout: 180_000 });
  const images = Number(await page.getByTestId('train-images').getAttribute('data-value'));
  expect(images).toBeGreaterThanOrEqual(60_000);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-images')).toContainText(/of 96,000 \(8 passes over 12,000\)/);
  await page.getByTestId('train-pause').click();
});

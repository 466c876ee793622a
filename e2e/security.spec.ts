import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

test.beforeEach(async ({ page }) => {
  // Record every CSP violation from the first moment of the page.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

const violations = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

test('the built page carries a strict Content-Security-Policy', async ({ page }) => {
  await page.goto('/?backend=wasm');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
  // No inline script in the page itself.
  expect(await page.locator('script:not([src])').count()).toBe(0);
});

test('every backend runs under the policy, with no violation', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  for (const backend of ['wasm', 'webgl', 'cpu', 'webgpu'] as const) {
    await page.getByTestId(`backend-${backend}`).click();
    await expect(page.getByTestId(`backend-${backend}`)).toHaveAttribute('aria-pressed', 'true');
    if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
    await draw(page, place(DIGITS['7']!, 0.8));
    expect(await readPrediction(page)).toEqual({ digit: '7', backend });
  }
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the backend timing worker runs under the policy too', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('notice').filter({ hasText: 'timed each backend' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('notice').filter({ hasText: 'timed each backend' })).not.toContainText('could not run');
  expect(await violations(page)).toEqual([]);
});

test('no request leaves the page’s own origin during a full session', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await expect(page.getByTestId('notice').filter({ hasText: 'timed each backend' })).toBeVisible({ timeout: 60_000 });
  await draw(page, place(DIGITS['7']!, 0.8));
  await readPrediction(page);
  // Every network, every backend, the comparison view, a sample digit and a share link.
  for (const net of ['alexnet', 'vgg', 'nin', 'googlenet', 'resnet']) {
    await page.getByTestId(`net-${net}`).click();
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready');
  }
  for (const backend of ['webgl', 'cpu', 'webgpu', 'wasm']) {
    await page.getByTestId(`backend-${backend}`).click();
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-backend', backend);
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready');
  }
  await page.getByTestId('view-compare').click();
  for (const net of ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet']) {
    await expect(page.getByTestId(`prediction-${net}`)).toHaveAttribute('data-state', 'ready');
  }
  await page.getByTestId('sample-3').click();
  await page.getByTestId('share').click();
  const offOrigin = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(offOrigin).toEqual([]);
  expect(requests.length).toBeGreaterThan(10);
});

import { expect, test } from '@playwright/test';
import { soak } from './soak';

// The full length (10,000 inferences, 200 switches) is `npm run soak`; the test suite runs a short one.
test('a long session keeps tensors and the JS heap bounded', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const report = await soak(page, baseURL!, 600, 18);
  // Every visit to a network finds exactly the tensors of its first visit: nothing leaks.
  for (const [net, counts] of Object.entries(report.tensorsByNet)) {
    expect(counts.length, net).toBeGreaterThanOrEqual(3);
    expect(new Set(counts), `${net}: ${counts.join(', ')}`).toEqual(new Set([counts[0]]));
  }
  // The heap after all of it is no bigger than the first round through the six networks, give or take.
  expect(report.heapLastMB).toBeLessThan(report.heapFirstCycleMB * 1.25 + 4);
  expect(errors).toEqual([]);
});

/** Embedding: ?embed=1 in an <iframe> on another origin shows the pad and the data flow, and reads a digit. */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIGITS, place, watchErrors } from './helpers';

test('in an iframe on a course page, ?embed=1 shows the pad and the whole data flow, fitted to the frame, and reads a digit', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const src = `${baseURL}/?embed=1&net=lenet&backend=wasm`;
  // A course page on another origin, served from this machine (Chromium blocks a public page from
  // framing a local one), with the README's snippet in it.
  const html = `<!doctype html><title>Week 3</title><h1>LeNet, live</h1><iframe src="${src}" width="960" height="560" style="border:0" title="ConvFlow: LeNet-5"></iframe>`;
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const course = `http://127.0.0.1:${(server.address() as AddressInfo).port}/week3.html`;
  expect(new URL(course).origin).not.toBe(new URL(src).origin);
  await page.setViewportSize({ width: 1200, height: 800 });
  try {
  await page.goto(course);
  const frame = page.frameLocator('iframe');
  const pad = frame.getByTestId('draw-canvas');
  await expect(pad).toBeVisible();
  // No chrome: no header, no network tabs, no cards below.
  await expect(frame.locator('header.topbar')).toHaveCount(0);
  await expect(frame.getByTestId('net-lenet')).toHaveCount(0);
  await expect(frame.locator('.story-card')).toHaveCount(0);
  const box = (await pad.boundingBox())!;
  for (const stroke of place(DIGITS['7']!, 0.8)) {
    await page.mouse.move(box.x + stroke[0]![0] * box.width, box.y + stroke[0]![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
    await page.mouse.up();
  }
  await expect(frame.getByTestId('prediction')).toHaveAttribute('data-digit', '7');
  // The data flow fits the frame: every layer box inside it, the frame not scrolled.
  const iframe = (await page.locator('iframe').boundingBox())!;
  const boxes = await frame.locator('[data-testid=diagram] [data-testid^="layer-"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.length).toBeGreaterThan(5);
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(iframe.width + 0.5);
    expect(b.bottom).toBeLessThanOrEqual(iframe.height + 0.5);
  }
  // A way to the whole app, at the same view, in a new tab.
  const open = frame.getByTestId('embed-open');
  await expect(open).toHaveAttribute('target', '_blank');
  const href = new URL((await open.getAttribute('href'))!);
  expect(href.searchParams.get('embed')).toBeNull();
  expect(href.searchParams.get('net')).toBe('lenet');
  expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});

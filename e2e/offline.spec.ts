/**
 * Offline after the first visit (issue 15): the build's service worker saves the whole app, which
 * then opens and reads a digit with the network gone; a new version replaces the old one only when
 * the person reloads, and then entirely (no stale weights). Each test serves its own copy of the
 * build, so it can take the server away or deploy a changed file.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIGITS, draw, place, watchErrors } from './helpers';

test.use({ serviceWorkers: 'allow' });

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

interface Site {
  root: string;
  origin: string;
  stop(): Promise<void>;
}

/** A static host serving a copy of the build (`dist`, made by the build project's web server). */
async function host(): Promise<Site> {
  const root = mkdtempSync(path.join(tmpdir(), 'convflow-offline-'));
  cpSync('dist', root, { recursive: true });
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(root, name === '/' ? 'index.html' : name);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = path.join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    root,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Waits until the service worker has saved this version (the page says so). */
async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('notice').filter({ hasText: 'saved on this device' })).toBeVisible({ timeout: 60_000 });
}

test('after one visit the page opens and reads drawings with the network gone, on any network', async ({ page, context }) => {
  const errors = watchErrors(page);
  const site = await host();
  try {
    await page.goto(`${site.origin}/?net=lenet&backend=wasm`);
    await saved(page);
    // The host goes away and the browser goes offline.
    await site.stop();
    await context.setOffline(true);
    await expect(page.getByTestId('notice').filter({ hasText: 'You are offline. ConvFlow runs from the copy saved' })).toBeVisible();
    await expect(page.getByTestId('offline-badge')).toBeVisible();
    await page.reload();
    await draw(page, place(DIGITS['7']!, 0.8));
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
    // Another network (its weights were saved too), opened from an address never visited.
    await page.goto(`${site.origin}/?net=resnet&backend=wasm`);
    await page.getByTestId('sample-1').click();
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-backend', 'wasm');
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    await site.stop();
    rmSync(site.root, { recursive: true, force: true });
  }
});

test('a new version waits for a reload that the page offers, keeps the drawing, and brings every changed file with it', async ({ page, context }) => {
  const errors = watchErrors(page);
  const site = await host();
  const metricsUrl = 'weights/lenet/metrics.json';
  const readMetrics = () => page.evaluate(async (u) => (await (await fetch(u)).json()) as { release?: string }, metricsUrl);
  try {
    await page.goto(`${site.origin}/?net=lenet&backend=wasm`);
    await saved(page);
    await page.reload();
    await draw(page, place(DIGITS['7']!, 0.8));
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });

    // Deploy a new version: LeNet's record changes, and the service worker lists its new revision.
    const file = path.join(site.root, metricsUrl);
    const next = Buffer.from(JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), release: 'next' }));
    const sw = readFileSync(path.join(site.root, 'sw.js'), 'utf8');
    const old = md5(readFileSync(file));
    expect(sw).toContain(`url:"${metricsUrl}",revision:"${old}"`);
    writeFileSync(file, next);
    writeFileSync(path.join(site.root, 'sw.js'), sw.replace(`revision:"${old}"`, `revision:"${md5(next)}"`));

    // The browser finds it on its next update check; the page keeps the version it started with.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const ready = page.getByTestId('notice-update');
    await expect(ready).toBeVisible({ timeout: 60_000 });
    expect((await readMetrics()).release).toBeUndefined();

    // Reload through the notice: the new version, the drawing still there and read.
    await ready.click();
    await expect(page.getByTestId('notice-update')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7', { timeout: 60_000 });
    expect((await readMetrics()).release).toBe('next');
    // …and it is the saved copy that holds the new file, not the network.
    await site.stop();
    await context.setOffline(true);
    expect((await readMetrics()).release).toBe('next');
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    await site.stop();
    rmSync(site.root, { recursive: true, force: true });
  }
});

test('the service worker saves every file of the build but the Learn view\'s digits, each unhashed one under its content\'s revision', () => {
  const sw = readFileSync('dist/sw.js', 'utf8');
  const entries = new Map([...sw.matchAll(/\{url:"([^"]+)",revision:(null|"[0-9a-f]+")\}/g)].map((m) => [m[1]!, m[2] === 'null' ? null : m[2]!.slice(1, -1)]));
  const files = (readdirSync('dist', { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => statSync(path.join('dist', f)).isFile() && f !== 'sw.js' && !/^workbox-[\w-]+\.js$/.test(f) && !f.startsWith('learn/'));
  expect(files.length).toBeGreaterThan(30);
  for (const f of files) {
    expect(entries.has(f), f).toBe(true);
    const revision = entries.get(f);
    // A hashed name changes with its content; any other file carries its content's hash.
    if (revision === null) expect(f).toMatch(/-[\w-]{8}\.\w+$/);
    else expect(revision, f).toBe(md5(readFileSync(path.join('dist', f))));
  }
  for (const net of ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet']) expect(entries.has(`weights/${net}/weights.bin`)).toBe(true);
  // The Learn view's digits download only when Learn opens (issue 17), and are cached then.
  expect([...entries.keys()].some((f) => f.startsWith('learn/'))).toBe(false);
  expect(sw).toContain('convflow-learn');
});

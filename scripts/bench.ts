/**
 * The benchmark: builds the app, serves the production build on localhost, drives headless Chromium
 * (WebGPU on, as in the tests) and prints markdown tables, for every shipped network × backend:
 * cold load, warm latency (input → prediction, input → feature maps painted), the single-call probe
 * against the per-layer baseline, tensor memory over many inferences, and how smooth drawing stays.
 * The same figures go to bench/results.json and bench/results.md.
 *
 *   npm run bench [-- --nets lenet,resnet] [--backends wasm,webgl] [--quick]
 *
 * Absolute times on a software GPU (SwiftShader) mean little; compare ratios within one run.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { DIGITS, place } from '../e2e/helpers';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import type { NetId } from '../src/models/spec';
import { encodeStrokes } from '../src/viz/strokeCodec';
import { chromiumArgs, chromiumPath } from './lib/browser';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];

const { values } = parseArgs({
  options: {
    nets: { type: 'string' },
    backends: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const nets = (values.nets ? values.nets.split(',') : [...SHIPPED_NETS]) as NetId[];
const backends = (values.backends ? values.backends.split(',') : [...BACKENDS]) as Backend[];
/** Inputs per warm-latency run: software GPUs and the plain-JS backend are slow, so fewer there. */
const WARM: Record<Backend, number> = values.quick ? { webgpu: 5, webgl: 10, wasm: 10, cpu: 5 } : { webgpu: 20, webgl: 50, wasm: 50, cpu: 20 };
const PAIR_RUNS: Record<Backend, number> = values.quick ? { webgpu: 1, webgl: 3, wasm: 3, cpu: 1 } : { webgpu: 3, webgl: 10, wasm: 10, cpu: 3 };
const SOAK: Record<Backend, number> = values.quick ? { webgpu: 10, webgl: 50, wasm: 100, cpu: 10 } : { webgpu: 50, webgl: 200, wasm: 1000, cpu: 50 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

function distSizes() {
  const dir = 'dist/assets';
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const sum = (pred: (f: string) => boolean, gz: boolean) =>
    files.filter(pred).reduce((a, f) => a + (gz ? gzipSync(readFileSync(f)).length : statSync(f).size), 0);
  const weights = readdirSync('dist/weights').reduce((a, net) => a + statSync(path.join('dist/weights', net, 'weights.bin')).size + statSync(path.join('dist/weights', net, 'model.json')).size, 0);
  return {
    jsBytes: sum((f) => f.endsWith('.js'), false),
    jsGzip: sum((f) => f.endsWith('.js'), true),
    wasmBytes: sum((f) => f.endsWith('.wasm'), false),
    weightsBytes: weights,
  };
}

interface NetResult {
  net: NetId;
  backend: Backend;
  active: string;
  coldMs: number;
  firstInferenceMs: number;
  transferred: { js: number; weights: number; wasm: number };
  warmInputs: number;
  predictP50: number;
  predictP95: number;
  paintedP50: number;
  paintedP95: number;
  paintOnlyP50: number;
  inferenceP50: number;
  probeMs: number;
  naiveMs: number;
  soakRuns: number;
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // tsx keeps function names with a `__name` helper, which the functions sent to the page call.
  await context.addInitScript('window.__name = (f) => f;');
  const page = await context.newPage();
  const transferred = { js: 0, weights: 0, wasm: 0 };
  page.on('response', (r) => {
    const u = r.url();
    void r
      .body()
      .then((b) => {
        if (u.endsWith('.js')) transferred.js += b.length;
        else if (u.endsWith('.wasm')) transferred.wasm += b.length;
        else if (u.includes('/weights/')) transferred.weights += b.length;
      })
      .catch(() => undefined);
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { context, page, transferred, errors };
}

const SEVEN = encodeStrokes(place(DIGITS['7']!, 0.8));

async function measureNet(browser: Browser, base: string, net: NetId, backend: Backend): Promise<NetResult> {
  const { context, page, transferred } = await openPage(browser, `${base}/?net=${net}&backend=${backend}&d=${SEVEN}`);
  try {
    await page.waitForFunction(() => window.convflow?.firstAt('predicted') !== undefined, null, { timeout: 300_000 });
    const cold = await page.evaluate(() => ({ at: window.convflow!.firstAt('predicted')!, ms: window.convflow!.prediction()?.ms ?? NaN, active: window.convflow!.backend() }));
    const warm = await page.evaluate(async (n) => {
      const c = window.convflow!;
      const predict: number[] = [];
      const painted: number[] = [];
      const paintOnly: number[] = [];
      const inference: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const p = c.next('predicted');
        const q = c.next('painted');
        await c.showSample(i);
        const t1 = await p;
        const t2 = await q;
        predict.push(t1 - t0);
        painted.push(t2 - t0);
        paintOnly.push(t2 - t1);
        inference.push(c.prediction()?.ms ?? NaN);
      }
      return { predict, painted, paintOnly, inference };
    }, WARM[backend]);
    const pair = await page.evaluate(async (runs) => ({ probe: await window.convflow!.probe(runs), naive: await window.convflow!.naive(runs) }), PAIR_RUNS[backend]);
    const soak = await page.evaluate(async (runs) => {
      const c = window.convflow!;
      await c.probe(3);
      const before = c.memory();
      await c.probe(runs);
      return { before, after: c.memory() };
    }, SOAK[backend]);
    return {
      net,
      backend,
      active: cold.active,
      coldMs: cold.at,
      firstInferenceMs: cold.ms,
      transferred: { ...transferred },
      warmInputs: WARM[backend],
      predictP50: pct(warm.predict, 50),
      predictP95: pct(warm.predict, 95),
      paintedP50: pct(warm.painted, 50),
      paintedP95: pct(warm.painted, 95),
      paintOnlyP50: pct(warm.paintOnly, 50),
      inferenceP50: pct(warm.inference, 50),
      probeMs: pair.probe,
      naiveMs: pair.naive,
      soakRuns: SOAK[backend],
      tensorsBefore: soak.before.numTensors,
      tensorsAfter: soak.after.numTensors,
      bytesBefore: soak.before.numBytes,
      bytesAfter: soak.after.numBytes,
    };
  } finally {
    await context.close();
  }
}

/** Draws a 3-second stroke with real mouse events while counting long tasks and slow frames. */
async function strokeSmoothness(page: Page): Promise<{ longestTask: number; slowFrames: number; frames: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __smooth: { longest: number; gaps: number[]; stop: boolean } };
    w.__smooth = { longest: 0, gaps: [], stop: false };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__smooth.longest = Math.max(w.__smooth.longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const tick = (t: number) => {
      w.__smooth.gaps.push(t - last);
      last = t;
      if (!w.__smooth.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const pad = (await page.getByTestId('draw-canvas').boundingBox())!;
  const start = Date.now();
  await page.mouse.move(pad.x + pad.width * 0.2, pad.y + pad.height * 0.5);
  await page.mouse.down();
  for (let i = 0; Date.now() - start < 3000; i++) {
    const a = i / 12;
    await page.mouse.move(pad.x + pad.width * (0.5 + 0.3 * Math.cos(a)), pad.y + pad.height * (0.5 + 0.3 * Math.sin(a)));
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = window as unknown as { __smooth: { longest: number; gaps: number[]; stop: boolean } };
    w.__smooth.stop = true;
    const gaps = w.__smooth.gaps.slice(1);
    return { longestTask: w.__smooth.longest, slowFrames: gaps.filter((g) => g > 50).length, frames: gaps.length };
  });
}

async function main() {
  const t0 = Date.now();
  console.error('Building the app…');
  execSync('npx vite build', { stdio: 'ignore' });
  const sizes = distSizes();
  const server = await preview({ preview: { host: '127.0.0.1', port: 4183, strictPort: true }, logLevel: 'silent' });
  const base = 'http://127.0.0.1:4183';
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const results: NetResult[] = [];
  const smooth: { backend: Backend; view: string; net: string; longestTask: number; slowFrames: number; frames: number }[] = [];
  const compare: { backend: Backend; coldMs: number; p50: number; p95: number; inputs: number }[] = [];
  try {
    for (const backend of backends) {
      for (const net of nets) {
        console.error(`${net} on ${backend}…`);
        results.push(await measureNet(browser, base, net, backend));
      }
      // Responsiveness while drawing: the heaviest shipped network alone, then the comparison view.
      const heavy = nets.includes('googlenet') ? 'googlenet' : nets.at(-1)!;
      for (const view of ['single', 'compare'] as const) {
        const url = view === 'single' ? `${base}/?net=${heavy}&backend=${backend}` : `${base}/?view=compare&backend=${backend}`;
        const { context, page } = await openPage(browser, url);
        await page.waitForFunction(() => window.convflow !== undefined);
        if (view === 'compare') {
          // One drawing → every network's prediction.
          await page.evaluate(() => window.convflow!.showSample(7));
          await page.waitForFunction(() => window.convflow!.firstAt('predicted') !== undefined, null, { timeout: 300_000 });
          const times = await page.evaluate(async (n) => {
            const out: number[] = [];
            for (let i = 0; i < n; i++) {
              const t = performance.now();
              const p = window.convflow!.next('predicted');
              await window.convflow!.showSample(i);
              out.push((await p) - t);
            }
            return out;
          }, Math.max(5, Math.round(WARM[backend] / 2)));
          compare.push({ backend, coldMs: await page.evaluate(() => window.convflow!.firstAt('predicted')!), p50: pct(times, 50), p95: pct(times, 95), inputs: times.length });
        } else {
          await page.evaluate(() => window.convflow!.showSample(3));
          await page.waitForFunction(() => window.convflow!.firstAt('painted') !== undefined, null, { timeout: 300_000 });
        }
        smooth.push({ backend, view, net: view === 'single' ? heavy : 'all', ...(await strokeSmoothness(page)) });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }

  const lines: string[] = [];
  lines.push(`Benchmark of ${new Date().toISOString().slice(0, 10)}, headless Chromium on this machine (${process.platform}, ${(await import('node:os')).cpus().length} cores); ${((Date.now() - t0) / 60000).toFixed(1)} min.`, '');
  lines.push('### Size', '', '| what | bytes |', '|---|---|');
  lines.push(`| JavaScript (all chunks) | ${kb(sizes.jsBytes)} (${kb(sizes.jsGzip)} gzip) |`);
  lines.push(`| WASM binaries (three variants; one is loaded) | ${kb(sizes.wasmBytes)} |`);
  lines.push(`| weights of all shipped networks | ${kb(sizes.weightsBytes)} |`, '');
  lines.push('### Per network and backend', '');
  lines.push('Cold: navigation → first prediction, and that first inference alone (shader compiles included). Warm: a new input → prediction ready, → every feature map of the diagram painted (p50 / p95). Probe vs per-layer: median ms of one multi-output call against one call per layer, same digit.', '');
  lines.push('| network | backend | cold load | first inference | loaded (JS / weights / WASM) | warm → prediction p50 / p95 | warm → painted p50 / p95 | painting alone p50 | inference p50 | probe | per-layer | speed-up | tensors before → after (runs) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${NETS[r.net].title} | ${r.backend}${r.active !== r.backend ? ` (ran on ${r.active})` : ''} | ${ms(r.coldMs)} | ${ms(r.firstInferenceMs)} | ${kb(r.transferred.js)} / ${kb(r.transferred.weights)} / ${kb(r.transferred.wasm)} | ${ms(r.predictP50)} / ${ms(r.predictP95)} | ${ms(r.paintedP50)} / ${ms(r.paintedP95)} | ${ms(r.paintOnlyP50)} | ${ms(r.inferenceP50)} | ${ms(r.probeMs)} | ${ms(r.naiveMs)} | ${(r.naiveMs / r.probeMs).toFixed(1)}× | ${r.tensorsBefore} → ${r.tensorsAfter} (${r.soakRuns}) |`,
    );
  }
  lines.push('', '### Comparison view: one input → every network\'s prediction', '', '| backend | cold load | p50 | p95 | inputs |', '|---|---|---|---|---|');
  for (const c of compare) lines.push(`| ${c.backend} | ${ms(c.coldMs)} | ${ms(c.p50)} | ${ms(c.p95)} | ${c.inputs} |`);
  lines.push('', '### Drawing a 3-second stroke', '', '| backend | view | longest main-thread task | frames over 50 ms |', '|---|---|---|---|');
  for (const s of smooth) lines.push(`| ${s.backend} | ${s.view === 'single' ? `one network (${NETS[s.net as NetId].title})` : 'comparison'} | ${ms(s.longestTask)} ms | ${s.slowFrames} of ${s.frames} |`);
  const md = lines.join('\n');
  console.log(md);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.md', md + '\n');
  writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), sizes, results, compare, smooth, settings: { WARM, PAIR_RUNS, SOAK } }, null, 1) + '\n');
}

await main();

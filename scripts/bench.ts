/**
 * The benchmark: builds the app, serves the production build on localhost, drives headless Chromium
 * (WebGPU on, as in the tests) and prints markdown tables, for every shipped network × backend:
 * cold load, warm latency (input → prediction, input → feature maps painted), the single-call probe
 * against the per-layer baseline, tensor memory over many inferences, and how smooth drawing stays.
 * The same figures go to bench/results.json and bench/results.md.
 *
 *   npm run bench [-- --nets lenet,resnet] [--backends wasm,webgl] [--quick] [--out bench/results]
 *   npm run bench -- --training [--backends wasm,cpu]      (the training section alone → bench/training)
 *
 * Absolute times on a software GPU (SwiftShader) mean little; compare ratios within one run.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import type { NetId } from '../src/models/spec';
import type { Timing } from '../src/app/testHooks';
import { chromiumArgs, chromiumPath } from './lib/browser';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];

const { values } = parseArgs({
  options: {
    nets: { type: 'string' },
    backends: { type: 'string' },
    quick: { type: 'boolean', default: false },
    training: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const out = values.out ?? (values.training ? 'bench/training' : 'bench/results');
const nets = (values.nets ? values.nets.split(',') : [...SHIPPED_NETS]) as NetId[];
const backends = (values.backends ? values.backends.split(',') : [...BACKENDS]) as Backend[];
/**
 * How much each cell measures. Software GPUs and the plain-JS backend are slow, so every loop also
 * has a time cap (it starts no new run after it, but always does at least one); the tables say how
 * many runs each figure is over.
 */
const WARM_INPUTS = values.quick ? 10 : 50;
const WARM_CAP_MS = values.quick ? 10_000 : 60_000;
const PAIR_RUNS = values.quick ? 3 : 30;
const PAIR_CAP_MS = values.quick ? 1_000 : 3_000;
const SOAK_RUNS = values.quick ? 100 : 1000;
const SOAK_CAP_MS = values.quick ? 3_000 : 8_000;
const COMPARE_INPUTS = values.quick ? 5 : 50;
const COMPARE_CAP_MS = values.quick ? 5_000 : 20_000;

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
  const weights = SHIPPED_NETS.reduce((a, net) => a + statSync(path.join('dist/weights', net, 'weights.bin')).size + statSync(path.join('dist/weights', net, 'model.json')).size, 0);
  return {
    jsBytes: sum((f) => f.endsWith('.js'), false),
    jsGzip: sum((f) => f.endsWith('.js'), true),
    wasmBytes: sum((f) => f.endsWith('.wasm'), false),
    weightsBytes: weights,
  };
}

interface NetResult {
  /** ms of each attribution method's passes (issue 16). */
  attribution: Record<string, number[]>;
  net: NetId;
  backend: Backend;
  active: string;
  /** Navigation → the network loaded and warmed up; the warm-up inference alone; then the first input → prediction. */
  warmedAt: number;
  warmUpMs: number;
  firstInputMs: number;
  transferred: { js: number; jsGzip: number; weights: number; wasm: number };
  warmInputs: number;
  predictP50: number;
  predictP95: number;
  paintedP50: number;
  paintedP95: number;
  paintOnlyP50: number;
  updateP50: number;
  inferenceP50: number;
  /** The part of the inference that kept the page's thread busy. */
  busyP50: number;
  probe: Timing;
  naive: Timing;
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
  const transferred = { js: 0, jsGzip: 0, weights: 0, wasm: 0 };
  page.on('response', (r) => {
    const u = r.url();
    void r
      .body()
      .then((b) => {
        if (u.endsWith('.js')) {
          transferred.js += b.length;
          // What a server that compresses (any static host) would send for it.
          transferred.jsGzip += gzipSync(b).length;
        } else if (u.endsWith('.wasm')) transferred.wasm += b.length;
        else if (u.includes('/weights/')) transferred.weights += b.length;
      })
      .catch(() => undefined);
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { context, page, transferred, errors };
}

/**
 * Warm latency: shows MNIST test digits one after another, up to `inputs` (no new one after
 * `capMs`), timing input → prediction ready and input → feature maps painted; also how long the
 * painting alone took and the inference behind each.
 */
async function warmLatency(page: Page, inputs: number, capMs: number) {
  return page.evaluate(
    async ([n, cap]) => {
      const c = window.convflow!;
      const out = { predict: [] as number[], painted: [] as number[], paintOnly: [] as number[], update: [] as number[], inference: [] as number[], busy: [] as number[] };
      const start = performance.now();
      for (let i = 0; i < n && (i === 0 || performance.now() - start < cap); i++) {
        const t0 = performance.now();
        const p = c.next('predicted');
        const q = c.next('painted');
        await c.showSample(i + 1);
        const t1 = await p;
        const t2 = await q;
        out.predict.push(t1 - t0);
        out.painted.push(t2 - t0);
        out.paintOnly.push(c.lastTook('painted') ?? NaN);
        out.update.push(t2 - t1);
        out.inference.push(c.prediction()?.ms ?? NaN);
        out.busy.push(c.prediction()?.busyMs ?? NaN);
      }
      return out;
    },
    [inputs, capMs] as const,
  );
}

async function measureNet(browser: Browser, base: string, net: NetId, backend: Backend): Promise<NetResult> {
  const { context, page, transferred } = await openPage(browser, `${base}/?net=${net}&backend=${backend}`);
  try {
    // Cold: the page loads the network and warms it up in idle time (one blank inference compiles
    // the shaders); then the first input should be as quick as any other.
    await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined, null, { timeout: 300_000 });
    const cold = await page.evaluate(async () => {
      const c = window.convflow!;
      const t = performance.now();
      const p = c.next('predicted');
      await c.showSample(0);
      const first = (await p) - t;
      return { warmedAt: c.firstAt('warmed')!, warmUpMs: c.lastTook('warmed')!, firstInputMs: first, active: c.backend() };
    });
    const warm = await warmLatency(page, WARM_INPUTS, WARM_CAP_MS);
    const pair = await page.evaluate(
      async ([runs, cap]) => ({ probe: await window.convflow!.probe(runs, cap), naive: await window.convflow!.naive(runs, cap) }),
      [PAIR_RUNS, PAIR_CAP_MS] as const,
    );
    const attribution = await page.evaluate(() => window.convflow!.attribution());
    const soak = await page.evaluate(
      async ([runs, cap]) => {
        const c = window.convflow!;
        await c.probe(3);
        const before = c.memory();
        const done = await c.probe(runs, cap);
        return { before, after: c.memory(), runs: done.runs };
      },
      [SOAK_RUNS, SOAK_CAP_MS] as const,
    );
    return {
      net,
      backend,
      active: cold.active,
      warmedAt: cold.warmedAt,
      warmUpMs: cold.warmUpMs,
      firstInputMs: cold.firstInputMs,
      transferred: { ...transferred },
      warmInputs: warm.predict.length,
      predictP50: pct(warm.predict, 50),
      predictP95: pct(warm.predict, 95),
      paintedP50: pct(warm.painted, 50),
      paintedP95: pct(warm.painted, 95),
      paintOnlyP50: pct(warm.paintOnly, 50),
      updateP50: pct(warm.update, 50),
      inferenceP50: pct(warm.inference, 50),
      busyP50: pct(warm.busy, 50),
      probe: pair.probe,
      naive: pair.naive,
      soakRuns: soak.runs,
      tensorsBefore: soak.before.numTensors,
      tensorsAfter: soak.after.numTensors,
      bytesBefore: soak.before.numBytes,
      bytesAfter: soak.after.numBytes,
      attribution,
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

/** The comparison view at stage 3 of its step-through: one input → six predictions and six stage maps painted. */
async function measureCompare(browser: Browser, base: string, backend: Backend) {
  const { context, page } = await openPage(browser, `${base}/?view=compare&backend=${backend}`);
  try {
    await page.waitForFunction(() => window.convflow !== undefined);
    const t = await page.evaluate(async () => {
      const c = window.convflow!;
      const p = c.next('predicted');
      await c.showSample(0);
      await p;
      return c.firstAt('predicted')!;
    });
    for (let i = 0; i < 3; i++) await page.getByTestId('compare-step-next').click();
    const warm = await warmLatency(page, COMPARE_INPUTS, COMPARE_CAP_MS);
    return { page, context, result: { backend, firstPredictionAt: t, inputs: warm.predict.length, predictP50: pct(warm.predict, 50), predictP95: pct(warm.predict, 95), paintedP50: pct(warm.painted, 50), paintedP95: pct(warm.painted, 95) } };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** The page as a user opens it, no `?backend=`: what it starts on, its first prediction, and what the timing then chooses. */
async function measureDefault(browser: Browser, base: string) {
  const { context, page, transferred } = await openPage(browser, `${base}/`);
  try {
    await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined, null, { timeout: 300_000 });
    const startedOn = await page.evaluate(() => window.convflow!.backend());
    const warmedAt = await page.evaluate(() => window.convflow!.firstAt('warmed')!);
    const jsGzipAtReady = transferred.jsGzip;
    const notice = page.getByTestId('notice').filter({ hasText: 'timed each backend' });
    await notice.waitFor({ timeout: 120_000 });
    const settledAt = await page.evaluate(() => performance.now());
    // Let a switch (if any) finish before reading the backend.
    await page.waitForFunction(() => window.convflow?.memory().numTensors !== undefined);
    await page.waitForTimeout(1000);
    return { startedOn, warmedAt, jsGzipAtReady, settledAt, notice: (await notice.locator('span').first().textContent())!.trim(), endedOn: await page.evaluate(() => window.convflow!.backend()) };
  } finally {
    await context.close();
  }
}

/** Seconds of training each figure of the training section averages over (after a warm-up). */
const TRAIN_SECONDS = values.quick ? 5 : 15;

interface TrainingSpeed {
  where: string;
  backend: string;
  imagesPerSecond: number;
  seconds: number;
  /** The longest gap between two frames of the page while it trained, and frames over 50 ms. */
  longestFrame?: number;
  slowFrames?: number;
  frames?: number;
}

/**
 * The Learn view's LeNet as it starts (the book's, Adam 3e-3, batch 32) training in the page's worker on `backend`:
 * digits per second over TRAIN_SECONDS after a warm-up, read from the page's own counters, and how
 * the page's frames kept up meanwhile.
 */
async function measureTraining(browser: Browser, base: string, backend: Backend): Promise<TrainingSpeed> {
  const { context, page } = await openPage(browser, `${base}/?view=learn&backend=${backend}`);
  try {
    const where = page.getByTestId('learn-backend');
    await where.filter({ hasText: 'Training on' }).waitFor({ timeout: 300_000 });
    const ran = ((await where.textContent()) ?? '').match(/Training on (\w+)/)?.[1]?.toLowerCase() ?? '?';
    await page.getByTestId('train-start').click();
    const images = async () => Number(await page.getByTestId('train-images').getAttribute('data-value'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-steps]')?.getAttribute('data-value')) >= 5, null, { timeout: 300_000 });
    const s0 = await images();
    const t0 = Date.now();
    const frames = await page.evaluate(
      (span) =>
        new Promise<{ longest: number; slow: number; count: number }>((resolve) => {
          const times: number[] = [];
          const tick = (t: number) => {
            times.push(t);
            if (t - times[0]! < span) requestAnimationFrame(tick);
            else {
              const gaps = times.slice(1).map((v, i) => v - times[i]!);
              resolve({ longest: Math.max(...gaps), slow: gaps.filter((g) => g > 50).length, count: gaps.length });
            }
          };
          requestAnimationFrame(tick);
        }),
      TRAIN_SECONDS * 1000,
    );
    const s1 = await images();
    const seconds = (Date.now() - t0) / 1000;
    return { where: 'page (worker)', backend: ran === backend ? backend : `${backend} (ran on ${ran})`, imagesPerSecond: (s1 - s0) / seconds, seconds, longestFrame: frames.longest, slowFrames: frames.slow, frames: frames.count };
  } finally {
    await context.close();
  }
}

/** The same LeNet, settings and digits trained in Node on tfjs's wasm backend (one thread), in this process. */
async function measureNodeTraining(): Promise<TrainingSpeed> {
  const { useWasmBackend } = await import('./lib/tfNode');
  const { LearnRun } = await import('../src/models/learn');
  const { BOOK_LENET } = await import('../src/models/experiments');
  const { loadLearnData } = await import('./lib/mnist');
  await useWasmBackend();
  const data = loadLearnData();
  const { DEFAULT_SETTINGS } = await import('../src/app/learn/protocol');
  const run = new LearnRun({ spec: BOOK_LENET, optimizer: DEFAULT_SETTINGS.optimizer, learningRate: DEFAULT_SETTINGS.learningRate, batchSize: DEFAULT_SETTINGS.batchSize, seed: 1 }, data);
  try {
    // As the page's worker runs it: the held-out digits read every EVAL_EVERY_DIGITS training digits.
    const { evaluationDue } = await import('../src/app/learn/protocol');
    const step = async () => {
      const before = run.images;
      await run.step();
      if (evaluationDue(before, run.images)) await run.evaluate();
    };
    for (let i = 0; i < 5; i++) await step();
    const before = run.images;
    const t0 = Date.now();
    while (Date.now() - t0 < TRAIN_SECONDS * 1000) await step();
    const seconds = (Date.now() - t0) / 1000;
    return { where: 'Node', backend: 'wasm', imagesPerSecond: (run.images - before) / seconds, seconds };
  } finally {
    run.dispose();
  }
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
  const compare: Awaited<ReturnType<typeof measureCompare>>['result'][] = [];
  let auto: Awaited<ReturnType<typeof measureDefault>> | undefined;
  const training: TrainingSpeed[] = [];
  const heavy = nets.includes('googlenet') ? 'googlenet' : nets.at(-1)!;
  try {
    // Training in the page (issue 17), and the same in Node, in one run.
    for (const backend of backends) {
      const t = Date.now();
      training.push(await measureTraining(browser, base, backend));
      console.error(`training in the page on ${backend}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    training.push(await measureNodeTraining());
    if (!values.training) {
      console.error('the page as opened, no ?backend=…');
      auto = await measureDefault(browser, base);
      for (const backend of backends) {
        for (const net of nets) {
          const t = Date.now();
          results.push(await measureNet(browser, base, net, backend));
          console.error(`${net} on ${backend}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
        }
        const t = Date.now();
        // Responsiveness while drawing: the heaviest network alone, then the comparison view.
        {
          const { context, page } = await openPage(browser, `${base}/?net=${heavy}&backend=${backend}`);
          await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined, null, { timeout: 300_000 });
          smooth.push({ backend, view: 'single', net: heavy, ...(await strokeSmoothness(page)) });
          await context.close();
        }
        // The same with the Why? panel open on the gradient (issue 16): attribution runs as the pen goes.
        {
          const { context, page } = await openPage(browser, `${base}/?net=${heavy}&backend=${backend}&why=gradient`);
          await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined, null, { timeout: 300_000 });
          smooth.push({ backend, view: 'why', net: heavy, ...(await strokeSmoothness(page)) });
          await context.close();
        }
        const cmp = await measureCompare(browser, base, backend);
        compare.push(cmp.result);
        smooth.push({ backend, view: 'compare', net: 'all', ...(await strokeSmoothness(cmp.page)) });
        await cmp.context.close();
        console.error(`comparison and strokes on ${backend}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }

  const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const lines: string[] = [];
  const trainingLines = () => {
    const node = training.find((t) => t.where === 'Node');
    lines.push('### Training in the page (issue 17): the Learn view\'s LeNet', '');
    lines.push(`The book's LeNet-5 (sigmoid, average pooling) as the Learn view starts it (Adam 3e-3, batch 32), on the Learn view's 12,000 digits: digits per second over ${TRAIN_SECONDS} s after a warm-up, in the page's training worker on each backend, and in Node on tfjs's wasm backend (one thread) in the same run, both reading the 2,000 held-out digits every 1,600 training digits as the view does. *Frames*: the page's frames while it trained.`, '');
    lines.push('| where | backend | digits / s | vs Node wasm | longest frame gap | frames over 50 ms |', '|---|---|---|---|---|---|');
    for (const t of training) {
      lines.push(`| ${t.where} | ${t.backend} | ${t.imagesPerSecond.toFixed(0)} | ${node ? x(t.imagesPerSecond, node.imagesPerSecond) : '–'} | ${t.longestFrame === undefined ? '–' : `${ms(t.longestFrame)} ms`} | ${t.frames === undefined ? '–' : `${t.slowFrames} of ${t.frames}`} |`);
    }
    lines.push('');
  };
  if (values.training) {
    lines.push(`Training benchmark of ${new Date().toISOString().slice(0, 10)}: headless Chromium (WebGPU and WebGL on SwiftShader, a software GPU) on this machine (${process.platform}, ${cpus().length} cores); the run took ${((Date.now() - t0) / 60000).toFixed(1)} min${values.quick ? ' (--quick)' : ''}.`, '');
    trainingLines();
    const md = lines.join('\n');
    console.log(md);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(`${out}.md`, md + '\n');
    writeFileSync(`${out}.json`, JSON.stringify({ date: new Date().toISOString(), quick: values.quick, training, seconds: TRAIN_SECONDS }, null, 1) + '\n');
    return;
  }
  lines.push(`Benchmark of ${new Date().toISOString().slice(0, 10)}: headless Chromium (WebGPU and WebGL on SwiftShader, a software GPU) on this machine (${process.platform}, ${cpus().length} cores); the run took ${((Date.now() - t0) / 60000).toFixed(1)} min${values.quick ? ' (--quick)' : ''}. Times in ms.`, '');
  lines.push('### Size', '', '| what | size |', '|---|---|');
  lines.push(`| JavaScript, every chunk of the build | ${kb(sizes.jsBytes)} (${kb(sizes.jsGzip)} gzip) |`);
  if (auto) lines.push(`| JavaScript loaded before the first prediction (page as opened) | ${kb(auto.jsGzipAtReady)} gzip |`);
  lines.push(`| WASM binaries (three variants; one is loaded) | ${kb(sizes.wasmBytes)} |`);
  lines.push(`| weights of all shipped networks | ${kb(sizes.weightsBytes)} (${(sizes.weightsBytes / 1e6).toFixed(2)} MB) |`, '');
  if (auto) {
    lines.push('### The page as a user opens it (no `?backend=`)', '');
    lines.push(`Started on **${auto.startedOn}**; LeNet-5 loaded and warmed up ${ms(auto.warmedAt)} ms after navigation. In the background it then timed the backends and ended on **${auto.endedOn}** (${ms(auto.settledAt)} ms after navigation). It said: “${auto.notice}”`, '');
  }
  lines.push('### Each network on each backend', '');
  lines.push(
    '*Ready*: navigation → network loaded and warmed up (one blank inference in idle time). *Warm-up*: that first inference alone (shader compiles included). *First input*: the first digit after that → prediction. *Warm*: a new input → prediction ready, and → every feature map of the diagram painted (p50 / p95 over *n* inputs). *Paint*: the feature maps alone (p50), against the *inference* (p50) that fed them. *Probe* vs *per-layer*: one multi-output call against one call per layer, each read back (median and runs, after one untimed warm-up run of each). *Tensors*: `tf.memory().numTensors` before → after *runs* more inferences.',
    '',
  );
  lines.push('| network | backend | ready | warm-up | first input | loaded: JS (gzip) / weights / WASM | n | warm → prediction p50 / p95 | warm → painted p50 / p95 | paint p50 | inference p50 (main thread) | probe (runs) | per-layer (runs) | speed-up | tensors (runs) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${NETS[r.net].title} | ${r.backend}${r.active !== r.backend ? ` (ran on ${r.active})` : ''} | ${ms(r.warmedAt)} | ${ms(r.warmUpMs)} | ${ms(r.firstInputMs)} | ${kb(r.transferred.jsGzip)} / ${kb(r.transferred.weights)} / ${kb(r.transferred.wasm)} | ${r.warmInputs} | ${ms(r.predictP50)} / ${ms(r.predictP95)} | ${ms(r.paintedP50)} / ${ms(r.paintedP95)} | ${ms(r.paintOnlyP50)} | ${ms(r.inferenceP50)} (${ms(r.busyP50)}) | ${ms(r.probe.medianMs)} (${r.probe.runs}) | ${ms(r.naive.medianMs)} (${r.naive.runs}) | ${x(r.naive.medianMs, r.probe.medianMs)} | ${r.tensorsBefore} → ${r.tensorsAfter} (${r.soakRuns}) |`,
    );
  }
  lines.push('', '### Comparison view: one input → all six predictions, and all six stage maps painted (step-through at stage 3)', '');
  lines.push('| backend | first prediction after navigation | n | → predictions p50 / p95 | → painted p50 / p95 |', '|---|---|---|---|---|');
  for (const c of compare) lines.push(`| ${c.backend} | ${ms(c.firstPredictionAt)} | ${c.inputs} | ${ms(c.predictP50)} / ${ms(c.predictP95)} | ${ms(c.paintedP50)} / ${ms(c.paintedP95)} |`);
  lines.push('', '### Drawing a 3-second stroke with the mouse', '', '| backend | view | longest main-thread task | frames over 50 ms |', '|---|---|---|---|');
  for (const s of smooth) {
    lines.push(`| ${s.backend} | ${s.view === 'single' ? `one network (${NETS[s.net as NetId].title})` : s.view === 'why' ? `one network (${NETS[s.net as NetId].title}), Why? open (gradient)` : 'comparison'} | ${s.longestTask > 0 ? `${ms(s.longestTask)} ms` : 'none over 50 ms'} | ${s.slowFrames} of ${s.frames} |`);
  }
  lines.push('', '### Attribution (issue 16): each method on one digit, toward the answer, as a multiple of one inference (the probe\'s median above)', '');
  lines.push('Passes as the app runs them: SmoothGrad 8 then 32 noisy copies; Integrated Gradients 16 then 64 steps; occlusion a 7×7 patch every 7 px, then 6×6 every 2 px. Each timed after one untimed run; a pass over 3 s is timed by that run alone and the refined pass after it left out (–).', '');
  lines.push('| network | backend | inference ms | gradient | Grad-CAM | SmoothGrad 8 / 32 | Integrated Gradients 16 / 64 | occlusion coarse / fine |', '|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const a = r.attribution;
    const k = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v / r.probe.medianMs).toFixed(v / r.probe.medianMs < 10 ? 1 : 0)}×`);
    lines.push(`| ${NETS[r.net].title} | ${r.backend} | ${ms(r.probe.medianMs)} | ${k(a.gradient?.[0])} | ${k(a.gradcam?.[0])} | ${k(a.smoothgrad?.[0])} / ${k(a.smoothgrad?.[1])} | ${k(a.ig?.[0])} / ${k(a.ig?.[1])} | ${k(a.occlusion?.[0])} / ${k(a.occlusion?.[1])} |`);
  }
  lines.push('');
  trainingLines();
  const md = lines.join('\n');
  console.log(md);
  mkdirSync('bench', { recursive: true });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(`${out}.md`, md + '\n');
  const settings = { WARM_INPUTS, WARM_CAP_MS, PAIR_RUNS, PAIR_CAP_MS, SOAK_RUNS, SOAK_CAP_MS, COMPARE_INPUTS, COMPARE_CAP_MS };
  writeFileSync(`${out}.json`, JSON.stringify({ date: new Date().toISOString(), quick: values.quick, sizes, auto, results, compare, smooth, training, settings }, null, 1) + '\n');
}

await main();

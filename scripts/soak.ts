/**
 * The full-length soak: builds the app, serves it, and runs 10,000 inferences through the page with
 * 200 network switches on wasm (e2e/soak.ts), printing tensors and heap as it goes and a verdict.
 * The test suite runs the same soak, shorter (e2e/soak.spec.ts).
 *
 *   npm run soak [-- --inferences 10000 --switches 200]
 */
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { soak } from '../e2e/soak';
import { chromiumArgs, chromiumPath } from './lib/browser';

const { values } = parseArgs({ options: { inferences: { type: 'string', default: '10000' }, switches: { type: 'string', default: '200' } } });
const inferences = Number(values.inferences);
const switches = Number(values.switches);

console.error('Building the app…');
execSync('npx vite build', { stdio: 'ignore' });
const server = await preview({ preview: { host: '127.0.0.1', port: 4184, strictPort: true }, logLevel: 'silent' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const t0 = Date.now();
let ok: boolean;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript('window.__name = (f) => f;');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  console.log('| inferences | switches | network | tensors | tensor MB | JS heap MB (after GC) |');
  console.log('|---|---|---|---|---|---|');
  const report = await soak(page, 'http://127.0.0.1:4184', inferences, switches, (s) => {
    if (s.switches % 20 === 0 || s.switches === switches) {
      console.log(`| ${s.inferences} | ${s.switches} | ${s.net} | ${s.numTensors} | ${(s.numBytes / 2 ** 20).toFixed(1)} | ${s.heapMB.toFixed(1)} |`);
    }
  });
  const steady = Object.entries(report.tensorsByNet).map(([net, counts]) => ({ net, counts, steady: new Set(counts).size === 1 }));
  console.log('');
  for (const s of steady) console.log(`${s.net}: ${s.counts.length} visits, tensors ${[...new Set(s.counts)].join(' / ')} — ${s.steady ? 'steady' : 'GROWING'}`);
  console.log(`JS heap: first round ${report.heapFirstCycleMB.toFixed(1)} MB, max ${report.heapMaxMB.toFixed(1)} MB, at the end ${report.heapLastMB.toFixed(1)} MB.`);
  console.log(`Uncaught errors: ${errors.length}. ${((Date.now() - t0) / 60000).toFixed(1)} min.`);
  ok = steady.every((s) => s.steady) && report.heapLastMB < report.heapFirstCycleMB * 1.25 + 4 && errors.length === 0;
  console.log(ok ? 'Bounded: PASS' : 'Bounded: FAIL');
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
process.exit(ok ? 0 : 1);

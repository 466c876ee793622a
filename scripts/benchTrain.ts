/**
 * Training speed (issue 18): images per second of a training step, per network, on tfjs's wasm
 * backend with this project's kernels in Node and in the page (headless Chromium), and of PyTorch on
 * the CPU on the same network definitions where Debian's python3-torch is installed, all in one run:
 * each round measures each network in Node, in PyTorch and in the page one right after the other,
 * and each ratio is taken within a round, so that the machine's drifting speed cancels out.
 *
 *   npm run bench:train [-- --nets lenet,vgg|all] [--seconds 2] [--rounds 5] [--no-page] [--out bench/train]
 *
 * Each figure is a fresh network trained with Adam on eight batches of random digits (the recipe's
 * batch size; 128 for LeNet) for --seconds after three untimed steps; the table gives medians over the
 * rounds. Writes OUT.md and OUT.json.
 */
import { chromium } from '@playwright/test';
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { NETS, SHIPPED_NETS } from '../src/models/nets';
import type { NetId } from '../src/models/spec';
import type { TrainSpeed } from '../src/models/trainSpeed';
import { chromiumArgs, chromiumPath } from './lib/browser';
import { TRAIN_CONFIG } from './lib/trainConfig';

const { values } = parseArgs({
  options: {
    nets: { type: 'string', default: 'lenet,vgg' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    page: { type: 'boolean', default: true },
    'no-page': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/train' },
  },
});
const nets = (values.nets === 'all' ? [...SHIPPED_NETS] : values.nets!.split(',')) as NetId[];
for (const net of nets) if (!(net in NETS)) throw new Error(`unknown network '${net}' (one of ${SHIPPED_NETS.join(', ')}, or all)`);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const withPage = values.page && !values['no-page'];
const PYTHON = '/usr/bin/python3';

/** The batch each network trains with: its recipe's, and 128 for LeNet (the reference figure of issue 18). */
const batchOf = (net: NetId) => (net === 'lenet' ? 128 : TRAIN_CONFIG[net].batchSize);

type Where = 'node' | 'page' | 'torch';
const runs: Record<Where, Map<NetId, TrainSpeed[]>> = { node: new Map(), page: new Map(), torch: new Map() };
const record = (where: Where, r: TrainSpeed) => runs[where].set(r.net, [...(runs[where].get(r.net) ?? []), r]);

function torchAvailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** PyTorch training `net` in a process of its own (see scripts/torch_speed.py for why). */
function measureTorch(specFile: string, net: NetId): TrainSpeed {
  const run = spawnSync(PYTHON, [path.join('scripts', 'torch_speed.py'), specFile, '--only', net, '--threads', '1', '--seconds', String(seconds)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`PyTorch's run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n')[1]!) as TrainSpeed;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const torch = torchAvailable();
  if (!torch) console.error(`PyTorch is not installed here (${PYTHON} cannot import torch): its column is left out. On Debian: apt-get install -y python3-torch`);
  const dir = mkdtempSync(path.join(tmpdir(), 'convflow-train-'));
  const specFile = path.join(dir, 'specs.json');
  writeFileSync(specFile, JSON.stringify(nets.map((id) => ({ id, inputSize: NETS[id].inputSize, batch: batchOf(id), layers: NETS[id].layers(NETS[id].widthFactor) }))));

  const { useWasmBackend } = await import('./lib/tfNode');
  const { measureTrainSpeed } = await import('../src/models/trainSpeed');
  await useWasmBackend();

  let closePage = async () => {};
  let pageSpeed: ((net: NetId, batch: number) => Promise<TrainSpeed>) | null = null;
  if (withPage) {
    console.error('Building the app…');
    execSync('npx vite build', { stdio: 'ignore' });
    const server = await preview({ preview: { host: '127.0.0.1', port: 4184, strictPort: true }, logLevel: 'silent' });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
    const page = await browser.newPage();
    await page.goto('http://127.0.0.1:4184/?backend=wasm');
    await page.waitForFunction(() => window.convflow?.backend() === 'wasm', null, { timeout: 120_000 });
    pageSpeed = (net, batch) => page.evaluate(([n, b, s]) => window.convflow!.trainSpeed(n, b, s), [net, batch, seconds] as const);
    closePage = async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    };
  }

  try {
    // Each round measures every network in Node, in PyTorch and in the page, one after the other.
    for (let round = 1; round <= rounds; round++) {
      for (const net of nets) {
        record('node', await measureTrainSpeed(net, batchOf(net), seconds));
        if (torch) record('torch', measureTorch(specFile, net));
        if (pageSpeed) record('page', await pageSpeed(net, batchOf(net)));
        console.error(`round ${round}: ${net}`);
      }
    }
  } finally {
    await closePage();
  }

  const median = (where: Where, net: NetId) => {
    const xs = (runs[where].get(net) ?? []).map((r) => r.imagesPerSecond).sort((a, b) => a - b);
    if (xs.length === 0) return NaN;
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  };
  const range = (where: Where, net: NetId) => {
    const xs = (runs[where].get(net) ?? []).map((r) => r.imagesPerSecond);
    return xs.length ? `${Math.round(Math.min(...xs)).toLocaleString('en')}–${Math.round(Math.max(...xs)).toLocaleString('en')}` : '–';
  };
  const n = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '–');
  /** The median over rounds of each round's ratio (its figures measured minutes apart at most), and their range. */
  const ratio = (where: Where, net: NetId) => {
    const a = runs[where].get(net) ?? [];
    const b = runs.torch.get(net) ?? [];
    const rs = a.slice(0, b.length).map((r, i) => r.imagesPerSecond / b[i]!.imagesPerSecond).sort((x, y) => x - y);
    if (rs.length === 0) return '–';
    const mid = Math.floor(rs.length / 2);
    const m = rs.length % 2 ? rs[mid]! : (rs[mid - 1]! + rs[mid]!) / 2;
    return `**${m.toFixed(2)}×** (${rs[0]!.toFixed(2)}–${rs[rs.length - 1]!.toFixed(2)})`;
  };

  const lines: string[] = [];
  lines.push(
    `Training benchmark of ${new Date().toISOString().slice(0, 10)} on this machine (${process.platform}, ${cpus().length} cores), ${rounds} interleaved rounds of ${seconds} s per figure; the run took ${((Date.now() - t0) / 60000).toFixed(1)} min.`,
    '',
    `Images per second of a training step (forward, backward, Adam), each a fresh network trained on eight batches of random pixels with random labels in turn (random labels, so that no network learns its batches by heart while it is timed). **tfjs**: the wasm backend (SIMD, one thread) with this project's kernels (src/models/wasmTraining.ts), in Node and in headless Chromium's page. **PyTorch**: ${torch ? `${torch} on the CPU, one thread,` : 'not installed on this machine;'} the same network definitions (scripts/torch_speed.py builds them from the project's specs). Each round measures every network in Node, then in PyTorch, then in the page, one right after the other. Speeds are the medians of the rounds, in brackets the lowest and highest; ratios are tfjs ÷ PyTorch (1 means as fast), taken within each round and then the median over rounds, in brackets their range. This machine is a shared virtual one: the same step can take half as long again from one minute to the next, so only figures measured side by side compare.`,
    '',
    '| network | batch | tfjs in Node | tfjs in the page | PyTorch (CPU) | Node ÷ PyTorch | page ÷ PyTorch |',
    '|---|---|---|---|---|---|---|',
  );
  for (const net of nets) {
    const [node, page, reference] = [median('node', net), median('page', net), median('torch', net)];
    lines.push(`| ${NETS[net].title} | ${batchOf(net)} | ${n(node)} (${range('node', net)}) | ${n(page)} (${range('page', net)}) | ${n(reference)} (${range('torch', net)}) | ${ratio('node', net)} | ${ratio('page', net)} |`);
  }
  const text = lines.join('\n') + '\n';
  writeFileSync(`${values.out}.md`, text);
  writeFileSync(`${values.out}.json`, JSON.stringify({ date: new Date().toISOString(), seconds, rounds, torch, runs: Object.fromEntries(Object.entries(runs).map(([k, m]) => [k, Object.fromEntries(m)])) }, null, 1) + '\n');
  console.log(text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

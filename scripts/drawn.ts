/**
 * How well each shipped network reads digits drawn the pad's way (strokes → the pad's brush →
 * `toMnist`), not MNIST's scanned bitmaps:
 *   (a) MNIST test digits re-drawn from their skeletons with the pad's brush at three sizes,
 *   (b) the hand-written stroke set (scripts/lib/handDigits.ts) with mouse-like variation,
 * beside each network's accuracy on the very same test digits as MNIST gives them. Prints markdown
 * tables and writes bench/drawn.json and bench/drawn.md.
 *
 *   npm run drawn -- [--nets lenet,vgg] [--weights DIR] [--count 10000] [--per-template 20] [--out bench/drawn]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_NETS } from '../src/models/nets';
import { isNetId, type NetId } from '../src/models/spec';
import { classify, handDigitSet, redrawnDigits, REDRAW_SIZES, spreadIndices, tally, type DigitSet, type Tally } from './lib/drawnSet';
import { loadMnist } from './lib/mnist';
import { loadModel } from './lib/modelFiles';
import { useWasmBackend } from './lib/tfNode';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface NetResult {
  net: NetId;
  weights: string;
  mnistSame: Tally;
  redrawn: Tally;
  hand: Tally;
}

function table(results: NetResult[]): string {
  const lines = [
    '| network | MNIST, same test digits | re-drawn MNIST test digits | hand-written set | weakest re-drawn digits | weakest hand-written digits |',
    '|---|---|---|---|---|---|',
  ];
  const weakest = (t: Tally) =>
    [...t.perDigit].sort((a, b) => a.accuracy - b.accuracy).slice(0, 3).map((d) => `${d.digit}: ${pct(d.accuracy)}`).join(', ');
  for (const r of results) {
    lines.push(`| ${r.net} | ${pct(r.mnistSame.accuracy)} | **${pct(r.redrawn.accuracy)}** | **${pct(r.hand.accuracy)}** | ${weakest(r.redrawn)} | ${weakest(r.hand)} |`);
  }
  return lines.join('\n');
}

function digitTable(results: NetResult[], pick: (r: NetResult) => Tally, title: string): string {
  const lines = [`| ${title} | ${Array.from({ length: 10 }, (_, d) => d).join(' | ')} |`, `|---|${'---|'.repeat(10)}`];
  for (const r of results) lines.push(`| ${r.net} | ${pick(r).perDigit.map((d) => (100 * d.accuracy).toFixed(0)).join(' | ')} |`);
  return lines.join('\n');
}

function sizeTable(results: NetResult[]): string {
  const lines = [`| re-drawn at size | ${REDRAW_SIZES.join(' | ')} |`, `|---|${'---|'.repeat(REDRAW_SIZES.length)}`];
  for (const r of results) lines.push(`| ${r.net} | ${REDRAW_SIZES.map((s) => pct(r.redrawn.perTag[`size ${s}`]?.accuracy ?? NaN)).join(' | ')} |`);
  return lines.join('\n');
}

function worstTemplates(results: NetResult[], n = 8): string {
  const names = Object.keys(results[0]?.hand.perTag ?? {});
  const mean = (k: string) => results.reduce((s, r) => s + r.hand.perTag[k]!.accuracy, 0) / results.length;
  const worst = names.sort((a, b) => mean(a) - mean(b)).slice(0, n);
  const lines = [`| hand template (hardest first) | ${results.map((r) => r.net).join(' | ')} |`, `|---|${'---|'.repeat(results.length)}`];
  for (const k of worst) lines.push(`| ${k} | ${results.map((r) => pct(r.hand.perTag[k]!.accuracy)).join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nets: { type: 'string', default: SHIPPED_NETS.join(',') },
      weights: { type: 'string', default: path.join('public', 'weights') },
      count: { type: 'string', default: '10000' },
      'per-template': { type: 'string', default: '20' },
      out: { type: 'string', default: path.join('bench', 'drawn') },
    },
  });
  const nets = values.nets.split(',').map((s) => s.trim());
  for (const id of nets) if (!isNetId(id)) throw new Error(`Unknown network '${id}'`);
  await useWasmBackend();

  const t0 = Date.now();
  const test = loadMnist('test');
  const indices = spreadIndices(test.count, Number(values.count));
  const mnistSame: DigitSet = {
    images: Float32Array.from(indices.flatMap((i) => Array.from(test.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255))),
    labels: Uint8Array.from(indices.map((i) => test.labels[i]!)),
    count: indices.length,
    tags: indices.map(() => 'mnist'),
  };
  const redrawn = redrawnDigits(test, indices);
  const hand = handDigitSet(Number(values['per-template']));
  console.error(`Built ${redrawn.count} re-drawn test digits and ${hand.count} hand-written ones in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const results: NetResult[] = [];
  for (const id of nets as NetId[]) {
    const dir = path.join(values.weights, id);
    const model = await loadModel(dir);
    results.push({
      net: id,
      weights: dir,
      mnistSame: tally(mnistSame, await classify(model, mnistSame)),
      redrawn: tally(redrawn, await classify(model, redrawn)),
      hand: tally(hand, await classify(model, hand)),
    });
    model.dispose();
    console.error(`${id}: re-drawn ${pct(results.at(-1)!.redrawn.accuracy)}, hand-written ${pct(results.at(-1)!.hand.accuracy)}`);
  }

  const all = indices.length === test.count;
  const md = [
    `Drawn digits, read by the networks in ${values.weights}: ${all ? 'all ' : ''}${redrawn.count} MNIST test digits${all ? '' : ` (every ${Math.round(test.count / indices.length)}th)`} ` +
      `re-drawn from their skeletons with the pad's brush at sizes ${REDRAW_SIZES.join(', ')} of the pad in turn, and ` +
      `${hand.count} hand-written stroke drawings (${values['per-template']} mouse-like variations of each template).`,
    '',
    table(results),
    '',
    digitTable(results, (r) => r.redrawn, 're-drawn, % per digit'),
    '',
    digitTable(results, (r) => r.hand, 'hand-written, % per digit'),
    '',
    sizeTable(results),
    '',
    worstTemplates(results),
    '',
  ].join('\n');
  console.log(md);
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(`${values.out}.md`, md);
  writeFileSync(
    `${values.out}.json`,
    JSON.stringify({ measuredAt: new Date().toISOString(), redrawnCount: redrawn.count, handCount: hand.count, sizes: REDRAW_SIZES, results }, null, 2) + '\n',
  );
  // The shipped weights' figures also go beside them, for the app's training card.
  if (path.resolve(values.weights) === path.resolve('public', 'weights')) writeAppSummary(values.weights, results, redrawn.count, hand.count);
}

/** `public/weights/drawn.json`: per network, the share of re-drawn and hand-written digits read right, and per digit. */
function writeAppSummary(dir: string, results: NetResult[], redrawnCount: number, handCount: number): void {
  const file = path.join(dir, 'drawn.json');
  const summary = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { nets: Record<string, unknown> }) : { nets: {} };
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  for (const r of results) {
    summary.nets[r.net] = {
      measuredAt: new Date().toISOString().slice(0, 10),
      redrawn: round(r.redrawn.accuracy),
      redrawnCount,
      hand: round(r.hand.accuracy),
      handCount,
      perDigit: r.redrawn.perDigit.map((d) => round(d.accuracy)),
    };
  }
  writeFileSync(file, JSON.stringify(summary, null, 1) + '\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});

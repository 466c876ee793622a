/**
 * Runs the Learn view's experiments (src/models/experiments.ts) in Node on the wasm backend, with
 * the same digits the page trains on (public/learn/mnist-subset.bin.gz), and prints what each shows,
 * how many digits it took and how long: the budgets the Learn view states.
 *
 *   npm run experiments [-- --only 1,4]     (writes bench/experiments.{md,json})
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { EXPERIMENTS, ExperimentRun } from '../src/models/experiments';
import { LearnRun } from '../src/models/learn';
import { loadLearnData } from './lib/mnist';
import { useWasmBackend } from './lib/tfNode';

const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
const only = values.only ? values.only.split(',').map(Number) : null;

await useWasmBackend();
const data = loadLearnData();
const results: unknown[] = [];
for (const exp of EXPERIMENTS) {
  if (only && !only.includes(exp.n)) continue;
  const before = tf.memory().numTensors;
  const run = new ExperimentRun(exp, [new LearnRun(exp.arms[0].settings, data), new LearnRun(exp.arms[1].settings, data)]);
  const t0 = Date.now();
  while (!run.done) {
    if (await run.advance()) {
      const h = run.histories;
      process.stderr.write(`\r${exp.n}. step ${run.steps}/${exp.steps}: ${h.map((x) => `${(100 * x.heldOut[x.heldOut.length - 1]!).toFixed(1)}% loss ${x.loss[x.loss.length - 1]!.toFixed(3)}`).join(' | ')}   `);
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  const verdict = run.verdict();
  const images = run.runs[0].images + run.runs[1].images;
  run.dispose();
  process.stderr.write('\n');
  console.log(`${exp.n}. ${exp.title}: ${verdict.confirmed ? 'claim borne out' : 'claim not borne out'} — ${verdict.text} (${images.toLocaleString('en-US')} digits, ${seconds.toFixed(0)} s; tensors ${before} → ${tf.memory().numTensors})`);
  results.push({ n: exp.n, title: exp.title, confirmed: verdict.confirmed, verdict: verdict.text, images, seconds, histories: run.histories });
}
if (values.out) {
  // A run of some experiments (--only) replaces their rows and keeps the others'.
  type Result = { n: number; title: string; confirmed: boolean; verdict: string; images: number; seconds: number };
  let merged = results as Result[];
  if (only && existsSync(`${values.out}.json`)) {
    const before = JSON.parse(readFileSync(`${values.out}.json`, 'utf8')) as Result[];
    merged = [...before.filter((r) => !only.includes(r.n)), ...merged].sort((a, b) => a.n - b.n);
  }
  mkdirSync(path.dirname(values.out), { recursive: true });
  const table = merged.map((r) => `| ${r.n}. ${r.title} | ${r.confirmed ? 'yes' : 'no'} | ${r.verdict} | ${r.images.toLocaleString('en-US')} | ${r.seconds.toFixed(0)} s |`);
  const md = [`The Learn view's experiments in Node (tfjs ${tf.version.tfjs}, wasm backend, one thread), both arms of each in turn.`, '', '| experiment | claim borne out | what the run shows | digits (both arms) | time |', '|---|---|---|---|---|', ...table, ''].join('\n');
  writeFileSync(`${values.out}.md`, md);
  writeFileSync(`${values.out}.json`, JSON.stringify(merged, null, 1) + '\n');
}

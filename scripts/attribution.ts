/**
 * The attribution methods' checks on every shipped network (issue 16), on the ten MNIST test digits
 * the app ships, each toward its own label, on tfjs's wasm backend in Node:
 *   - the model-randomisation sanity check (Adebayo et al. 2018): the last three convolutional or
 *     dense layers re-initialised, the median rank correlation of |map| with the trained network's;
 *   - Integrated Gradients' completeness error at 16, 32, 64 and 128 steps;
 *   - how far each method's mass moves when the digit moves 4 px right;
 *   - each method's time, as a multiple of one inference.
 * Prints markdown tables, writes bench/attribution.{md,json} and public/weights/attribution.json (the
 * part the app reads: which methods pass the sanity check).
 *
 *   npm run attribution -- [--nets lenet,vgg]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { ATTRIBUTION_METHODS, integratedGradientsMap, massCentre, randomiseTop, SANITY_THRESHOLD, type AttributionMethod } from '../src/models/attribution';
import { median, methodMaps, sanityOf, type AttributionFile, type NetChecks } from '../src/models/attributionChecks';
import { SHIPPED_NETS } from '../src/models/nets';
import { IDENTITY, transformDigit } from '../src/models/robust';
import type { NetId } from '../src/models/spec';
import { shippedSamples } from './lib/mnist';
import { loadModel } from './lib/modelFiles';
import { useWasmBackend } from './lib/tfNode';

const IG_STEPS = [16, 32, 64, 128];
const TITLES: Record<AttributionMethod, string> = { gradient: 'gradient', smoothgrad: 'SmoothGrad', ig: 'Integrated Gradients', gradcam: 'Grad-CAM', occlusion: 'occlusion' };

interface Row extends NetChecks {
  net: NetId;
  shift: Record<AttributionMethod, number>;
  cost: Record<AttributionMethod, number>;
  inferenceMs: number;
}

async function measure(net: NetId): Promise<Row> {
  const digits = shippedSamples();
  const model = await loadModel(path.join('public', 'weights', net));
  const random = await loadModel(path.join('public', 'weights', net));
  const randomised = randomiseTop(random);
  // One inference, timed (after a warm-up).
  const infer = () => tf.tidy(() => (model.predict(tf.tensor4d(digits[0]!.digit, [1, 28, 28, 1])) as tf.Tensor).dataSync());
  infer();
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) infer();
  const inferenceMs = (performance.now() - t0) / 5;
  const sanityRho = await sanityOf(model, random, digits);
  const igError: Record<string, number> = {};
  for (const steps of IG_STEPS) {
    const errs: number[] = [];
    for (const { digit, label } of digits.slice(0, 5)) {
      const ig = await integratedGradientsMap(model, digit, label, { steps, batch: 16 });
      errs.push(Math.abs(ig.total - ig.delta) / Math.abs(ig.delta));
    }
    igError[steps] = median(errs);
  }
  const moves: Record<AttributionMethod, number[]> = { gradient: [], smoothgrad: [], ig: [], gradcam: [], occlusion: [] };
  const costs: Record<AttributionMethod, number[]> = { gradient: [], smoothgrad: [], ig: [], gradcam: [], occlusion: [] };
  for (const { digit, label } of digits) {
    const a = await methodMaps(model, digit, label);
    const b = await methodMaps(model, transformDigit(digit, { ...IDENTITY, dx: 4 }), label);
    for (const m of ATTRIBUTION_METHODS) {
      moves[m].push(massCentre(b[m].map)[0] - massCentre(a[m].map)[0]);
      costs[m].push(a[m].ms / inferenceMs);
    }
  }
  model.dispose();
  random.dispose();
  const per = (f: (m: AttributionMethod) => number) => Object.fromEntries(ATTRIBUTION_METHODS.map((m) => [m, f(m)])) as Record<AttributionMethod, number>;
  return {
    net,
    randomised,
    sanity: Object.fromEntries(ATTRIBUTION_METHODS.map((m) => [m, { rho: Math.round(sanityRho[m] * 1000) / 1000, passes: sanityRho[m] < SANITY_THRESHOLD }])) as NetChecks['sanity'],
    igError,
    shift: per((m) => median(moves[m])),
    cost: per((m) => median(costs[m])),
    inferenceMs,
  };
}

function tables(rows: Row[]): string {
  const head = (first: string) => [`| ${first} | ${ATTRIBUTION_METHODS.map((m) => TITLES[m]).join(' | ')} |`, `|---|${'---|'.repeat(ATTRIBUTION_METHODS.length)}`];
  const sanity = head('randomisation check: rank correlation (pass < 0.5)');
  const shift = head('digit moved 4 px right: mass moved (px)');
  const cost = head('time, × one inference (settings below)');
  for (const r of rows) {
    sanity.push(`| ${r.net} | ${ATTRIBUTION_METHODS.map((m) => `${r.sanity[m].rho.toFixed(2)} ${r.sanity[m].passes ? 'pass' : '**fails**'}`).join(' | ')} |`);
    shift.push(`| ${r.net} | ${ATTRIBUTION_METHODS.map((m) => r.shift[m].toFixed(1)).join(' | ')} |`);
    cost.push(`| ${r.net} (${r.inferenceMs.toFixed(1)} ms) | ${ATTRIBUTION_METHODS.map((m) => r.cost[m].toFixed(0)).join(' | ')} |`);
  }
  const ig = [`| Integrated Gradients, completeness error | ${IG_STEPS.map((s) => `${s} steps`).join(' | ')} |`, `|---|${'---|'.repeat(IG_STEPS.length)}`];
  for (const r of rows) ig.push(`| ${r.net} | ${IG_STEPS.map((s) => `${(100 * r.igError[s]!).toFixed(1)}%`).join(' | ')} |`);
  return [sanity, ig, shift, cost].map((t) => t.join('\n')).join('\n\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nets: { type: 'string' } } });
  const nets = (values.nets?.split(',') ?? SHIPPED_NETS) as NetId[];
  await useWasmBackend();
  const rows: Row[] = [];
  for (const net of nets) {
    const t = performance.now();
    rows.push(await measure(net));
    console.error(`${net}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const md = [
    '# Attribution checks',
    '',
    `Measured by \`npm run attribution\` on ${new Date().toISOString().slice(0, 10)}, tfjs wasm backend in Node, on the ten MNIST test digits of \`public/samples\`, each toward its own label (medians over the digits; Integrated Gradients' completeness over the first five).`,
    'Settings: SmoothGrad 16 noisy copies at σ 15%; Integrated Gradients 32 steps from the empty digit; Grad-CAM at the last convolutional stage; occlusion a 6×6 patch every 2 px (144 runs).',
    'Randomisation check (Adebayo et al. 2018): the last three convolutional or dense layers re-initialised (Glorot-uniform, seeded), rank correlation of the absolute maps with the trained network\'s.',
    '',
    tables(rows),
    '',
  ].join('\n');
  console.log(md);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/attribution.md', md);
  writeFileSync('bench/attribution.json', `${JSON.stringify(rows, null, 1)}\n`);
  let file: AttributionFile;
  try {
    file = JSON.parse(readFileSync('public/weights/attribution.json', 'utf8')) as AttributionFile;
  } catch {
    file = { measuredAt: '', threshold: SANITY_THRESHOLD, digits: '', nets: {} };
  }
  file.measuredAt = new Date().toISOString().slice(0, 10);
  file.threshold = SANITY_THRESHOLD;
  file.digits = 'the ten MNIST test digits of public/samples, each toward its label';
  for (const r of rows) file.nets[r.net] = { randomised: r.randomised, sanity: r.sanity, igError: r.igError };
  writeFileSync('public/weights/attribution.json', `${JSON.stringify(file, null, 1)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/**
 * How long a training step takes for each network at its shipped scale, on the wasm backend in Node:
 *
 *   npx tsx scripts/trainSpeed.ts [--net id] [--batch 64] [--profile]
 *
 * Prints ms per step and minutes per 60,000-digit epoch; with --profile, the kernels that take the
 * most time. FACTOR=n and SIZE=n in the environment try another width factor or input size.
 * Uses random data: it measures speed, not learning.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildModel } from '../src/models/build';
import { NETS } from '../src/models/nets';
import { NET_IDS, type NetId } from '../src/models/spec';
import { useWasmBackend } from './lib/tfNode';

const { values } = parseArgs({
  options: { net: { type: 'string' }, batch: { type: 'string', default: '64' }, profile: { type: 'boolean', default: false } },
});
await useWasmBackend();
const batch = Number(values.batch);
const ids = values.net ? [values.net as NetId] : [...NET_IDS];
console.log('| network | batch | ms / step | min / epoch | parameters |\n|---|---|---|---|---|');
for (const id of ids) {
  const model = buildModel({ ...NETS[id], ...(process.env.FACTOR ? { widthFactor: Number(process.env.FACTOR) } : {}), ...(process.env.SIZE ? { inputSize: Number(process.env.SIZE) } : {}) });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
  const x = tf.randomUniform([batch, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  await model.trainOnBatch(x, y);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await model.trainOnBatch(x, y);
    times.push(performance.now() - t);
  }
  const ms = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`| ${id} | ${batch} | ${ms.toFixed(0)} | ${((ms * 60000) / batch / 60000).toFixed(1)} | ${model.countParams().toLocaleString('en-US')} |`);
  if (values.profile) {
    const info = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    const byKernel: Record<string, number> = {};
    for (const k of info.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + Number(k.kernelTimeMs);
    for (const [name, t] of Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${name.padEnd(24)} ${t.toFixed(0)} ms`);
  }
  tf.dispose([x, y]);
  model.dispose();
}

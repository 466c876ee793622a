/**
 * How fast each network runs at its shipped scale on tfjs's wasm backend in Node (one thread):
 *
 *   npx tsx scripts/speed.ts [--net id] [--batch 64] [--profile]
 *
 * Prints a markdown table: the median time to classify one digit, the time of one training step and
 * the minutes a 60,000-digit epoch takes. --profile adds the kernels that take most of a training
 * step. FACTOR=n and SIZE=n in the environment try another width factor or input size.
 * Uses random data: it measures speed, not learning.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildModel } from '../src/models/build';
import { skipInputGradient } from '../src/models/wasmTraining';
import { NETS } from '../src/models/nets';
import { NET_IDS, type NetId } from '../src/models/spec';
import { useWasmBackend } from './lib/tfNode';

const { values } = parseArgs({
  options: { net: { type: 'string' }, batch: { type: 'string', default: '64' }, profile: { type: 'boolean', default: false } },
});
await useWasmBackend();
const batch = Number(values.batch);
const ids = values.net ? [values.net as NetId] : [...NET_IDS];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log('| network | classify one digit (ms) | training step, batch ' + batch + ' (ms) | min / epoch | parameters |\n|---|---|---|---|---|');
for (const id of ids) {
  const spec = {
    ...NETS[id],
    ...(process.env.FACTOR ? { widthFactor: Number(process.env.FACTOR) } : {}),
    ...(process.env.SIZE ? { inputSize: Number(process.env.SIZE) } : {}),
  };
  const model = buildModel(spec);
  const one = tf.randomUniform([1, 28, 28, 1]);
  const predictTimes: number[] = [];
  for (let i = 0; i < 31; i++) {
    const t = performance.now();
    const out = model.predict(one) as tf.Tensor;
    await out.data();
    out.dispose();
    if (i > 0) predictTimes.push(performance.now() - t);
  }
  // As npm run train trains: without the input digits' gradient (src/models/wasmTraining.ts).
  const releaseInput = skipInputGradient(model);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
  const x = tf.randomUniform([batch, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const stepTimes: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    await model.trainOnBatch(x, y);
    stepTimes.push(performance.now() - t);
  }
  const step = median(stepTimes);
  console.log(
    `| ${id} | ${median(predictTimes).toFixed(2)} | ${step.toFixed(0)} | ${((step * 60000) / batch / 60000).toFixed(1)} | ${model.countParams().toLocaleString('en-US')} |`,
  );
  if (values.profile) {
    const info = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    const byKernel: Record<string, number> = {};
    for (const k of info.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + Number(k.kernelTimeMs);
    for (const [name, t] of Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${name.padEnd(24)} ${t.toFixed(0)} ms`);
  }
  tf.dispose([one, x, y]);
  releaseInput();
  model.dispose();
}

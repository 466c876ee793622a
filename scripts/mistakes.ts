/**
 * Writes public/weights/<net>/mistakes.json from the committed weights: a few of the test digits each
 * network misreads, per confusion-matrix cell, for the Training panel.
 *
 *   npx tsx scripts/mistakes.ts --net lenet|all
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_NETS } from '../src/models/nets';
import type { NetId } from '../src/models/spec';
import { collectMistakes } from './lib/mistakes';
import { loadMnist } from './lib/mnist';
import { loadModel } from './lib/modelFiles';
import { useWasmBackend } from './lib/tfNode';

const { values } = parseArgs({ options: { net: { type: 'string', default: 'all' }, weights: { type: 'string', default: path.join('public', 'weights') } } });
await useWasmBackend();
const test = loadMnist('test');
const ids = values.net === 'all' ? [...SHIPPED_NETS] : [values.net as NetId];
for (const id of ids) {
  const dir = path.join(values.weights, id);
  if (!existsSync(path.join(dir, 'model.json'))) throw new Error(`${dir} has no model.json`);
  const model = await loadModel(dir);
  const file = await collectMistakes(model, test);
  model.dispose();
  writeFileSync(path.join(dir, 'mistakes.json'), JSON.stringify(file));
  const count = Object.values(file.cells).reduce((a, c) => a + c.length, 0);
  console.log(`${id}: ${count} example mistakes in ${Object.keys(file.cells).length} cells -> ${dir}/mistakes.json`);
}

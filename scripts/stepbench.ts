import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/models/build';
import { NETS } from '../src/models/nets';
import { useWasmBackend } from './lib/tfNode';
await useWasmBackend();
const [id, f, s, bs] = process.argv.slice(2);
const net = { ...NETS[id as 'alexnet'], widthFactor: Number(f), inputSize: Number(s) };
const m = buildModel(net);
m.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
const b = Number(bs ?? 64);
const x = tf.randomUniform([b, 28, 28, 1]);
const y = tf.oneHot(tf.randomUniform([b], 0, 10, 'int32'), 10);
const times: number[] = [];
for (let i = 0; i < 4; i++) { const t = Date.now(); await m.trainOnBatch(x, y); times.push(Date.now() - t); }
const per = times.slice(1).reduce((a, c) => a + c, 0) / 3;
console.log(id, 'f', f, 's', s, 'batch', b, 'ms/step', per.toFixed(0), 'min/epoch', ((per * 60000) / b / 60000).toFixed(1), 'params', m.countParams());

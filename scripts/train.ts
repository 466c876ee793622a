/**
 * Trains the story's networks on MNIST in Node, on tfjs's wasm backend, and writes what the app loads:
 *   public/weights/<net>/model.json, weights.bin, metrics.json, mistakes.json
 *
 *   npm run train -- --net lenet|all [--epochs N] [--batch N] [--lr X] [--seed N] [--limit N]
 *                    [--no-augment] [--drawn] [--drawn-p X] [--elastic-p X] [--out DIR] [--checkpoints DIR] [--fresh]
 *
 * --drawn adds the pad-matching augmentation (src/models/drawnAugment.ts DEFAULT_DRAWN) to a network
 * whose recipe lacks it; --drawn-p and --elastic-p set its two probabilities.
 *
 * Interrupted runs resume from the last finished epoch (weights and optimizer state, kept in
 * .checkpoints/<net>/) unless --fresh is given.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { augmentDigit, DEFAULT_AUGMENT } from '../src/models/augment';
import { DEFAULT_DRAWN, drawnTrainingDigit } from '../src/models/drawnAugment';
import { buildModel } from '../src/models/build';
import { seedKernels } from '../src/models/init';
import { NETS } from '../src/models/nets';
import { seededRandom, shuffle } from '../src/models/random';
import { digitPaths, packPaths, unpackPaths, type PackedPaths } from '../src/models/skeleton';
import { isNetId, NET_IDS, type NetId } from '../src/models/spec';
import { evaluate, type Evaluation } from './lib/evaluate';
import { collectMistakes } from './lib/mistakes';
import { loadMnist, type MnistSplit } from './lib/mnist';
import { loadModel, saveModel } from './lib/modelFiles';
import { formatSeconds, Progress } from './lib/progress';
import { useWasmBackend } from './lib/tfNode';
import { TRAIN_CONFIG, type TrainConfig } from './lib/trainConfig';

interface EpochRecord {
  epoch: number;
  learningRate: number;
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
}

interface Checkpoint {
  net: NetId;
  config: TrainConfig;
  epochsDone: number;
  history: EpochRecord[];
  trainSeconds: number;
}

/** Cosine decay from the peak rate to 1% of it, after a one-epoch linear warm-up. */
function learningRate(cfg: TrainConfig, epoch: number, step: number, stepsPerEpoch: number): number {
  const t = epoch + step / stepsPerEpoch;
  if (t < cfg.warmupEpochs) return (cfg.learningRate * (t + 1 / stepsPerEpoch)) / cfg.warmupEpochs;
  const p = (t - cfg.warmupEpochs) / Math.max(1e-9, cfg.epochs - cfg.warmupEpochs);
  return cfg.learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p))));
}

/** Each training digit's pen paths, found the first time the `drawn` augmentation needs them. */
type PathCache = Map<number, PackedPaths>;

function makeBatch(split: MnistSplit, idx: number[], cfg: TrainConfig, rand: () => number, paths: PathCache): [tf.Tensor4D, tf.Tensor2D] {
  const n = idx.length;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * 10);
  const digit = new Float32Array(784);
  for (let b = 0; b < n; b++) {
    const i = idx[b]!;
    const base = i * 784;
    for (let k = 0; k < 784; k++) digit[k] = split.images[base + k]! / 255;
    const plain = () => augmentDigit(digit, 28, rand, DEFAULT_AUGMENT);
    const pathsOf = () => {
      let packed = paths.get(i);
      if (!packed) paths.set(i, (packed = packPaths(digitPaths(digit).paths)));
      return unpackPaths(packed);
    };
    x.set(!cfg.augment ? digit : cfg.drawn ? drawnTrainingDigit(pathsOf, plain, rand, cfg.drawn) : plain(), b * 784);
    y[b * 10 + split.labels[i]!] = 1;
  }
  return [tf.tensor4d(x, [n, 28, 28, 1]), tf.tensor2d(y, [n, 10])];
}

async function saveOptimizer(opt: tf.Optimizer, file: string): Promise<void> {
  const named = await opt.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // getWeights() makes a fresh scalar for the step count; the moments are the optimizer's own variables.
  named.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
  writeFileSync(`${file}.json`, JSON.stringify(specs));
  writeFileSync(`${file}.bin`, new Uint8Array(tf.io.CompositeArrayBuffer.join(data)));
}

async function loadOptimizer(opt: tf.Optimizer, file: string): Promise<void> {
  const specs = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const bin = readFileSync(`${file}.bin`);
  const named = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), specs);
  await opt.setWeights(Object.entries(named).map(([name, tensor]) => ({ name, tensor })));
}

interface RunPaths {
  out: string;
  checkpoints: string;
}

async function trainNet(id: NetId, overrides: Partial<TrainConfig>, fresh: boolean, paths: RunPaths): Promise<void> {
  const net = NETS[id];
  const cfg: TrainConfig = { ...TRAIN_CONFIG[id], ...overrides };
  const ckptDir = path.join(paths.checkpoints, id);
  const outDir = path.join(paths.out, id);
  if (fresh) rmSync(ckptDir, { recursive: true, force: true });

  const train = loadMnist('train');
  const test = loadMnist('test');
  const trainCount = Math.min(cfg.limit ?? train.count, train.count);

  let model: tf.LayersModel;
  let ckpt: Checkpoint = { net: id, config: cfg, epochsDone: 0, history: [], trainSeconds: 0 };
  const optimizer = cfg.optimizer === 'sgd-momentum' ? tf.train.momentum(cfg.learningRate, 0.9) : tf.train.adam(cfg.learningRate);
  const stateFile = path.join(ckptDir, 'state.json');
  if (existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Checkpoint;
    if (JSON.stringify(saved.config) !== JSON.stringify(cfg)) {
      throw new Error(`${ckptDir} was made with another configuration; rerun with --fresh to start over`);
    }
    ckpt = saved;
    model = await loadModel(path.join(ckptDir, 'model'));
    console.error(`Resuming ${id} after epoch ${ckpt.epochsDone} of ${cfg.epochs} (from ${ckptDir})`);
  } else {
    model = buildModel(net);
    seedKernels(model, seededRandom(cfg.seed), cfg.biasInit, cfg.kernelInit);
  }
  model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
  if (ckpt.epochsDone > 0) await loadOptimizer(optimizer, path.join(ckptDir, 'optimizer'));

  console.error(
    `Training ${net.title} (${model.countParams().toLocaleString('en-US')} parameters) on ${trainCount} digits, ` +
      `${cfg.epochs} epochs, batch ${cfg.batchSize}, ${cfg.optimizer ?? 'adam'} lr ${cfg.learningRate}, augment ${cfg.augment}` +
      `${cfg.augment && cfg.drawn ? ` + drawn (p ${cfg.drawn.probability}, elastic ${cfg.drawn.elasticProbability})` : ''}, seed ${cfg.seed}, backend ${tf.getBackend()}`,
  );
  const stepsPerEpoch = Math.ceil(trainCount / cfg.batchSize);
  const pathCache: PathCache = new Map();
  // SGD and momentum have a setter; Adam reads its `learningRate` field on every step. (tfjs's
  // optimizers answer `instanceof` by duck typing, so test for the setter itself.)
  const settable = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  const setRate = (lr: number) => {
    if (typeof settable.setLearningRate === 'function') settable.setLearningRate(lr);
    else settable.learningRate = lr;
  };

  for (let epoch = ckpt.epochsDone; epoch < cfg.epochs; epoch++) {
    const t0 = Date.now();
    // A generator per epoch makes a resumed run draw exactly what an uninterrupted one would.
    const rand = seededRandom(cfg.seed * 1009 + epoch + 1);
    const order = shuffle(Array.from({ length: trainCount }, (_, i) => i), rand);
    const progress = new Progress(`${id} epoch ${epoch + 1}/${cfg.epochs}`, stepsPerEpoch);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    let lr = cfg.learningRate;
    for (let step = 0; step < stepsPerEpoch; step++) {
      lr = learningRate(cfg, epoch, step, stepsPerEpoch);
      setRate(lr);
      const idx = order.slice(step * cfg.batchSize, (step + 1) * cfg.batchSize);
      const [x, y] = makeBatch(train, idx, cfg, rand, pathCache);
      const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
      x.dispose();
      y.dispose();
      if (!Number.isFinite(loss!)) throw new Error(`${id}: loss became ${loss} at epoch ${epoch + 1}, step ${step + 1}`);
      lossSum += loss! * idx.length;
      accSum += acc! * idx.length;
      seen += idx.length;
      progress.update(step + 1, `loss ${(lossSum / seen).toFixed(4)} acc ${((100 * accSum) / seen).toFixed(2)}% lr ${lr.toExponential(2)}`);
    }
    const evalResult = await evaluate(model, test);
    const seconds = (Date.now() - t0) / 1000;
    ckpt.history.push({
      epoch: epoch + 1,
      learningRate: lr,
      trainLoss: lossSum / seen,
      trainAccuracy: accSum / seen,
      testAccuracy: evalResult.accuracy,
      seconds,
    });
    ckpt.epochsDone = epoch + 1;
    ckpt.trainSeconds += seconds;
    console.error(
      `${id} epoch ${epoch + 1}: train loss ${(lossSum / seen).toFixed(4)}, train acc ${((100 * accSum) / seen).toFixed(2)}%, ` +
        `test acc ${(100 * evalResult.accuracy).toFixed(2)}% (${formatSeconds(seconds)}, tensors ${tf.memory().numTensors})`,
    );
    const neverPredicted = evalResult.confusion[0]!.map((_, d) => d).filter((d) => evalResult.confusion.every((row) => row[d] === 0));
    if (neverPredicted.length) {
      // A class whose last ReLU died (NiN's class maps end in ReLU + pooling) never comes back under Adam.
      console.error(`${id} warning: digit(s) ${neverPredicted.join(', ')} never predicted on the test set — a dead output unit; try a lower learning rate`);
    }
    mkdirSync(ckptDir, { recursive: true });
    await saveModel(model, path.join(ckptDir, 'model'));
    await saveOptimizer(optimizer, path.join(ckptDir, 'optimizer'));
    writeFileSync(stateFile, JSON.stringify(ckpt, null, 2));
  }

  const bytes = await saveModel(model, outDir);
  // Measure the model exactly as shipped: reload the files just written.
  const shipped = await loadModel(outDir);
  const final: Evaluation = await evaluate(shipped, test);
  writeFileSync(path.join(outDir, 'mistakes.json'), JSON.stringify(await collectMistakes(shipped, test)));
  shipped.dispose();
  const metrics = {
    net: id,
    title: net.title,
    testAccuracy: final.accuracy,
    testCorrect: final.correct,
    testCount: final.count,
    confusion: final.confusion,
    epochs: ckpt.history,
    config: { ...cfg, trainDigits: trainCount, optimizer: cfg.optimizer ?? 'adam', loss: 'softmax cross-entropy', schedule: 'linear warm-up, cosine decay', augmentation: cfg.augment ? DEFAULT_AUGMENT : null, drawnAugmentation: cfg.augment ? (cfg.drawn ?? null) : null },
    parameters: model.countParams(),
    weightBytes: bytes,
    wallSeconds: Math.round(ckpt.trainSeconds),
    backend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    trainedAt: new Date().toISOString(),
  };
  writeFileSync(path.join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(
    `${net.title}: test accuracy ${(100 * final.accuracy).toFixed(2)}% (${final.correct}/${final.count}), ` +
      `${(bytes / 1024).toFixed(1)} KiB of weights, ${formatSeconds(ckpt.trainSeconds)} of training -> ${outDir}`,
  );
  model.dispose();
  optimizer.dispose();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      net: { type: 'string', default: 'lenet' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      out: { type: 'string', default: path.join('public', 'weights') },
      checkpoints: { type: 'string', default: '.checkpoints' },
      'no-augment': { type: 'boolean', default: false },
      drawn: { type: 'boolean', default: false },
      'drawn-p': { type: 'string' },
      'elastic-p': { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const ids: NetId[] = values.net === 'all' ? [...NET_IDS] : [values.net as NetId];
  for (const id of ids) {
    if (!isNetId(id)) throw new Error(`Unknown network '${id}'. Choose one of: ${NET_IDS.join(', ')}, all`);
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const overrides: Partial<TrainConfig> = Object.fromEntries(
    Object.entries({
      epochs: num(values.epochs),
      batchSize: num(values.batch),
      learningRate: num(values.lr),
      seed: num(values.seed),
      limit: num(values.limit),
      augment: values['no-augment'] ? false : undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const drawnP = num(values['drawn-p']);
  const elasticP = num(values['elastic-p']);
  if (values.drawn || drawnP !== undefined || elasticP !== undefined) {
    overrides.drawn = {
      ...DEFAULT_DRAWN,
      ...(drawnP !== undefined ? { probability: drawnP } : {}),
      ...(elasticP !== undefined ? { elasticProbability: elasticP } : {}),
    };
  }
  await useWasmBackend();
  for (const id of ids) await trainNet(id, overrides, values.fresh, { out: values.out, checkpoints: values.checkpoints });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

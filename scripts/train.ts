/**
 * Trains the story's networks on MNIST in Node, on tfjs's wasm backend, and writes what the app loads:
 *   public/weights/<net>/model.json, weights.bin, metrics.json, mistakes.json
 *
 *   npm run train -- --net lenet|all [--epochs N] [--batch N] [--lr X] [--seed N] [--limit N]
 *                    [--no-augment] [--drawn] [--drawn-p X] [--elastic-p X] [--flag-ones X]
 *                    [--legacy-skeleton] [--fine-epochs N] [--fine-lr X] [--ema DECAY] [--val N]
 *                    [--from DIR] [--out DIR] [--checkpoints DIR] [--fresh]
 *
 * --drawn adds the pad-matching augmentation (src/models/drawnAugment.ts DEFAULT_DRAWN) to a network
 * whose recipe lacks it; --drawn-p and --elastic-p set its two probabilities, and --flag-ones the
 * chance that a 1 is re-drawn with a flag (DrawnAugmentOptions.flagOnes). Such a run finds the digits'
 * paths with the current tracer settings (SKELETON_OPTIONS, recorded in its config);
 * --legacy-skeleton uses the first ones, as the recipes trained before them did.
 *
 * --ema DECAY ships an exponential moving average of the weights (TrainConfig.emaDecay), e.g. 0.999.
 * --val N holds N training digits out and ships the epoch that reads the most of them
 * (TrainConfig.validation).
 *
 * Interrupted runs resume from the last finished epoch (weights and optimizer state, kept in
 * .checkpoints/<net>/) unless --fresh is given.
 *
 * A recipe with a fine-tuning stage (TrainConfig.fineTune) runs it after its first `epochs`, from those
 * weights with a fresh optimizer. --from DIR starts that stage from DIR/<net> instead of training the
 * first stage again: the weights a run of the same first-stage recipe wrote, with the metrics.json it
 * printed (its epochs are kept in the new metrics). --fine-epochs N adds (or changes) the stage: N
 * epochs at --fine-lr (default a quarter of the first stage's peak rate), with --drawn-p and
 * --elastic-p as its shares of re-drawn and distorted digits (default 0.3 and 0.2), --flag-ones as its
 * share of flagged 1s, and --ema DECAY averaging the weights over that stage only (FineTune.emaDecay).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { augmentDigit, DEFAULT_AUGMENT } from '../src/models/augment';
import { DEFAULT_DRAWN, drawnTrainingDigit, type DrawnAugmentOptions } from '../src/models/drawnAugment';
import { buildModel } from '../src/models/build';
import { skipInputGradient } from '../src/models/wasmTraining';
import { seedKernels } from '../src/models/init';
import { NETS } from '../src/models/nets';
import { seededRandom, shuffle } from '../src/models/random';
import { digitPaths, LEGACY_SKELETON, packPaths, SKELETON_OPTIONS, unpackPaths, type PackedPaths } from '../src/models/skeleton';
import { isNetId, NET_IDS, type NetId } from '../src/models/spec';
import { WeightAverage } from './lib/ema';
import { evaluate, type Evaluation } from './lib/evaluate';
import { collectMistakes } from './lib/mistakes';
import { holdOut, loadMnist, type MnistSplit } from './lib/mnist';
import { loadModel, saveModel } from './lib/modelFiles';
import { formatSeconds, Progress } from './lib/progress';
import { useWasmBackend } from './lib/tfNode';
import { averaging, stageOf, totalEpochs, TRAIN_CONFIG, type TrainConfig } from './lib/trainConfig';

interface EpochRecord {
  epoch: number;
  learningRate: number;
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** With weight averaging (TrainConfig.emaDecay), the training weights' own: `testAccuracy` is the average's. */
  rawTestAccuracy?: number;
  /** With held-out training digits (TrainConfig.validation): the share of them read, which picks the epoch shipped. */
  validationAccuracy?: number;
  seconds: number;
}

interface Checkpoint {
  net: NetId;
  config: TrainConfig;
  epochsDone: number;
  history: EpochRecord[];
  trainSeconds: number;
  /** With held-out training digits: the epoch (1-based) whose weights are kept in `best/`. */
  bestEpoch?: number;
}

/** Cosine decay from the peak rate to 1% of it, after a one-epoch linear warm-up. */
function learningRate(cfg: TrainConfig, epoch: number, step: number, stepsPerEpoch: number): number {
  const t = epoch + step / stepsPerEpoch;
  if (t < cfg.warmupEpochs) return (cfg.learningRate * (t + 1 / stepsPerEpoch)) / cfg.warmupEpochs;
  const p = (t - cfg.warmupEpochs) / Math.max(1e-9, cfg.epochs - cfg.warmupEpochs);
  return cfg.learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p))));
}

/** The pad augmentation's settings as the log gives them. */
function describeDrawn(d: DrawnAugmentOptions): string {
  const flags = d.flagOnes === undefined ? '' : `, flagged 1s ${d.flagOnes}`;
  return `p ${d.probability}, elastic ${d.elasticProbability}${flags}${d.skeleton ? '' : ', first tracer settings'}`;
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
      if (!packed) paths.set(i, (packed = packPaths(digitPaths(digit, 28, cfg.drawn?.skeleton ?? LEGACY_SKELETON).paths)));
      return unpackPaths(packed);
    };
    x.set(!cfg.augment ? digit : cfg.drawn ? drawnTrainingDigit(pathsOf, plain, rand, cfg.drawn, split.labels[i]) : plain(), b * 784);
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
  /** Where the first stage's weights and metrics are, to start a fine-tuning stage from. */
  from?: string;
}

const makeOptimizer = (cfg: TrainConfig): tf.Optimizer =>
  cfg.optimizer === 'sgd-momentum' ? tf.train.momentum(cfg.learningRate, 0.9) : tf.train.adam(cfg.learningRate);

/** The fields of a first stage that decide its weights. */
const FIRST_STAGE_KEYS = ['epochs', 'batchSize', 'learningRate', 'optimizer', 'warmupEpochs', 'augment', 'seed', 'biasInit', 'kernelInit', 'limit', 'drawn'] as const;

/** A checkpoint at the end of the first stage, made from weights and metrics that run wrote. */
async function firstStageFrom(dir: string, id: NetId, cfg: TrainConfig): Promise<{ ckpt: Checkpoint; model: tf.LayersModel }> {
  const metrics = JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as {
    config: Partial<TrainConfig>;
    epochs: EpochRecord[];
    wallSeconds: number;
  };
  for (const key of FIRST_STAGE_KEYS) {
    const want = JSON.stringify(cfg[key] ?? null);
    const had = JSON.stringify(metrics.config[key] ?? (key === 'optimizer' ? 'adam' : null));
    if (want !== had && !(key === 'optimizer' && want === 'null' && had === '"adam"')) {
      throw new Error(`${dir} was trained with ${key} ${had}, the recipe's first stage has ${want}; train from scratch instead`);
    }
  }
  if (metrics.epochs.length !== cfg.epochs) throw new Error(`${dir} has ${metrics.epochs.length} epochs, the first stage ${cfg.epochs}`);
  const model = await loadModel(dir);
  return { ckpt: { net: id, config: cfg, epochsDone: cfg.epochs, history: metrics.epochs, trainSeconds: metrics.wallSeconds }, model };
}

async function trainNet(id: NetId, overrides: Partial<TrainConfig>, fresh: boolean, paths: RunPaths): Promise<void> {
  const net = NETS[id];
  const cfg: TrainConfig = { ...TRAIN_CONFIG[id], ...overrides };
  const ckptDir = path.join(paths.checkpoints, id);
  const outDir = path.join(paths.out, id);
  if (fresh) rmSync(ckptDir, { recursive: true, force: true });

  const train = loadMnist('train');
  const test = loadMnist('test');
  const { trainIndices, validation } = holdOut(train, cfg.validation ?? 0);
  const trainCount = Math.min(cfg.limit ?? trainIndices.length, trainIndices.length);

  let model: tf.LayersModel;
  let ckpt: Checkpoint = { net: id, config: cfg, epochsDone: 0, history: [], trainSeconds: 0 };
  const epochs = totalEpochs(cfg);
  const stateFile = path.join(ckptDir, 'state.json');
  if (existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Checkpoint;
    if (JSON.stringify(saved.config) !== JSON.stringify(cfg)) {
      throw new Error(`${ckptDir} was made with another configuration; rerun with --fresh to start over`);
    }
    ckpt = saved;
    model = await loadModel(path.join(ckptDir, 'model'));
    console.error(`Resuming ${id} after epoch ${ckpt.epochsDone} of ${epochs} (from ${ckptDir})`);
  } else if (paths.from) {
    if (!cfg.fineTune) throw new Error(`--from needs a recipe with a fine-tuning stage; ${id}'s has none`);
    ({ ckpt, model } = await firstStageFrom(path.join(paths.from, id), id, cfg));
    console.error(`Fine-tuning ${id} from ${path.join(paths.from, id)} (its ${cfg.epochs} epochs kept)`);
  } else {
    model = buildModel(net);
    seedKernels(model, seededRandom(cfg.seed), cfg.biasInit, cfg.kernelInit);
  }
  // The fine-tuning stage starts with a fresh optimizer; a checkpoint inside a stage resumes its own.
  const startsStage = (epoch: number) => epoch === 0 || (cfg.fineTune !== undefined && epoch === cfg.epochs);
  // Training never reads the gradient of the input digits: the first convolution skips it (issue 18).
  const releaseInput = skipInputGradient(model);
  let optimizer = makeOptimizer(stageOf(cfg, ckpt.epochsDone).cfg);
  model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
  if (ckpt.epochsDone < epochs && !startsStage(ckpt.epochsDone)) await loadOptimizer(optimizer, path.join(ckptDir, 'optimizer'));
  const stepsPerEpoch = Math.ceil(trainCount / cfg.batchSize);
  // Weight averaging over the whole run, or over the fine-tuning stage only (from its first step).
  const averaged = averaging(cfg);
  let average: WeightAverage | undefined;
  if (averaged && ckpt.epochsDone >= averaged.from) {
    // A run resumed inside the averaged epochs takes its average from the checkpoint; one that starts
    // them now (a fresh run, or a fine-tuning stage started --from a first stage) starts it from the
    // weights it begins with.
    const emaDir = path.join(ckptDir, 'ema');
    const resumed = ckpt.epochsDone > averaged.from && existsSync(stateFile) ? await loadModel(emaDir) : undefined;
    average = new WeightAverage(model, averaged.decay, resumed ? (ckpt.epochsDone - averaged.from) * stepsPerEpoch : 0, resumed?.weights.map((w) => w.read()));
    resumed?.dispose();
  }

  console.error(
    `Training ${net.title} (${model.countParams().toLocaleString('en-US')} parameters) on ${trainCount} digits, ` +
      `${cfg.epochs} epochs${cfg.fineTune ? ` + ${cfg.fineTune.epochs} fine-tuning (lr ${cfg.fineTune.learningRate}, drawn ${describeDrawn(cfg.fineTune.drawn)}${averaged?.from ? `, weights averaged (decay ${averaged.decay})` : ''})` : ''}, batch ${cfg.batchSize}, ${cfg.optimizer ?? 'adam'} lr ${cfg.learningRate}, augment ${cfg.augment}` +
      `${cfg.augment && cfg.drawn ? ` + drawn (${describeDrawn(cfg.drawn)})` : ''}${averaged?.from === 0 ? `, weights averaged (decay ${averaged.decay})` : ''}${validation ? `, ${validation.count} training digits held out to choose the epoch` : ''}, seed ${cfg.seed}, backend ${tf.getBackend()}`,
  );
  const pathCache: PathCache = new Map();
  // SGD and momentum have a setter; Adam reads its `learningRate` field on every step. (tfjs's
  // optimizers answer `instanceof` by duck typing, so test for the setter itself.)
  const settable = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  const setRate = (lr: number) => {
    if (typeof settable.setLearningRate === 'function') settable.setLearningRate(lr);
    else settable.learningRate = lr;
  };

  const startEpoch = ckpt.epochsDone;
  for (let epoch = startEpoch; epoch < epochs; epoch++) {
    const stage = stageOf(cfg, epoch);
    if (epoch > startEpoch && startsStage(epoch)) {
      // This run goes on from the first stage into fine-tuning: a fresh optimizer for it.
      optimizer.dispose();
      optimizer = makeOptimizer(stage.cfg);
      model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy, metrics: ['accuracy'] });
    }
    // A stage averaged on its own starts its average here, from the first stage's last weights.
    if (averaged && !average && epoch >= averaged.from) average = new WeightAverage(model, averaged.decay, 0);
    const t0 = Date.now();
    // A generator per epoch makes a resumed run draw exactly what an uninterrupted one would.
    const rand = seededRandom(cfg.seed * 1009 + epoch + 1);
    const order = shuffle(trainIndices.slice(0, trainCount), rand);
    const progress = new Progress(`${id} epoch ${epoch + 1}/${epochs}${stage.fineTune ? ' (fine-tuning)' : ''}`, stepsPerEpoch);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    let lr = cfg.learningRate;
    for (let step = 0; step < stepsPerEpoch; step++) {
      lr = learningRate(stage.cfg, stage.epoch, step, stepsPerEpoch);
      setRate(lr);
      const idx = order.slice(step * cfg.batchSize, (step + 1) * cfg.batchSize);
      const [x, y] = makeBatch(train, idx, stage.cfg, rand, pathCache);
      const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
      x.dispose();
      y.dispose();
      average?.update();
      if (!Number.isFinite(loss!)) throw new Error(`${id}: loss became ${loss} at epoch ${epoch + 1}, step ${step + 1}`);
      lossSum += loss! * idx.length;
      accSum += acc! * idx.length;
      seen += idx.length;
      progress.update(step + 1, `loss ${(lossSum / seen).toFixed(4)} acc ${((100 * accSum) / seen).toFixed(2)}% lr ${lr.toExponential(2)}`);
    }
    const rawResult = average ? await evaluate(model, test) : undefined;
    const restore = average?.swapIn();
    const evalResult = await evaluate(model, test);
    const valResult = validation ? await evaluate(model, validation) : undefined;
    if (valResult) {
      const best = ckpt.bestEpoch === undefined ? undefined : ckpt.history[ckpt.bestEpoch - 1]?.validationAccuracy;
      if (best === undefined || valResult.accuracy >= best) {
        await saveModel(model, path.join(ckptDir, 'best'));
        ckpt.bestEpoch = epoch + 1;
      }
    }
    if (restore) {
      await saveModel(model, path.join(ckptDir, 'ema'));
      restore();
    }
    const seconds = (Date.now() - t0) / 1000;
    ckpt.history.push({
      epoch: epoch + 1,
      learningRate: lr,
      trainLoss: lossSum / seen,
      trainAccuracy: accSum / seen,
      testAccuracy: evalResult.accuracy,
      ...(rawResult ? { rawTestAccuracy: rawResult.accuracy } : {}),
      ...(valResult ? { validationAccuracy: valResult.accuracy } : {}),
      seconds,
    });
    ckpt.epochsDone = epoch + 1;
    ckpt.trainSeconds += seconds;
    console.error(
      `${id} epoch ${epoch + 1}: train loss ${(lossSum / seen).toFixed(4)}, train acc ${((100 * accSum) / seen).toFixed(2)}%, ` +
        `test acc ${(100 * evalResult.accuracy).toFixed(2)}%${rawResult ? ` averaged, ${(100 * rawResult.accuracy).toFixed(2)}% last step's` : ''}` +
        `${valResult ? `, held-out ${(100 * valResult.accuracy).toFixed(2)}%${ckpt.bestEpoch === epoch + 1 ? ' (best so far)' : ''}` : ''} (${formatSeconds(seconds)}, tensors ${tf.memory().numTensors})`,
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

  // With held-out digits, the epoch that read the most of them ships; otherwise the last epoch (with
  // weight averaging, its average).
  let bytes: number;
  if (validation) {
    const best = await loadModel(path.join(ckptDir, 'best'));
    bytes = await saveModel(best, outDir);
    best.dispose();
    console.error(`${id}: shipping epoch ${ckpt.bestEpoch}, which read the most held-out training digits`);
  } else {
    const restoreTraining = average?.swapIn();
    bytes = await saveModel(model, outDir);
    restoreTraining?.();
  }
  average?.dispose();
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
    ...(ckpt.bestEpoch !== undefined ? { selectedEpoch: ckpt.bestEpoch, validationDigits: validation?.count } : {}),
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
  releaseInput();
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
      'flag-ones': { type: 'string' },
      'legacy-skeleton': { type: 'boolean', default: false },
      'fine-epochs': { type: 'string' },
      'fine-lr': { type: 'string' },
      ema: { type: 'string' },
      val: { type: 'string' },
      from: { type: 'string' },
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
      // With a fine-tuning stage on the command line, --ema averages that stage only (below).
      emaDecay: values['fine-epochs'] === undefined && values['fine-lr'] === undefined ? num(values.ema) : undefined,
      validation: num(values.val),
    }).filter(([, v]) => v !== undefined),
  );
  const drawnP = num(values['drawn-p']);
  const elasticP = num(values['elastic-p']);
  const flagOnes = num(values['flag-ones']);
  const drawnShare = (base: DrawnAugmentOptions): DrawnAugmentOptions => {
    const flags = flagOnes ?? base.flagOnes;
    return {
      ...DEFAULT_DRAWN,
      probability: drawnP ?? base.probability,
      elasticProbability: elasticP ?? base.elasticProbability,
      ...(flags === undefined ? {} : { flagOnes: flags }),
      ...(values['legacy-skeleton'] ? {} : { skeleton: SKELETON_OPTIONS }),
    };
  };
  const fineEpochs = num(values['fine-epochs']);
  const fineLr = num(values['fine-lr']);
  // With --fine-epochs, --drawn-p and --elastic-p describe the fine-tuning stage; without, the first.
  if (fineEpochs === undefined && (values.drawn || drawnP !== undefined || elasticP !== undefined || flagOnes !== undefined)) overrides.drawn = drawnShare(DEFAULT_DRAWN);
  await useWasmBackend();
  for (const id of ids) {
    const base = TRAIN_CONFIG[id];
    const perNet: Partial<TrainConfig> = { ...overrides };
    if (fineEpochs !== undefined || fineLr !== undefined) {
      const stage = base.fineTune ?? { epochs: 2, learningRate: base.learningRate / 4, warmupEpochs: 0.1, drawn: { ...DEFAULT_DRAWN, probability: 0.3, elasticProbability: 0.2 } };
      const ema = num(values.ema) ?? stage.emaDecay;
      perNet.fineTune = {
        ...stage,
        epochs: fineEpochs ?? stage.epochs,
        learningRate: fineLr ?? stage.learningRate,
        drawn: drawnShare(stage.drawn),
        ...(ema === undefined ? {} : { emaDecay: ema }),
      };
    }
    await trainNet(id, perNet, values.fresh, { out: values.out, checkpoints: values.checkpoints, from: values.from });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

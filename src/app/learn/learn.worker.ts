/**
 * The Learn view's trainer (issue 17): its own TensorFlow.js, so training never holds up the page.
 * It trains one network at a time — the main run, or an experiment's two arms in turn — a batch per
 * task, so a message (Pause, a new digit) is handled between any two batches.
 */
import * as tf from '@tensorflow/tfjs';
import { startBackend, type BackendName } from '../../models/backends';
import { BOOK_LENET, EXPERIMENTS, ExperimentRun, lenetVariant } from '../../models/experiments';
import { LearnRun } from '../../models/learn';
import { decodeLearnData, isGzip, type LearnData } from '../../models/learnData';
import type { NetSpec } from '../../models/spec';
import { evaluationDue, type CurvePoint, type FromWorker, type LearnNet, type Progress, type ToWorker, type TrainSettings } from './protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** The layers of the digit's maps the view shows: the first stage's output and the second's. */
const LOOK_LAYERS: Record<LearnNet, string[]> = {
  book: ['lenet/sigmoid1', 'lenet/pool2'],
  modern: ['lenet/relu1', 'lenet/pool2'],
};
const SPECS: Record<LearnNet, NetSpec> = {
  book: BOOK_LENET,
  modern: lenetVariant({ activation: 'relu', pool: 'maxpool', batchNorm: false }, 'LeNet-5 (ReLU, max pooling)'),
};

let data: LearnData | null = null;
let backend: BackendName | null = null;
let settings: TrainSettings | null = null;
let main: LearnRun | null = null;
let running = false;
let points: CurvePoint[] = [];
let since = { loss: 0, accuracy: 0, steps: 0 };
let digit: Float32Array | null = null;
let lookDue = true;
let lastLook = 0;
let experiment: ExperimentRun | null = null;
let experimentRunning = false;
let experimentSeconds = 0;
/** Recent (time, images) marks for the speed. */
let marks: [number, number][] = [];
let looping = false;
let lastProgress = 0;

/**
 * A fresh task (not a microtask), so waiting messages are handled. A message to ourselves, not
 * setTimeout(0), which browsers clamp to 4 ms once nested: a sixth of a batch's time.
 */
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => wake?.();
const nextTask = () =>
  new Promise<void>((resolve) => {
    wake = resolve;
    channel.port2.postMessage(null);
  });

async function loadData(url: string): Promise<LearnData> {
  post({ type: 'loading', message: 'Downloading 14,000 training and held-out digits (2.2 MB)…' });
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error('the training digits could not be downloaded (no network?)');
  }
  if (!response.ok) throw new Error(`the training digits could not be downloaded (the server answered ${response.status})`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (isGzip(bytes)) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return decodeLearnData(bytes);
}

function speed(): number | null {
  if (marks.length < 2) return null;
  const [t0, i0] = marks[0]!;
  const [t1, i1] = marks[marks.length - 1]!;
  return t1 > t0 ? ((i1 - i0) * 1000) / (t1 - t0) : null;
}

function progress(): Progress {
  const ips = speed();
  const planned = settings && main ? settings.passes * main.trainCount : 0;
  const left = main ? planned - main.images : 0;
  return {
    steps: main?.steps ?? 0,
    images: main?.images ?? 0,
    epochs: main?.epochs ?? 0,
    running,
    imagesPerSecond: ips,
    etaSeconds: ips && left > 0 ? left / ips : null,
    finished: left <= 0 && (main?.images ?? 0) > 0,
    planned,
    passes: settings?.passes ?? 0,
  };
}

const sendProgress = () => post({ type: 'progress', progress: progress() });

/** Reads the held-out digits and adds a point to the curve (when batches were trained since the last). */
async function evaluatePoint(): Promise<void> {
  if (!main || since.steps === 0) return;
  const result = await main.evaluate();
  points = [...points, { images: main.images, trainLoss: since.loss / since.steps, trainAccuracy: since.accuracy / since.steps, heldOut: result.accuracy }];
  since = { loss: 0, accuracy: 0, steps: 0 };
  post({ type: 'curve', points, confusion: result.confusion });
}

async function look(): Promise<void> {
  lookDue = false;
  if (!main || !settings) return;
  lastLook = performance.now();
  const filters = await main.filters();
  if (!digit) {
    post({ type: 'look', filters, maps: [], probabilities: null });
    return;
  }
  const seen = await main.look(digit, LOOK_LAYERS[settings.net]);
  post({ type: 'look', filters, maps: seen.maps, probabilities: seen.probabilities });
}

async function trainOne(): Promise<void> {
  if (!main) return;
  const before = main.images;
  const r = await main.step();
  if (!Number.isFinite(r.loss)) {
    running = false;
    post({ type: 'error', message: `the loss became ${r.loss}: the learning rate is too high for this network. Reset and try a smaller one.` });
    return;
  }
  since = { loss: since.loss + r.loss, accuracy: since.accuracy + r.accuracy, steps: since.steps + 1 };
  const now = performance.now();
  marks.push([now, main.images]);
  while (marks.length > 2 && now - marks[0]![0] > 4000) marks.shift();
  if (evaluationDue(before, main.images)) await evaluatePoint();
  if (settings && main.images >= settings.passes * main.trainCount && running) {
    running = false;
    await evaluatePoint();
    lookDue = true;
  }
}

function postExperiment(): void {
  if (!experiment) return;
  post({
    type: 'experiment',
    n: experiment.experiment.n,
    steps: experiment.steps,
    total: experiment.experiment.steps,
    running: experimentRunning,
    histories: experiment.histories,
    verdict: experiment.histories[0].images.length ? experiment.verdict() : null,
    seconds: experimentSeconds,
  });
}

/** Messages not yet handled: the loop handles them between batches, so only it ever touches a model. */
const inbox: ToWorker[] = [];

/** Handles messages and trains while there is something to train, one batch per task. */
async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (inbox.length || running || experimentRunning || lookDue) {
      if (inbox.length) {
        await handle(inbox.shift()!);
      } else if (experimentRunning && experiment) {
        const t = performance.now();
        const point = await experiment.advance();
        experimentSeconds += (performance.now() - t) / 1000;
        if (experiment.done) experimentRunning = false;
        if (point || !experimentRunning) postExperiment();
      } else if (running) {
        await trainOne();
      }
      const now = performance.now();
      if (lookDue || (running && now - lastLook > 400)) await look();
      if (now - lastProgress > 150 || !running) {
        lastProgress = now;
        sendProgress();
      }
      await nextTask();
    }
  } catch (err) {
    running = false;
    experimentRunning = false;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    looping = false;
  }
}

function resetMain(next: TrainSettings): void {
  if (!data) return;
  main?.dispose();
  settings = next;
  main = new LearnRun({ spec: SPECS[next.net], optimizer: next.optimizer, learningRate: next.learningRate, batchSize: next.batchSize, seed: next.seed }, data);
  running = false;
  points = [];
  since = { loss: 0, accuracy: 0, steps: 0 };
  marks = [];
  lookDue = true;
  post({ type: 'curve', points, confusion: null });
  sendProgress();
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      try {
        post({ type: 'loading', message: 'Starting TensorFlow.js in the background…' });
        backend = (await startBackend(msg.backends, { wasmPaths: msg.wasmPaths })).active;
        data = await loadData(msg.dataUrl);
        post({ type: 'ready', backend, trainCount: data.train.count, testCount: data.test.count });
      } catch (err) {
        post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    case 'reset':
      resetMain(msg.settings);
      break;
    case 'play':
      if (!main) return;
      if (settings && main.images >= settings.passes * main.trainCount) settings = { ...settings, passes: settings.passes + Math.max(1, Math.round(settings.passes / 2)) };
      experimentRunning = false;
      postExperiment();
      running = true;
      marks = [];
      break;
    case 'pause':
      running = false;
      await evaluatePoint();
      lookDue = true;
      break;
    case 'step':
      if (!main || running) return;
      await trainOne();
      await evaluatePoint();
      lookDue = true;
      break;
    case 'configure':
      if (!main || !settings) return;
      settings = { ...settings, ...msg.change };
      main.configure(msg.change);
      sendProgress();
      break;
    case 'digit':
      digit = msg.digit;
      lookDue = true;
      break;
    case 'experiment': {
      const exp = EXPERIMENTS.find((e) => e.n === msg.n);
      if (!exp || !data) return;
      running = false;
      experiment?.dispose();
      experiment = new ExperimentRun(exp, [new LearnRun(exp.arms[0].settings, data), new LearnRun(exp.arms[1].settings, data)]);
      experimentRunning = true;
      experimentSeconds = 0;
      postExperiment();
      sendProgress();
      break;
    }
    case 'stop-experiment':
      experimentRunning = false;
      postExperiment();
      break;
    case 'weights':
      if (main) {
        const weights = await main.weights();
        post({ type: 'weights', weights }, weights.map((w) => w.data.buffer));
      }
      break;
    case 'memory':
      post({ type: 'memory', numTensors: tf.memory().numTensors });
      break;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  inbox.push(event.data);
  void loop();
};

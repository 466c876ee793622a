import type { HeldOutResult, LearnRun, OptimizerName, RunSettings } from './learn';
import type { Activation, LayerSpec, NetSpec } from './spec';
import { lenet } from './specs/lenet';

/**
 * The book's claims about training, each as two networks trained side by side (issue 17): same seed,
 * same digits in the same order, same budget; the arms differ only in what the claim is about.
 */

export interface LeNetOptions {
  activation: Activation;
  pool: 'avgpool' | 'maxpool';
  /** Batch normalisation after each convolution and dense layer, before the activation (the book's BN LeNet). */
  batchNorm: boolean;
}

/** LeNet-5 as the book writes it (sigmoid, average pooling), or one of the variants its chapters try. */
export function lenetVariant(o: LeNetOptions, title = 'LeNet-5'): NetSpec {
  const act = (name: string): LayerSpec[] => [...(o.batchNorm ? [{ kind: 'batchnorm' as const, name: `bn_${name}` }] : []), { kind: 'activation', name, fn: o.activation }];
  return {
    ...lenet,
    title,
    layers: () => [
      { kind: 'conv', name: 'conv1', filters: 6, kernel: 5, padding: 2 },
      ...act(`${o.activation}1`),
      { kind: o.pool, name: 'pool1', pool: 2, stride: 2 },
      { kind: 'conv', name: 'conv2', filters: 16, kernel: 5 },
      ...act(`${o.activation}2`),
      { kind: o.pool, name: 'pool2', pool: 2, stride: 2 },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'fc1', units: 120 },
      ...act(`${o.activation}3`),
      { kind: 'dense', name: 'fc2', units: 84 },
      ...act(`${o.activation}4`),
      { kind: 'dense', name: 'fc3', units: 10 },
    ],
  };
}

/** The book's LeNet: sigmoid activations and average pooling. */
export const BOOK_LENET = lenetVariant({ activation: 'sigmoid', pool: 'avgpool', batchNorm: false });

const conv = (name: string, filters: number, kernel: number, padding = 0): LayerSpec => ({ kind: 'conv', name, filters, kernel, padding });
const relu = (name: string): LayerSpec => ({ kind: 'activation', name, fn: 'relu' });

/**
 * A small NiN on the 28×28 digit: three NiN blocks (a convolution, then two 1×1 convolutions, each
 * with ReLU), the last with ten channels, one per class, ending in ReLU and global average pooling
 * as the book's NiN does, with no dense layer.
 */
export const SMALL_NIN: NetSpec = {
  id: 'nin',
  title: 'small NiN',
  year: 2014,
  paper: 'Lin, Chen & Yan, "Network in network"',
  widthFactor: 1,
  inputSize: 28,
  paperInputSize: 28,
  deviations: [],
  layers: () => {
    const block = (name: string, channels: number, kernel: number, padding: number): LayerSpec => ({
      kind: 'block',
      name,
      label: `NiN block (conv ${kernel}×${kernel} + two 1×1, ${channels})`,
      layers: [conv('conv', channels, kernel, padding), relu('conv_relu'), conv('mlp1', channels, 1), relu('mlp1_relu'), conv('mlp2', channels, 1), relu('mlp2_relu')],
    });
    return [
      block('nin1', 16, 5, 2),
      { kind: 'maxpool', name: 'pool1', pool: 2, stride: 2 },
      block('nin2', 32, 3, 1),
      { kind: 'maxpool', name: 'pool2', pool: 2, stride: 2 },
      block('nin3', 10, 3, 1),
      { kind: 'gap', name: 'gap' },
      { kind: 'flatten', name: 'flatten' },
    ];
  },
};

/** Convolutions in the deep stack, counting the stem's; with the dense layer the network is DEEP_LAYERS + 1 deep. */
export const DEEP_LAYERS = 19;

/**
 * A deep, narrow stack of 3×3 convolutions with ReLU (no batch norm): a stem convolution and two
 * max-pools to 7×7, then pairs of convolutions, each pair either plain or wrapped as the book's
 * residual block f(x) = x + g(x) (identity shortcut, ReLU after the addition).
 */
export function deepStack(residual: boolean): NetSpec {
  const pairs = (DEEP_LAYERS - 1) / 2;
  const body = (): LayerSpec[] => [conv('conv1', 8, 3, 1), relu('relu1'), conv('conv2', 8, 3, 1)];
  const layers: LayerSpec[] = [conv('stem', 8, 3, 1), relu('stem_relu'), { kind: 'maxpool', name: 'pool1', pool: 2, stride: 2 }, { kind: 'maxpool', name: 'pool2', pool: 2, stride: 2 }];
  for (let i = 1; i <= pairs; i++) {
    const name = `pair${i}`;
    layers.push(
      residual
        ? { kind: 'residual', name, label: 'Residual (8)', body: body(), shortcut: [], after: [{ kind: 'activation', name: 'relu2', fn: 'relu' }] }
        : { kind: 'block', name, label: 'Plain pair (8)', layers: [...body(), relu('relu2')] },
    );
  }
  layers.push({ kind: 'gap', name: 'gap' }, { kind: 'flatten', name: 'flatten' }, { kind: 'dense', name: 'fc', units: 10 });
  return {
    id: 'resnet',
    title: residual ? `${DEEP_LAYERS + 1}-layer residual stack` : `${DEEP_LAYERS + 1}-layer plain stack`,
    year: 2015,
    paper: 'He, Zhang, Ren & Sun, "Deep residual learning for image recognition"',
    widthFactor: 1,
    inputSize: 28,
    paperInputSize: 28,
    deviations: [],
    layers: () => layers,
  };
}

/**
 * An AlexNet-style small network: two convolutions with ReLU and max-pooling, then a wide dense head
 * of two 256-unit layers, each followed by dropout 0.5 when `dropout`, as AlexNet's head is.
 */
export function denseHead(dropout: boolean): NetSpec {
  const drop = (name: string): LayerSpec[] => (dropout ? [{ kind: 'dropout', name, rate: 0.5 }] : []);
  return {
    id: 'alexnet',
    title: dropout ? 'small AlexNet, dropout 0.5' : 'small AlexNet, no dropout',
    year: 2012,
    paper: 'Krizhevsky, Sutskever & Hinton, "ImageNet classification with deep convolutional neural networks"',
    widthFactor: 1,
    inputSize: 28,
    paperInputSize: 28,
    deviations: [],
    layers: () => [
      conv('conv1', 16, 5, 2),
      relu('relu1'),
      { kind: 'maxpool', name: 'pool1', pool: 2, stride: 2 },
      conv('conv2', 32, 3, 1),
      relu('relu2'),
      { kind: 'maxpool', name: 'pool2', pool: 2, stride: 2 },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'fc1', units: 256 },
      relu('relu3'),
      ...drop('drop1'),
      { kind: 'dense', name: 'fc2', units: 256 },
      relu('relu4'),
      ...drop('drop2'),
      { kind: 'dense', name: 'fc3', units: 10 },
    ],
  };
}

/** What one arm recorded, one entry per evaluation point. */
export interface ArmHistory {
  /** Training digits seen at each point (counting repeats). */
  images: number[];
  /** Mean training loss over the steps since the previous point. */
  loss: number[];
  /** Held-out accuracy at each point. */
  heldOut: number[];
  /** Accuracy on the training digits themselves (inference mode), where the experiment measures it. */
  train: number[];
  /** Class units dead at each point: a score of exactly 0 on every held-out digit (after NiN's last ReLU). */
  dead: number[];
}

export interface ExperimentArm {
  label: string;
  settings: RunSettings;
}

/** Which of an arm's records the experiment's chart shows. */
export type Watch = 'loss' | 'heldOut' | 'gap';

export interface Experiment {
  n: number;
  title: string;
  /** What the book claims, in a sentence. */
  claim: string;
  /** Where the book says it. */
  where: string;
  arms: [ExperimentArm, ExperimentArm];
  /** The claimed difference: which part of the two arms differs (checked by a unit test). */
  differs: 'activation' | 'pooling' | 'init' | 'residual' | 'batchnorm' | 'dropout';
  /** Batches per arm. */
  steps: number;
  /** Evaluate every this many batches, on the first `evalDigits` held-out digits. */
  evalEvery: number;
  evalDigits: number;
  /** Also measure accuracy on the training digits (the over-fitting experiment). */
  measureTrain: boolean;
  watch: Watch;
  /** What the finished (or stopped) run shows, in a sentence, and whether it bears the claim out. */
  verdict(a: ArmHistory, b: ArmHistory): { text: string; confirmed: boolean };
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);
const last = (xs: number[]) => xs[xs.length - 1];
/** Digits seen when accuracy first reached `level`, or null. */
export function reached(h: ArmHistory, level: number): number | null {
  const i = h.heldOut.findIndex((v) => v >= level);
  return i < 0 ? null : h.images[i]!;
}
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const digits = (n: number | null) => (n === null ? 'not within this run' : `after ${n.toLocaleString('en-US')} digits`);

const settings = (spec: NetSpec, optimizer: OptimizerName, learningRate: number, extra: Partial<RunSettings> = {}): RunSettings => ({ spec, optimizer, learningRate, batchSize: 64, seed: 17, ...extra });

/** How well each arm did by the end: held-out accuracy, or for the gap chart train − held-out. */
function faster(a: ArmHistory, b: ArmHistory, level: number, names: [string, string]): { text: string; confirmed: boolean } {
  const ra = reached(a, level);
  const rb = reached(b, level);
  const confirmed = rb !== null && (ra === null || rb < ra || (last(b.heldOut) ?? 0) > (last(a.heldOut) ?? 0) + 0.01);
  return {
    text: `${cap(names[1])} reached ${pct(level)} of held-out digits ${digits(rb)}, ${names[0]} ${digits(ra)}; at the end ${names[1]} reads ${pct(last(b.heldOut))}, ${names[0]} ${pct(last(a.heldOut))}.`,
    confirmed,
  };
}

export const EXPERIMENTS: Experiment[] = [
  {
    n: 1,
    title: 'Sigmoid or ReLU',
    claim: 'ReLU trains faster than sigmoid: its gradient does not vanish for large inputs, so the layers before it keep learning.',
    where: 'd2l §5.1 and §8.1, AlexNet',
    arms: [
      { label: 'LeNet, sigmoid', settings: settings(BOOK_LENET, 'sgd', 0.5) },
      { label: 'LeNet, ReLU', settings: settings(lenetVariant({ activation: 'relu', pool: 'avgpool', batchNorm: false }), 'sgd', 0.5) },
    ],
    differs: 'activation',
    steps: 600,
    evalEvery: 25,
    evalDigits: 1000,
    measureTrain: false,
    watch: 'heldOut',
    verdict: (a, b) => faster(a, b, 0.9, ['sigmoid', 'ReLU']),
  },
  {
    n: 2,
    title: 'Average or max pooling',
    claim: 'Max pooling keeps the strongest response in each window, so it is preferred to average pooling (AlexNet replaced LeNet\'s average pooling with it).',
    where: 'd2l §7.5, pooling, and §8.1',
    arms: [
      { label: 'LeNet (ReLU), average pooling', settings: settings(lenetVariant({ activation: 'relu', pool: 'avgpool', batchNorm: false }), 'sgd', 0.1) },
      { label: 'LeNet (ReLU), max pooling', settings: settings(lenetVariant({ activation: 'relu', pool: 'maxpool', batchNorm: false }), 'sgd', 0.1) },
    ],
    differs: 'pooling',
    steps: 600,
    evalEvery: 25,
    evalDigits: 1000,
    measureTrain: false,
    watch: 'heldOut',
    verdict: (a, b) => {
      const diff = (last(b.heldOut) ?? 0) - (last(a.heldOut) ?? 0);
      const same = Math.abs(diff) < 0.005;
      return {
        text: same
          ? `Both end within half a point (max ${pct(last(b.heldOut))}, average ${pct(last(a.heldOut))}): on centred digits this small, the choice matters little.`
          : `Max pooling ends at ${pct(last(b.heldOut))} of held-out digits, average pooling at ${pct(last(a.heldOut))}.`,
        confirmed: diff >= 0.005,
      };
    },
  },
  {
    n: 3,
    title: 'NiN: Glorot or He initialisation',
    claim: 'A deep stack of ReLU layers needs an initialisation scaled for ReLU (He), or its signal fades; NiN ends in ReLU before global pooling, so a class unit that goes dark never recovers.',
    where: 'd2l §5.4, initialisation, and §8.3, NiN',
    arms: [
      { label: 'small NiN, Glorot init', settings: settings(SMALL_NIN, 'adam', 1e-3, { kernelInit: 'glorot' }) },
      { label: 'small NiN, He init', settings: settings(SMALL_NIN, 'adam', 1e-3, { kernelInit: 'he' }) },
    ],
    differs: 'init',
    steps: 400,
    evalEvery: 20,
    evalDigits: 1000,
    measureTrain: false,
    watch: 'heldOut',
    verdict: (a, b) => {
      const deadA = last(a.dead) ?? 0;
      const deadB = last(b.dead) ?? 0;
      const dead = (n: number) => (n === 0 ? 'no dead class unit' : `${n} dead class unit${n > 1 ? 's' : ''}`);
      return {
        text: `Glorot ends with ${dead(deadA)} and ${pct(last(a.heldOut))} of held-out digits; He with ${dead(deadB)} and ${pct(last(b.heldOut))}.`,
        confirmed: deadA > deadB || (last(b.heldOut) ?? 0) > (last(a.heldOut) ?? 0) + 0.01,
      };
    },
  },
  {
    n: 4,
    title: 'A deep plain stack or a residual one',
    claim: 'Adding layers to a plain network can make it harder to train; with residual connections f(x) = x + g(x) the same depth trains, because every block can start as the identity.',
    where: 'd2l §8.6, ResNet',
    arms: [
      { label: `${DEEP_LAYERS + 1} layers, plain`, settings: settings(deepStack(false), 'adam', 1e-3) },
      { label: `${DEEP_LAYERS + 1} layers, residual`, settings: settings(deepStack(true), 'adam', 1e-3) },
    ],
    differs: 'residual',
    steps: 500,
    evalEvery: 20,
    evalDigits: 1000,
    measureTrain: false,
    watch: 'loss',
    verdict: (a, b) => {
      const la = last(a.loss) ?? NaN;
      const lb = last(b.loss) ?? NaN;
      const stalled = la > 2.2;
      return {
        text: `The plain stack's training loss ends at ${la.toFixed(2)}${stalled ? ' (2.30 is a guess among ten digits: it has not started to learn)' : ''}, the residual stack's at ${lb.toFixed(2)}; held-out accuracy ${pct(last(a.heldOut))} against ${pct(last(b.heldOut))}.`,
        confirmed: lb < la - 0.1,
      };
    },
  },
  {
    n: 5,
    title: 'With or without batch normalisation',
    claim: 'Batch normalisation keeps each layer\'s inputs at a steady scale, so the network trains faster (the book adds it to LeNet).',
    where: 'd2l §8.5, batch normalisation',
    arms: [
      { label: 'LeNet (sigmoid)', settings: settings(BOOK_LENET, 'sgd', 0.5) },
      { label: 'LeNet (sigmoid) with batch norm', settings: settings(lenetVariant({ activation: 'sigmoid', pool: 'avgpool', batchNorm: true }), 'sgd', 0.5) },
    ],
    differs: 'batchnorm',
    steps: 600,
    evalEvery: 25,
    evalDigits: 1000,
    measureTrain: false,
    watch: 'heldOut',
    verdict: (a, b) => faster(a, b, 0.9, ['without batch norm', 'with batch norm']),
  },
  {
    n: 6,
    title: 'Dropout on or off, on 500 digits',
    claim: 'On a small training set a network memorises its digits; dropout (AlexNet\'s head) narrows the gap between training and held-out accuracy.',
    where: 'd2l §5.6, dropout, and §8.1',
    arms: [
      { label: 'no dropout', settings: settings(denseHead(false), 'adam', 1e-3, { trainLimit: 500 }) },
      { label: 'dropout 0.5', settings: settings(denseHead(true), 'adam', 1e-3, { trainLimit: 500 }) },
    ],
    differs: 'dropout',
    steps: 300,
    evalEvery: 15,
    evalDigits: 1000,
    measureTrain: true,
    watch: 'gap',
    verdict: (a, b) => {
      const gap = (h: ArmHistory) => (last(h.train) ?? 0) - (last(h.heldOut) ?? 0);
      return {
        text: `Without dropout: ${pct(last(a.train))} of its 500 training digits, ${pct(last(a.heldOut))} held out (a gap of ${(100 * gap(a)).toFixed(1)} points); with dropout: ${pct(last(b.train))} and ${pct(last(b.heldOut))} (${(100 * gap(b)).toFixed(1)} points).`,
        confirmed: gap(b) < gap(a) - 0.005,
      };
    },
  },
];

/** An empty history. */
export const emptyHistory = (): ArmHistory => ({ images: [], loss: [], heldOut: [], train: [], dead: [] });

/** Adds one evaluation point to a history (a new object, for React state). */
export function record(h: ArmHistory, images: number, loss: number, heldOut: HeldOutResult, train: number | null): ArmHistory {
  return {
    images: [...h.images, images],
    loss: [...h.loss, loss],
    heldOut: [...h.heldOut, heldOut.accuracy],
    train: train === null ? h.train : [...h.train, train],
    dead: [...h.dead, heldOut.silent.length],
  };
}

/**
 * An experiment being run: both arms step by step in turn (one batch each), so their curves grow
 * together and a stop at any point compares equal budgets.
 */
export class ExperimentRun {
  readonly histories: [ArmHistory, ArmHistory] = [emptyHistory(), emptyHistory()];
  private lossSums = [0, 0];
  private lossCounts = [0, 0];
  steps = 0;

  constructor(
    readonly experiment: Experiment,
    readonly runs: [LearnRun, LearnRun],
  ) {}

  get done(): boolean {
    return this.steps >= this.experiment.steps;
  }

  /** One batch for each arm; returns true when this step ended with an evaluation point. */
  async advance(): Promise<boolean> {
    for (let a = 0; a < 2; a++) {
      const { loss } = await this.runs[a]!.step();
      this.lossSums[a]! += loss;
      this.lossCounts[a]! += 1;
    }
    this.steps += 1;
    if (this.steps % this.experiment.evalEvery !== 0 && !this.done) return false;
    for (let a = 0; a < 2; a++) {
      const run = this.runs[a]!;
      const heldOut = await run.evaluate(this.experiment.evalDigits);
      const train = this.experiment.measureTrain ? (await run.evaluate(run.trainCount, 'train')).accuracy : null;
      this.histories[a] = record(this.histories[a]!, run.images, this.lossSums[a]! / this.lossCounts[a]!, heldOut, train);
      this.lossSums[a] = 0;
      this.lossCounts[a] = 0;
    }
    return true;
  }

  verdict(): { text: string; confirmed: boolean } {
    return this.experiment.verdict(this.histories[0], this.histories[1]);
  }

  dispose(): void {
    this.runs.forEach((r) => r.dispose());
  }
}

import type { BackendName, WasmPaths } from '../../models/backends';
import type { ArmHistory } from '../../models/experiments';
import type { LearnMap, OptimizerName } from '../../models/learn';

/** What the Learn view's worker is told and tells back (issue 17). Plain data only: it crosses threads. */

/** The networks the Learn view trains itself. */
export const LEARN_NETS = {
  book: "LeNet-5, the book's (sigmoid, avg pool)",
  modern: 'LeNet-5 with ReLU and max pool',
} as const;
export type LearnNet = keyof typeof LEARN_NETS;

export interface TrainSettings {
  net: LearnNet;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** Passes over the training digits the run plans (its ETA counts to the end of them). */
  passes: number;
}

/**
 * Where a run starts: the book's LeNet with Adam (3e-3, batch 32) reaches 95% of the held-out digits
 * after about 46,000 digits (four passes) when trained in Node on the same digits; five are planned.
 */
export const DEFAULT_SETTINGS: TrainSettings = { net: 'book', optimizer: 'adam', learningRate: 3e-3, batchSize: 32, seed: 1, passes: 5 };

export type ToWorker =
  | { type: 'init'; wasmPaths: WasmPaths; dataUrl: string; backends: BackendName[] }
  /** Starts the main run over (from its seed), paused. */
  | { type: 'reset'; settings: TrainSettings }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'configure'; change: Partial<Pick<TrainSettings, 'optimizer' | 'learningRate' | 'batchSize' | 'passes'>> }
  /** The digit on the pad (784 values), to read with the current weights; null when the pad is empty. */
  | { type: 'digit'; digit: Float32Array | null }
  | { type: 'experiment'; n: number }
  | { type: 'stop-experiment' }
  | { type: 'weights' }
  | { type: 'memory' };

/** Where an experiment's run stands: batches per arm done and planned, both arms' records, what they show. */
export interface ExperimentState {
  steps: number;
  total: number;
  running: boolean;
  histories: [ArmHistory, ArmHistory];
  verdict: { text: string; confirmed: boolean } | null;
  /** Seconds spent training it. */
  seconds: number;
}

/** The held-out digits are read every this many training digits (and whenever training pauses). */
export const EVAL_EVERY_DIGITS = 1600;

/** Whether a batch that took a run from `before` to `after` digits seen passed a point where the held-out digits are read. */
export const evaluationDue = (before: number, after: number): boolean => Math.floor(after / EVAL_EVERY_DIGITS) > Math.floor(before / EVAL_EVERY_DIGITS);

export interface CurvePoint {
  images: number;
  /** Mean training loss and accuracy of the batches since the previous point. */
  trainLoss: number;
  trainAccuracy: number;
  heldOut: number;
}

export interface Progress {
  steps: number;
  images: number;
  epochs: number;
  running: boolean;
  /** Images per second over the last few seconds of training; null before any. */
  imagesPerSecond: number | null;
  /** Seconds to the end of the planned passes at that speed; null when unknown or finished. */
  etaSeconds: number | null;
  /** True once the planned passes are done (Start goes on for another round). */
  finished: boolean;
  /** Digits the run plans to see (its passes over the training digits); Train more raises it. */
  planned: number;
  /** Passes planned. */
  passes: number;
}

export type FromWorker =
  | { type: 'loading'; message: string }
  | { type: 'ready'; backend: BackendName; trainCount: number; testCount: number }
  | { type: 'error'; message: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'curve'; points: CurvePoint[]; confusion: number[][] | null }
  | { type: 'look'; filters: LearnMap | null; maps: LearnMap[]; probabilities: Float32Array | null }
  | ({ type: 'experiment'; n: number } & ExperimentState)
  | { type: 'weights'; weights: { name: string; shape: number[]; data: Float32Array }[] }
  | { type: 'memory'; numTensors: number };

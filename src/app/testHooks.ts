import * as tf from '@tensorflow/tfjs';
import { ATTRIBUTION_METHODS, methodPasses } from '../models/attribution';
import type { Prediction } from '../models/predict';
import { naiveActivations, runProbe } from '../models/probe';
import { measureTrainSpeed, type TrainSpeed } from '../models/trainSpeed';
import type { NetId } from '../models/spec';
import { firstAt, lastTook, next, type Signal } from './benchHooks';
import { graphOf, probeOf } from './graphs';
import { loadSamples, type SampleDigit } from './imageInput';
import { timeUntil } from './timing';
import type { Picture } from './inputHistory';

/** What the page lends the hooks: the current state, read when a hook runs. */
export interface HookContext {
  net: NetId;
  model: () => tf.LayersModel | null;
  input: Float32Array | null;
  prediction: () => Prediction | null;
  setPicture: (p: Picture) => void;
  /** The latest activations the page shows for a network (null before its first answer). */
  activations: (net: NetId) => Record<string, { shape: readonly number[]; data: Float32Array }> | null;
  /** The Learn view's worker's live tensor count (issue 17), or null before Learn has opened. */
  learnTensors: () => Promise<number> | null;
}

export interface ConvflowHooks {
  backend: () => string;
  memory: () => { numTensors: number; numBytes: number };
  /** Shows MNIST test digit `i % 10` (one of the shipped samples) as the input. */
  showSample: (i: number) => Promise<void>;
  /** Resolves at the next prediction / paint, with its time (performance.now()). */
  next: (type: Signal) => Promise<number>;
  firstAt: (type: Signal) => number | undefined;
  /** How long the work behind the latest signal took on its own (painting: the feature maps alone). */
  lastTook: (type: Signal) => number | undefined;
  /** The current network's latest prediction: digit and inference ms. */
  prediction: () => { digit: number; ms: number; busyMs: number } | null;
  /** The values the page shows for node `id` of `net` (its latest output), or null before any. */
  activation: (net: NetId, id: string) => { shape: number[]; data: number[] } | null;
  /**
   * Each attribution method's passes on the current digit toward the current answer (the app's own
   * settings): ms of each pass, timed after one untimed run of it (issue 16's benchmark rows). A pass
   * whose untimed run took longer than `capMs` is timed by that run alone, and the method's later
   * passes are left out (NaN), so a software GPU does not take minutes per network.
   */
  attribution: (capMs?: number) => Promise<Record<string, number[]>>;
  /** Destroys the WebGPU device under the app, as a driver reset would (a test-only fault). */
  loseDevice: () => void;
  /**
   * Per-layer inferences of the current digit (the baseline the probe replaces): up to `runs`, but
   * no new one after `capMs` (at least one). Median ms and how many ran.
   */
  naive: (runs: number, capMs?: number) => Promise<Timing>;
  /** Probe calls on the current digit, outside React, as for `naive`. */
  probe: (runs: number, capMs?: number) => Promise<Timing>;
  /** Tensors alive in the Learn view's training worker (it has its own TensorFlow.js). */
  learnTensors: () => Promise<number>;
  /** How fast a fresh `net` trains on the page's backend (issue 18's benchmark; see measureTrainSpeed). */
  trainSpeed: (net: NetId, batch: number, seconds: number) => Promise<TrainSpeed>;
}

export interface Timing {
  medianMs: number;
  runs: number;
}

declare global {
  interface Window {
    /** Facts and levers for the browser tests and the benchmark; harmless to curious users. */
    convflow?: ConvflowHooks;
  }
}

/**
 * Times `once` up to `runs` times, starting no new run once `capMs` have passed (but at least one).
 * One more run goes first, untimed, to warm up (compiled code, caches), unless it would be the
 * only one: where a single run outlasts the cap, that run is the figure.
 */
async function timeRuns(runs: number, capMs: number, once: () => Promise<number>): Promise<Timing> {
  const deadline = performance.now() + capMs;
  const warmUp = await once();
  const timed = await timeUntil(once, runs, deadline);
  return timed.runs > 0 ? timed : { medianMs: warmUp, runs: 1 };
}

let samples: Promise<SampleDigit[]> | null = null;

/** Installs `window.convflow`; `ctx` is read at call time, so it always sees the page as it is. */
export function installTestHooks(ctx: () => HookContext): void {
  const current = () => {
    const c = ctx();
    const model = c.model();
    if (!model || !c.input) throw new Error('no network loaded or no input yet');
    return { c, model, input: c.input };
  };
  window.convflow = {
    backend: () => tf.getBackend(),
    memory: () => {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
    showSample: async (i) => {
      samples ??= loadSamples();
      const list = await samples;
      const d = list[i % list.length]!;
      ctx().setPicture({ ink: d.ink, caption: `MNIST test digit #${d.index} (labelled ${d.label})` });
    },
    activation: (net, id) => {
      const a = ctx().activations(net)?.[id];
      return a ? { shape: [...a.shape], data: Array.from(a.data) } : null;
    },
    attribution: async (capMs = 3000) => {
      const { c, model, input } = current();
      const cls = c.prediction()?.digit ?? 0;
      const out: Record<string, number[]> = {};
      for (const m of ATTRIBUTION_METHODS) {
        out[m] = [];
        let slow = false;
        for (const pass of methodPasses(m, model, input, cls, null, {})) {
          if (slow) {
            out[m].push(NaN);
            continue;
          }
          const first = (await pass()).ms;
          slow = first > capMs;
          out[m].push(slow ? first : (await pass()).ms);
        }
      }
      return out;
    },
    loseDevice: () => {
      if (tf.getBackend() !== 'webgpu') throw new Error('not running on WebGPU');
      (tf.backend() as unknown as { device: GPUDevice }).device.destroy();
    },
    trainSpeed: async (net, batch, seconds) => {
      await tf.ready();
      return measureTrainSpeed(net, batch, seconds);
    },
    learnTensors: async () => {
      const n = ctx().learnTensors();
      if (!n) throw new Error('the Learn view has not been opened');
      return n;
    },
    next,
    firstAt,
    lastTook,
    prediction: () => {
      const p = ctx().prediction();
      return p ? { digit: p.digit, ms: p.ms, busyMs: p.busyMs ?? NaN } : null;
    },
    naive: async (runs, capMs = Infinity) => {
      const { c, model, input } = current();
      return timeRuns(runs, capMs, () => naiveActivations(model, graphOf(c.net), input));
    },
    probe: async (runs, capMs = Infinity) => {
      const { c, model, input } = current();
      return timeRuns(runs, capMs, async () => {
        const t = performance.now();
        await runProbe(probeOf(model, c.net), graphOf(c.net), input);
        return performance.now() - t;
      });
    },
  };
}

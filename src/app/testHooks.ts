import * as tf from '@tensorflow/tfjs';
import type { Prediction } from '../models/predict';
import { naiveActivations, runProbe } from '../models/probe';
import type { NetId } from '../models/spec';
import { firstAt, next, type Signal } from './benchHooks';
import { graphOf, probeOf } from './graphs';
import { loadSamples, type SampleDigit } from './imageInput';
import type { Picture } from './usePrediction';

/** What the page lends the hooks: the current state, read when a hook runs. */
export interface HookContext {
  net: NetId;
  model: () => tf.LayersModel | null;
  input: Float32Array | null;
  prediction: () => Prediction | null;
  setPicture: (p: Picture) => void;
}

export interface ConvflowHooks {
  backend: () => string;
  memory: () => { numTensors: number; numBytes: number };
  /** Shows MNIST test digit `i % 10` (one of the shipped samples) as the input. */
  showSample: (i: number) => Promise<void>;
  /** Resolves at the next prediction / paint, with its time (performance.now()). */
  next: (type: Signal) => Promise<number>;
  firstAt: (type: Signal) => number | undefined;
  /** The current network's latest prediction: digit and inference ms. */
  prediction: () => { digit: number; ms: number } | null;
  /** Median ms of `runs` per-layer inferences of the current digit (the baseline the probe replaces). */
  naive: (runs: number) => Promise<number>;
  /** Median ms of `runs` probe calls on the current digit, outside React. */
  probe: (runs: number) => Promise<number>;
}

declare global {
  interface Window {
    /** Facts and levers for the browser tests and the benchmark; harmless to curious users. */
    convflow?: ConvflowHooks;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

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
    next,
    firstAt,
    prediction: () => {
      const p = ctx().prediction();
      return p ? { digit: p.digit, ms: p.ms } : null;
    },
    naive: async (runs) => {
      const { c, model, input } = current();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await naiveActivations(model, graphOf(c.net), input));
      return median(times);
    },
    probe: async (runs) => {
      const { c, model, input } = current();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await runProbe(probeOf(model, c.net), graphOf(c.net), input);
        times.push(performance.now() - t);
      }
      return median(times);
    },
  };
}

/**
 * Times each requested backend on one network, off the main thread: this worker has its own
 * TensorFlow.js, so switching backends here never disturbs the page's. For each backend it starts
 * it, loads the network, runs the probe once (shader compiles, warm-up) and then up to `runs` more
 * times within `budgetMs`, and posts the timing (or the failure) as soon as it has it.
 */
import * as tf from '@tensorflow/tfjs';
import { MNIST_SIZE } from '../models/preprocess';
import { startBackend, type BackendName, type BackendTiming, type WasmPaths } from '../models/backends';
import { runProbe } from '../models/probe';
import type { NetId } from '../models/spec';
import { fetchModel } from '../models/weights';
import { graphOf, probeOf } from './graphs';
import { timeUntil } from './timing';

export interface TimerRequest {
  net: NetId;
  url: string;
  backends: BackendName[];
  wasmPaths: WasmPaths;
  runs: number;
  budgetMs: number;
}

export type TimerMessage = { type: 'timing'; timing: BackendTiming } | { type: 'done' };

const post = (m: TimerMessage) => self.postMessage(m);

async function timeBackend(backend: BackendName, req: TimerRequest): Promise<BackendTiming> {
  await startBackend([backend], { wasmPaths: req.wasmPaths });
  const model = await fetchModel(req.url);
  try {
    const probe = probeOf(model, req.net);
    const digit = new Float32Array(MNIST_SIZE * MNIST_SIZE);
    const once = async () => {
      const t = performance.now();
      await runProbe(probe, graphOf(req.net), digit);
      return performance.now() - t;
    };
    const firstMs = await once();
    return { backend, firstMs, ...(await timeUntil(once, req.runs, performance.now() + req.budgetMs)) };
  } finally {
    model.dispose();
  }
}

self.onmessage = async (event: MessageEvent<TimerRequest>) => {
  for (const backend of event.data.backends) {
    let timing: BackendTiming;
    try {
      timing = await timeBackend(backend, event.data);
    } catch (err) {
      timing = { backend, error: err instanceof Error ? err.message : String(err) };
    }
    post({ type: 'timing', timing });
  }
  tf.disposeVariables();
  post({ type: 'done' });
};

import { useCallback, useEffect, useRef, useState } from 'react';
import { webgpuAdapterKind, type BackendName } from '../../models/backends';
import type { LearnMap } from '../../models/learn';
import { WASM_PATHS } from '../wasmAssets';
import { DEFAULT_SETTINGS, type CurvePoint, type ExperimentState, type FromWorker, type Progress, type ToWorker, type TrainSettings } from './protocol';


export interface LearnState {
  phase: 'off' | 'loading' | 'ready' | 'error';
  message: string;
  backend: BackendName | null;
  /** A problem during training (the run is paused); the worker itself is still usable. */
  problem: string | null;
  progress: Progress;
  points: CurvePoint[];
  confusion: number[][] | null;
  look: { filters: LearnMap | null; maps: LearnMap[]; probabilities: Float32Array | null } | null;
  experiments: Record<number, ExperimentState>;
}


const IDLE: Progress = { steps: 0, images: 0, epochs: 0, running: false, imagesPerSecond: null, etaSeconds: null, finished: false, planned: 0, passes: 0 };

/** Where the backend order for training comes from: WebGPU on real hardware, else WASM (a requested backend first). */
async function trainingBackends(requested: BackendName | null): Promise<BackendName[]> {
  const base: BackendName[] = (await webgpuAdapterKind()) === 'hardware' ? ['webgpu', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  return requested ? [requested, ...base.filter((b) => b !== requested)] : base;
}

/**
 * The Learn view's worker: started the first time the view opens (that is when the training digits
 * are downloaded) and kept for the page's life, so a run goes on while another view is shown.
 */
export function useLearn(active: boolean, requested: BackendName | null) {
  const worker = useRef<Worker | null>(null);
  const [state, setState] = useState<LearnState>({ phase: 'off', message: '', backend: null, problem: null, progress: IDLE, points: [], confusion: null, look: null, experiments: {} });
  const [settings, setSettings] = useState<TrainSettings>(DEFAULT_SETTINGS);
  const memory = useRef<((n: number) => void) | null>(null);
  const weights = useRef<((w: { name: string; shape: number[]; data: Float32Array }[]) => void) | null>(null);

  // The settings as last changed (read by callbacks; `change` keeps it in step with the state).
  const current = useRef(settings);
  // A run lives in this page only: leaving or reloading it asks first once one has begun.
  const begun = state.progress.images > 0;
  useEffect(() => {
    if (!begun) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [begun]);
  const send = useCallback((msg: ToWorker) => worker.current?.postMessage(msg), []);

  const start = useCallback(async () => {
    worker.current?.terminate();
    const w = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setState((s) => ({ ...s, phase: 'loading', message: 'Starting…', problem: null }));
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      switch (m.type) {
        case 'loading':
          setState((s) => ({ ...s, phase: 'loading', message: m.message }));
          break;
        case 'ready':
          setState((s) => ({ ...s, phase: 'ready', message: '', backend: m.backend }));
          break;
        case 'error':
          setState((s) => (s.phase === 'ready' ? { ...s, problem: m.message } : { ...s, phase: 'error', message: m.message }));
          break;
        case 'progress':
          setState((s) => ({ ...s, progress: m.progress }));
          break;
        case 'curve':
          setState((s) => ({ ...s, points: m.points, confusion: m.confusion ?? (m.points.length ? s.confusion : null) }));
          break;
        case 'look':
          setState((s) => ({ ...s, look: { filters: m.filters, maps: m.maps, probabilities: m.probabilities } }));
          break;
        case 'experiment':
          setState((s) => ({ ...s, experiments: { ...s.experiments, [m.n]: { steps: m.steps, total: m.total, running: m.running, histories: m.histories, verdict: m.verdict, seconds: m.seconds } } }));
          break;
        case 'memory':
          memory.current?.(m.numTensors);
          break;
        case 'weights':
          weights.current?.(m.weights);
          break;
      }
    };
    w.onerror = (e) => setState((s) => ({ ...s, phase: 'error', message: `the training worker stopped (${e.message || 'no reason given'})` }));
    w.postMessage({ type: 'init', wasmPaths: WASM_PATHS, dataUrl: `${import.meta.env.BASE_URL}learn/mnist-subset.bin.gz`, backends: await trainingBackends(requested) } satisfies ToWorker);
    w.postMessage({ type: 'reset', settings: current.current } satisfies ToWorker);
  }, [requested]);

  useEffect(() => {
    if (active && !worker.current) void start();
  }, [active, start]);
  // Gone with the page (or, under StrictMode's trial unmount, started again by the effect above).
  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  const change = useCallback(
    (next: Partial<TrainSettings>) => {
      const merged = { ...current.current, ...next };
      current.current = merged;
      setSettings(merged);
      const { net, seed, ...live } = next;
      // A different network or seed is a different run: start over. Rate, batch, optimiser and passes change the run in place.
      if (net !== undefined || seed !== undefined) send({ type: 'reset', settings: merged });
      else send({ type: 'configure', change: live });
    },
    [send],
  );

  return {
    state,
    settings,
    change,
    retry: () => void start(),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset: () => send({ type: 'reset', settings: current.current }),
    digit: useCallback((d: Float32Array | null) => send({ type: 'digit', digit: d }), [send]),
    runExperiment: (n: number) => send({ type: 'experiment', n }),
    stopExperiment: () => send({ type: 'stop-experiment' }),
    /** The worker's live tensor count (tests: no growth across resets). */
    tensors: () =>
      new Promise<number>((resolve) => {
        memory.current = resolve;
        send({ type: 'memory' });
      }),
    weights: () =>
      new Promise<{ name: string; shape: number[]; data: Float32Array }[]>((resolve) => {
        weights.current = resolve;
        send({ type: 'weights' });
      }),
  };
}

export type Learn = ReturnType<typeof useLearn>;

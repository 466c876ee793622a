import { useCallback, useEffect, useState } from 'react';
import { autoOrder, BACKEND_LABELS, fallbackOrder, fastestBackend, webgpuAdapterKind, type AdapterKind, type BackendName, type BackendTiming } from '../models/backends';
import { NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import type { TimerMessage, TimerRequest } from './backendTimer.worker';
import { whenIdle } from './idle';
import { weightsUrl, type SessionState } from './useSession';
import { WASM_PATHS } from './wasmAssets';

/** Timed runs per backend after the first (warm-up) one, and the time each backend may take. */
const TIMED_RUNS = 9;
const BUDGET_MS = 1500;
/** The whole timing gives up after this long, keeping what it has. */
const TIMEOUT_MS = 30_000;

interface Settled {
  /** The backend to switch to, or null to stay. */
  switchTo: BackendName | null;
  timings: BackendTiming[];
  notice: string;
}

export interface BackendChoice {
  requested: BackendName | null;
  /** What WebGPU offers here, once known. */
  kind: AdapterKind | null;
  /** The order to start backends in, or null while the app is still looking at the GPU. */
  order: BackendName[] | null;
  /** Whether the app should still time the backends (the user chose none, WebGPU is not hardware). */
  pending: boolean;
  /** What the timing found and chose, in words, once it has finished. */
  notice: string | null;
  settle: (s: Settled) => void;
}

/**
 * The backend order when the user has not chosen one (`requested` null): WebGPU first on a hardware
 * adapter. Where WebGPU is only a software fallback or missing, the app starts on WASM, so the first
 * prediction is quick, until `useBackendTiming` has timed the others. A backend the user picks (or
 * `?backend=`) always wins.
 */
export function useBackendChoice(requested: BackendName | null): BackendChoice {
  const [kind, setKind] = useState<AdapterKind | null>(null);
  const [settled, setSettled] = useState<Settled | null>(null);
  useEffect(() => {
    let live = true;
    void webgpuAdapterKind().then((k) => live && setKind(k));
    return () => {
      live = false;
    };
  }, []);
  const settle = useCallback((s: Settled) => setSettled(s), []);

  let order: BackendName[] | null;
  if (requested) order = fallbackOrder(requested);
  else if (kind === null) order = null;
  else if (settled?.switchTo) order = [settled.switchTo, ...autoOrder(kind).filter((b) => b !== settled.switchTo)];
  else order = autoOrder(kind);
  return {
    requested,
    kind,
    order,
    pending: requested === null && kind !== null && kind !== 'hardware' && settled === null,
    notice: requested ? null : (settled?.notice ?? null),
    settle,
  };
}

const fmt = (t: BackendTiming) =>
  `${BACKEND_LABELS[t.backend]} ${'medianMs' in t && Number.isFinite(t.medianMs) ? `${t.medianMs >= 10 ? t.medianMs.toFixed(0) : t.medianMs.toFixed(1)} ms` : 'could not run'}`;
const speed = (t: BackendTiming) => ('medianMs' in t && Number.isFinite(t.medianMs) ? t.medianMs : Infinity);

/**
 * Once the network in view is ready and the page is idle, times every backend on it in a Web Worker
 * (its own TensorFlow.js, so the page's inference is never disturbed) and settles the choice on the
 * fastest, with a notice that says which and why. Runs once per page.
 */
export function useBackendTiming(choice: BackendChoice, session: SessionState, net: NetId): void {
  const ready = session.backendStatus.phase === 'ready' && session.nets[net]?.phase === 'ready';
  const go = choice.pending && ready;
  useEffect(() => {
    if (!go) return;
    const abort = new AbortController();
    const current = session.backend;
    const { kind, settle } = choice;
    const start = () => {
      const request: TimerRequest = {
        net,
        url: new URL(weightsUrl(net), window.location.href).href,
        backends: autoOrder(kind!),
        wasmPaths: absolute(WASM_PATHS),
        runs: TIMED_RUNS,
        budgetMs: BUDGET_MS,
      };
      void timeBackends(request, abort.signal).then((timings) => {
        if (abort.signal.aborted) return;
        const best = fastestBackend(timings, current);
        const why = kind === 'fallback' ? 'The only WebGPU adapter here is a software fallback (no GPU acceleration)' : 'This browser offers no WebGPU';
        const measured = [...timings].sort((a, b) => speed(a) - speed(b)).map(fmt).join(', ');
        const notice = best
          ? `${why}, so ConvFlow timed each backend on ${NETS[net].title}: ${measured}. ${best === current ? 'It stays on' : 'It now runs on'} ${BACKEND_LABELS[best]}, the fastest here; pick another above if you like.`
          : `${why}, and timing the backends failed, so ConvFlow stays on ${current ? BACKEND_LABELS[current] : 'the backend it started'}.`;
        settle({ switchTo: best && best !== current ? best : null, timings, notice });
      });
    };
    // In idle time, so the timing never delays the first prediction.
    const cancel = whenIdle(start, 2000, 500);
    return () => {
      abort.abort();
      cancel();
    };
    // Once per page, for the network in view when the app first became ready.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [go]);
}

/** Runs the timing worker; resolves with every timing it posted before it finished or timed out. */
function timeBackends(request: TimerRequest, signal: AbortSignal): Promise<BackendTiming[]> {
  return new Promise((resolve) => {
    const timings: BackendTiming[] = [];
    let worker: Worker;
    try {
      worker = new Worker(new URL('./backendTimer.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return resolve(timings);
    }
    const finish = () => {
      clearTimeout(timer);
      worker.terminate();
      resolve(timings);
    };
    const timer = setTimeout(finish, TIMEOUT_MS);
    signal.addEventListener('abort', finish);
    worker.onmessage = (e: MessageEvent<TimerMessage>) => {
      if (e.data.type === 'timing') timings.push(e.data.timing);
      else finish();
    };
    worker.onerror = finish;
    worker.postMessage(request);
  });
}

/** The worker resolves URLs against its own script, so hand it absolute ones. */
function absolute(paths: typeof WASM_PATHS): typeof WASM_PATHS {
  return Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, new URL(v, window.location.href).href])) as typeof WASM_PATHS;
}

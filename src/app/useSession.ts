import type * as tf from '@tensorflow/tfjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BACKEND_LABELS, resetBackend, startBackend, whenDeviceLost, type BackendFailure, type BackendName } from '../models/backends';
import type { NetId } from '../models/spec';
import { MNIST_SIZE } from '../models/preprocess';
import { runProbe } from '../models/probe';
import { fetchArtifacts, modelFromArtifacts } from '../models/weights';
import { signal } from './benchHooks';
import { graphOf, probeOf } from './graphs';
import { recordRun } from './firstRuns';
import { whenIdle } from './idle';
import { SLICE_MS } from './usePrediction';
import { WASM_PATHS } from './wasmAssets';
import { useOwnWeights } from './ownWeights';

/**
 * The downloaded weights of each network, kept for the page's life (3.7 MB for all six), so a
 * network visited again is built without the network; a failed download is not kept, so Retry
 * downloads again.
 */
const downloads = new Map<string, Promise<tf.io.ModelArtifacts>>();

export function download(url: string): Promise<tf.io.ModelArtifacts> {
  let artifacts = downloads.get(url);
  if (!artifacts) {
    artifacts = fetchArtifacts(url);
    downloads.set(url, artifacts);
    artifacts.catch(() => downloads.delete(url));
  }
  return artifacts;
}

/** A network ready to run: the model and the backend its weights live on. */
export interface LoadedNet {
  net: NetId;
  backend: BackendName;
  model: tf.LayersModel;
}

export type LoadStatus = { phase: 'starting'; message: string } | { phase: 'ready' } | { phase: 'error'; message: string };

export interface SessionState {
  /** The backend's start-up; an error here means no network can run. */
  backendStatus: LoadStatus;
  /** Each requested network's weights. */
  nets: Partial<Record<NetId, LoadStatus>>;
  /** The backend in use (null until one has started). */
  backend: BackendName | null;
  /** Backends that failed to start on the way to the active one. */
  failures: BackendFailure[];
  /** The networks loaded so far, read at inference time (never React state: they hold tensors). */
  current: () => LoadedNet[];
  /** Changes whenever what can run changes, so dependants can re-run. */
  sessionKey: string;
  /** Tries again to start the backend and load any network that failed. */
  retry: () => void;
  /** Why the GPU device was lost, if it was (the app then restarted the backend). */
  deviceLost: string | null;
}

const STARTING: LoadStatus = { phase: 'starting', message: 'Starting TensorFlow.js…' };

/** What the page says while a backend starts: its name, once the order is known. */
function startingStatus(orderKey: string): LoadStatus {
  const first = orderKey.split('>')[0] as BackendName | '';
  return first ? { phase: 'starting', message: `Starting ${BACKEND_LABELS[first]}…` } : STARTING;
}

// tfjs has one global backend: starts and switches must not overlap.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** One inference of a blank digit: compiles the backend's shaders for this network. */
async function warmUp(net: NetId, model: tf.LayersModel): Promise<void> {
  const t = performance.now();
  try {
    await runProbe(probeOf(model, net), graphOf(net), new Float32Array(MNIST_SIZE * MNIST_SIZE), { sliceMs: SLICE_MS });
    recordRun(model, performance.now() - t);
    signal('warmed', performance.now() - t);
  } catch {
    // The model was disposed meanwhile (a switch); the real inference reports any real failure.
  }
}

/** Where a shipped network's model.json is. */
export function weightsUrl(net: NetId): string {
  return `${import.meta.env.BASE_URL}weights/${net}/model.json`;
}

interface Progress {
  key: string;
  backendStatus: LoadStatus;
  backend: BackendName | null;
  failures: BackendFailure[];
  nets: Partial<Record<NetId, LoadStatus>>;
}

/**
 * Starts the first backend of `order` that works (null: the order is not known yet, so wait), then
 * loads each network's weights on it, independently: one network's missing weights do not stop the
 * others. Each loaded network is warmed up in idle time (one inference of a blank digit compiles the
 * GPU shaders), so the first stroke is not the slow one. A change of networks or backend disposes
 * the previous models.
 */
export function useSession(nets: readonly NetId[], order: readonly BackendName[] | null): SessionState {
  const loadedRef = useRef<LoadedNet[]>([]);
  const [attempt, setAttempt] = useState(0);
  const netKey = nets.join(',');
  const orderKey = order?.join('>') ?? '';
  // Weights trained in the Learn view replace a shipped network's: a new set reloads the networks.
  const own = useOwnWeights();
  const key = `${netKey}|${orderKey}|${attempt}|${own?.revision ?? 0}`;
  const [deviceLost, setDeviceLost] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>({ key: '', backendStatus: STARTING, backend: null, failures: [], nets: {} });

  useEffect(() => {
    if (!orderKey) return;
    let cancelled = false;
    const ids = netKey.split(',') as NetId[];
    const update = (patch: Partial<Progress>) => {
      if (!cancelled) setProgress((p) => ({ ...(p.key === key ? p : { key, backendStatus: startingStatus(orderKey), backend: p.backend, failures: [], nets: {} }), ...patch, key }));
    };
    void serialised(async () => {
      if (cancelled) return;
      let started;
      try {
        started = await startBackend(orderKey.split('>') as BackendName[], { wasmPaths: WASM_PATHS });
      } catch (err) {
        return update({ backendStatus: { phase: 'error', message: (err as Error).message } });
      }
      // A lost GPU device (driver reset, a test's destroy()) kills every tensor on it: start the
      // backend afresh (falling back if it will not) and load the networks again.
      void whenDeviceLost().then((reason) => {
        if (cancelled) return;
        void serialised(async () => resetBackend(started.active));
        setDeviceLost(reason);
        setAttempt((a) => a + 1);
      });
      const loading: Partial<Record<NetId, LoadStatus>> = Object.fromEntries(ids.map((id) => [id, { phase: 'starting', message: 'Loading weights…' }]));
      update({ backendStatus: { phase: 'ready' }, backend: started.active, failures: started.failures, nets: loading });
      await Promise.all(
        ids.map(async (id) => {
          let status: LoadStatus;
          try {
            const mine = own?.net === id ? own.artifacts : null;
            const model = await modelFromArtifacts(mine ?? (await download(weightsUrl(id))), mine ? 'the weights trained in Learn' : weightsUrl(id));
            if (cancelled) return model.dispose();
            loadedRef.current = [...loadedRef.current, { net: id, backend: started.active, model }];
            status = { phase: 'ready' };
            const warm = () => {
              if (!cancelled) void warmUp(id, model);
            };
            whenIdle(warm, 1000, 100);
          } catch (err) {
            status = { phase: 'error', message: `The ${id} weights could not be loaded: ${(err as Error).message}` };
          }
          if (!cancelled) setProgress((p) => (p.key === key ? { ...p, nets: { ...p.nets, [id]: status } } : p));
        }),
      );
    });
    return () => {
      cancelled = true;
      const old = loadedRef.current;
      loadedRef.current = [];
      if (old.length) {
        void serialised(async () =>
          old.forEach((l) => {
            try {
              l.model.dispose();
            } catch {
              // Its backend is gone (a lost device): nothing is left to free.
            }
          }),
        );
      }
    };
    // `own` is part of `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, netKey, orderKey]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const current = useCallback(() => loadedRef.current, []);
  const fresh = progress.key === key;
  const netStatus = fresh ? progress.nets : {};
  const readyCount = Object.values(netStatus).filter((s) => s?.phase === 'ready').length;
  return {
    backendStatus: fresh ? progress.backendStatus : startingStatus(orderKey),
    nets: netStatus,
    backend: progress.backend,
    failures: fresh ? progress.failures : [],
    current,
    sessionKey: `${key}|${fresh ? progress.backendStatus.phase : 'starting'}|${readyCount}`,
    retry,
    deviceLost,
  };
}

/** One network's load status, folding in the backend's: a backend that failed fails every network. */
export function netStatus(session: SessionState, net: NetId): LoadStatus {
  if (session.backendStatus.phase !== 'ready') return session.backendStatus;
  return session.nets[net] ?? { phase: 'starting', message: 'Loading weights…' };
}

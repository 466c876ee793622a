import type * as tf from '@tensorflow/tfjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fallbackOrder, startBackend, type BackendFailure, type BackendName } from '../models/backends';
import type { NetId } from '../models/spec';
import { fetchModel } from '../models/weights';
import { WASM_PATHS } from './wasmAssets';

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
}

const STARTING: LoadStatus = { phase: 'starting', message: 'Starting TensorFlow.js…' };

// tfjs has one global backend: starts and switches must not overlap.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

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
 * Starts the requested backend (falling back in order), then loads each network's weights on it,
 * independently: one network's missing weights do not stop the others. A change of networks or
 * backend disposes the previous models.
 */
export function useSession(nets: readonly NetId[], requested: BackendName | null): SessionState {
  const loadedRef = useRef<LoadedNet[]>([]);
  const [attempt, setAttempt] = useState(0);
  const netKey = nets.join(',');
  const key = `${netKey}|${requested ?? 'auto'}|${attempt}`;
  const [progress, setProgress] = useState<Progress>({ key: '', backendStatus: STARTING, backend: null, failures: [], nets: {} });

  useEffect(() => {
    let cancelled = false;
    const ids = netKey.split(',') as NetId[];
    const update = (patch: Partial<Progress>) => {
      if (!cancelled) setProgress((p) => ({ ...(p.key === key ? p : { key, backendStatus: STARTING, backend: p.backend, failures: [], nets: {} }), ...patch, key }));
    };
    void serialised(async () => {
      if (cancelled) return;
      let started;
      try {
        started = await startBackend(fallbackOrder(requested), { wasmPaths: WASM_PATHS });
      } catch (err) {
        return update({ backendStatus: { phase: 'error', message: (err as Error).message } });
      }
      const loading: Partial<Record<NetId, LoadStatus>> = Object.fromEntries(ids.map((id) => [id, { phase: 'starting', message: 'Loading weights…' }]));
      update({ backendStatus: { phase: 'ready' }, backend: started.active, failures: started.failures, nets: loading });
      await Promise.all(
        ids.map(async (id) => {
          let status: LoadStatus;
          try {
            const model = await fetchModel(weightsUrl(id));
            if (cancelled) return model.dispose();
            loadedRef.current = [...loadedRef.current, { net: id, backend: started.active, model }];
            status = { phase: 'ready' };
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
      if (old.length) void serialised(async () => old.forEach((l) => l.model.dispose()));
    };
  }, [key, netKey, requested]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const current = useCallback(() => loadedRef.current, []);
  const fresh = progress.key === key;
  const netStatus = fresh ? progress.nets : {};
  const readyCount = Object.values(netStatus).filter((s) => s?.phase === 'ready').length;
  return {
    backendStatus: fresh ? progress.backendStatus : STARTING,
    nets: netStatus,
    backend: progress.backend,
    failures: fresh ? progress.failures : [],
    current,
    sessionKey: `${key}|${fresh ? progress.backendStatus.phase : 'starting'}|${readyCount}`,
    retry,
  };
}

/** One network's load status, folding in the backend's: a backend that failed fails every network. */
export function netStatus(session: SessionState, net: NetId): LoadStatus {
  if (session.backendStatus.phase !== 'ready') return session.backendStatus;
  return session.nets[net] ?? { phase: 'starting', message: 'Loading weights…' };
}

import type * as tf from '@tensorflow/tfjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fallbackOrder, startBackend, type BackendFailure, type BackendName } from '../models/backends';
import type { NetId } from '../models/spec';
import { fetchModel } from '../models/weights';
import { WASM_PATHS } from './wasmAssets';

/** A network ready to run: the model and the backend its weights live on. */
export interface Session {
  net: NetId;
  backend: BackendName;
  model: tf.LayersModel;
}

export type SessionStatus =
  | { phase: 'starting'; message: string }
  | { phase: 'ready' }
  | { phase: 'error'; message: string };

export interface SessionState {
  status: SessionStatus;
  /** The backend in use (null until one has started). */
  backend: BackendName | null;
  /** Backends that failed to start on the way to the active one. */
  failures: BackendFailure[];
  /** The live session, read at inference time (never React state: it holds tensors). */
  current: () => Session | null;
  /** Changes whenever the session does (network, backend, retry, or it became ready), so dependants can re-run. */
  sessionKey: string;
  retry: () => void;
}

const STARTING: SessionStatus = { phase: 'starting', message: 'Starting TensorFlow.js…' };

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

/**
 * Starts the requested backend (falling back in order), then loads the network's weights on it.
 * A change of network or backend disposes the previous model.
 */
export function useSession(net: NetId, requested: BackendName | null): SessionState {
  const sessionRef = useRef<Session | null>(null);
  const [attempt, setAttempt] = useState(0);
  const key = `${net}|${requested ?? 'auto'}|${attempt}`;
  const [progress, setProgress] = useState<{ key: string; status: SessionStatus; backend: BackendName | null; failures: BackendFailure[] }>({
    key: '',
    status: STARTING,
    backend: null,
    failures: [],
  });

  useEffect(() => {
    let cancelled = false;
    const update = (status: SessionStatus, backend: BackendName | null, failures: BackendFailure[]) => {
      if (!cancelled) setProgress({ key, status, backend, failures });
    };
    void serialised(async () => {
      if (cancelled) return;
      let started;
      try {
        started = await startBackend(fallbackOrder(requested), { wasmPaths: WASM_PATHS });
      } catch (err) {
        return update({ phase: 'error', message: (err as Error).message }, null, []);
      }
      update({ phase: 'starting', message: 'Loading weights…' }, started.active, started.failures);
      try {
        const model = await fetchModel(weightsUrl(net));
        if (cancelled) return model.dispose();
        sessionRef.current = { net, backend: started.active, model };
        update({ phase: 'ready' }, started.active, started.failures);
      } catch (err) {
        update({ phase: 'error', message: `The ${net} weights could not be loaded: ${(err as Error).message}` }, started.active, started.failures);
      }
    });
    return () => {
      cancelled = true;
      const current = sessionRef.current;
      sessionRef.current = null;
      if (current) void serialised(async () => current.model.dispose());
    };
  }, [key, net, requested]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const getCurrent = useCallback(() => sessionRef.current, []);
  const current = progress.key === key;
  return {
    status: current ? progress.status : STARTING,
    backend: progress.backend,
    failures: current ? progress.failures : [],
    current: getCurrent,
    sessionKey: `${key}|${current ? progress.status.phase : 'starting'}`,
    retry,
  };
}

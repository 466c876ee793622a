import { useCallback, useEffect, useState } from 'react';
import type { BackendName } from '../models/backends';
import type { Prediction } from '../models/predict';
import { toMnist, type InkImage } from '../models/preprocess';
import { runProbe, type Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import type { Stroke } from '../viz/strokes';
import { signal } from './benchHooks';
import { graphOf, probeOf } from './graphs';
import { LatestRunner, type RunResult } from './latestRunner';
import { strokesToDigit } from './rasterize';
import { netStatus, type SessionState } from './useSession';

/**
 * Longest stretch an inference may keep the page's thread before it lets input and frames through:
 * the networks run layer by layer in slices of about this length, so the pad stays smooth.
 */
export const SLICE_MS = 8;

/** One network's answer for the current drawing; `state` is mirrored in `data-state` for tests. */
export interface NetView {
  state: 'idle' | 'pending' | 'ready' | 'error';
  /** The latest prediction (kept while a newer one is pending, so the display does not flicker). */
  prediction: Prediction | null;
  /** Backend that produced `prediction`. */
  backend: BackendName | null;
  /** Every layer's output for the same digit (plain data), or null. */
  activations: Record<string, Activation> | null;
  error: string | null;
}

/** A picture to classify instead of the drawing, with a caption saying where it came from. */
export interface Picture {
  ink: InkImage;
  caption: string;
}

interface Job {
  strokes: Stroke[];
  picture: Picture | null;
}

interface JobOutput {
  input: Float32Array | null;
  results: Partial<Record<NetId, { prediction: Prediction; activations: Record<string, Activation>; backend: BackendName } | { error: string }>>;
}

interface Latest {
  /** Whether the newest result is for the drawing as it is now. */
  upToDate: boolean;
  input: Float32Array | null;
  results: JobOutput['results'];
  /** Why the whole job failed (e.g. the drawing could not be rasterised), for every network. */
  error: string | null;
}

/**
 * Live classification of the drawing by every loaded network: the latest strokes are rasterised,
 * preprocessed and classified at most once per animation frame; a result counts as `ready` only if
 * no newer drawing exists.
 */
export function usePrediction(session: SessionState, initialStrokes: Stroke[] = []): {
  input: Float32Array | null;
  viewOf: (net: NetId) => NetView;
  strokes: Stroke[];
  setStrokes: (strokes: Stroke[]) => void;
  /** An uploaded image or a sample digit, used instead of the drawing (null when drawing). */
  picture: Picture | null;
  setPicture: (picture: Picture | null) => void;
} {
  const [strokes, setStrokesState] = useState<Stroke[]>(initialStrokes);
  const [picture, setPictureState] = useState<Picture | null>(null);
  const [latest, setLatest] = useState<Latest>({ upToDate: initialStrokes.length === 0, input: null, results: {}, error: null });
  const { current: loaded, sessionKey } = session;

  const [runner] = useState(() => {
    const r: LatestRunner<Job, JobOutput> = new LatestRunner<Job, JobOutput>(
      async (input) => {
        const digit = input.picture ? toMnist(input.picture.ink) : strokesToDigit(input.strokes);
        const results: JobOutput['results'] = {};
        if (!digit) return { input: null, results };
        for (const { net, model, backend } of loaded()) {
          try {
            const { prediction, activations } = await runProbe(probeOf(model, net), graphOf(net), digit, { sliceMs: SLICE_MS });
            results[net] = { prediction, activations, backend };
          } catch (err) {
            results[net] = { error: `Inference failed: ${err instanceof Error ? err.message : String(err)}` };
          }
        }
        return { input: digit, results };
      },
      (result: RunResult<JobOutput>) => {
        if (result.version !== r.latest) return;
        if (result.error !== undefined) {
          const message = result.error instanceof Error ? result.error.message : String(result.error);
          setLatest((l) => ({ ...l, upToDate: true, error: message }));
          return;
        }
        setLatest({ upToDate: true, input: result.output!.input, results: result.output!.results, error: null });
        if (Object.keys(result.output!.results).length) signal('predicted');
      },
      (cb) => requestAnimationFrame(cb),
    );
    return r;
  });

  useEffect(() => () => runner.dispose(), [runner]);

  const setStrokes = useCallback((next: Stroke[]) => {
    setStrokesState(next);
    setPictureState(null);
    setLatest((l) => ({ ...l, upToDate: false }));
  }, []);

  const setPicture = useCallback((next: Picture | null) => {
    setPictureState(next);
    setStrokesState([]);
    setLatest((l) => ({ ...l, upToDate: false }));
  }, []);

  // Classify whenever the input or what can run (backend, a network loaded, a retry) changes.
  useEffect(() => {
    runner.submit({ strokes, picture });
  }, [runner, sessionKey, strokes, picture]);

  const viewOf = useCallback(
    (net: NetId): NetView => {
      const status = netStatus(session, net);
      const result = latest.results[net];
      const kept = result && 'prediction' in result ? result : null;
      const base = { prediction: kept?.prediction ?? null, backend: kept?.backend ?? null, activations: kept?.activations ?? null };
      const none = { prediction: null, backend: null, activations: null };
      if (status.phase === 'error') return { state: 'error', ...none, error: status.message };
      if (latest.error !== null) return { state: 'error', ...none, error: latest.error };
      if (result && 'error' in result) return { state: 'error', ...none, error: result.error };
      if (strokes.length === 0 && !picture && latest.upToDate) return { state: 'idle', ...none, error: null };
      const fresh = latest.upToDate && kept !== null && status.phase === 'ready' && kept.backend === session.backend;
      return { state: fresh ? 'ready' : 'pending', ...base, error: null };
    },
    [latest, session, strokes.length, picture],
  );

  return { input: latest.input, viewOf, strokes, setStrokes, picture, setPicture };
}

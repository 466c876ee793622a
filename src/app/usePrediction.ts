import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { BackendName } from '../models/backends';
import type { Prediction } from '../models/predict';
import { toMnist } from '../models/preprocess';
import { isIdentity, transformDigit, type DigitTransform } from '../models/robust';
import { runProbe, yieldToPage, type Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import type { Stroke } from '../viz/strokes';
import { signal } from './benchHooks';
import { firstRunMs, recordRun } from './firstRuns';
import { graphOf, probeOf } from './graphs';
import { initialInput, inputReducer, type Picture } from './inputHistory';
import { LatestRunner, type RunResult } from './latestRunner';
import { strokesToDigit } from './rasterize';
import { whenIdle } from './idle';
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
  /** Whether `prediction` was the model's first run (start-up included), and how long that first run took. */
  firstRun: boolean;
  firstRunMs: number | null;
  /** While waiting for the first answer from a backend just switched to: that backend. */
  switchingTo: BackendName | null;
}

interface Job {
  strokes: Stroke[];
  picture: Picture | null;
  /** The robustness lab's change to the digit (issue 16), or null. */
  transform: DigitTransform | null;
}

interface NetResult {
  prediction: Prediction;
  activations: Record<string, Activation>;
  backend: BackendName;
  firstRun: boolean;
  firstRunMs: number | null;
}

interface JobOutput {
  input: Float32Array | null;
  /** The digit before the job's transform (the same array as `input` when there is none). */
  drawn: Float32Array | null;
  results: Partial<Record<NetId, NetResult | { error: string }>>;
}

interface Latest {
  /** Whether the newest result is for the drawing as it is now. */
  upToDate: boolean;
  input: Float32Array | null;
  drawn: Float32Array | null;
  results: JobOutput['results'];
  /** Why the whole job failed (e.g. the drawing could not be rasterised), for every network. */
  error: string | null;
}

/**
 * Live classification of the pad by every loaded network: the latest strokes (or picture) are
 * rasterised, preprocessed and classified at most once per animation frame; a result counts as
 * `ready` only if no newer drawing exists. The pad's content keeps an undo history.
 */
/** A few practice digits through the rasteriser and preprocessing, so their code is compiled before the first real stroke. */
function warmRasteriser(): void {
  const loop: Stroke = Array.from({ length: 40 }, (_, i) => [0.5 + 0.3 * Math.cos(i / 6), 0.5 + 0.3 * Math.sin(i / 6)]);
  try {
    for (let i = 0; i < 8; i++) strokesToDigit([loop.slice(0, 5 + i * 5)]);
  } catch {
    // No canvas here (a test's DOM): the first real stroke reports what is wrong.
  }
}

export function usePrediction(session: SessionState, initialStrokes: Stroke[] = [], transform: DigitTransform | null = null): {
  /** The 28×28 digit every network sees, as soon as it is made (before any network has answered). */
  input: Float32Array | null;
  /** The latest answered digit as drawn, before the transform (the robustness lab's sweeps start from it). */
  drawn: Float32Array | null;
  viewOf: (net: NetId) => NetView;
  strokes: Stroke[];
  /** The pad's strokes as they are now (a new stroke, or the last one growing). */
  setStrokes: (strokes: Stroke[]) => void;
  /** An uploaded image or a sample digit, used instead of the drawing (null when drawing). */
  picture: Picture | null;
  setPicture: (picture: Picture) => void;
  clear: () => void;
  undo: () => void;
  canUndo: boolean;
} {
  const [pad, dispatch] = useReducer(inputReducer, initialStrokes, initialInput);
  const { strokes, picture } = pad;
  const [latest, setLatest] = useState<Latest>({ upToDate: initialStrokes.length === 0, input: null, drawn: null, results: {}, error: null });
  // The digit as soon as it is made, for the first input (and a cleared pad): later inputs arrive
  // with their answers, so a drawing does not cost an extra render of the page per frame.
  const [seen, setSeen] = useState<Float32Array | null>(null);
  const answeredInput = useRef(false);
  const { current: loaded, sessionKey } = session;
  const runnerRef = useRef<LatestRunner<Job, JobOutput> | null>(null);
  // The first strokes would otherwise run the rasteriser as cold code (tens of ms per frame on a slow
  // machine, before the JIT has compiled it): make a few practice digits while the page is idle.
  useEffect(() => whenIdle(warmRasteriser, 2000, 500), []);

  // The runner lives exactly as long as the effect: set up, cleaned up and set up again (StrictMode,
  // remounts) each time with a fresh runner, so a disposed one is never kept.
  useEffect(() => {
    // The last digit made and what it was made from: a job that only changes the transform (the
    // robustness lab's sliders) starts from it instead of rasterising the same drawing again.
    let last: { strokes: Stroke[]; picture: Picture | null; made: Float32Array | null } | null = null;
    const runner: LatestRunner<Job, JobOutput> = new LatestRunner<Job, JobOutput>(
      async (job) => {
        // A newer drawing makes this job's answer moot (it is dropped): stop between networks.
        const version = runner.latest;
        if (last?.strokes !== job.strokes || last.picture !== job.picture) {
          last = { strokes: job.strokes, picture: job.picture, made: job.picture ? toMnist(job.picture.ink) : strokesToDigit(job.strokes) };
          // Making the digit (painting the strokes, fitting them to 28×28) is a task of its own, so
          // with the first slice of inference it never adds up to one long frame.
          await yieldToPage();
          if (runner.latest !== version) return { input: null, drawn: null, results: {} };
        }
        const made = last.made;
        const digit = made && job.transform && !isIdentity(job.transform) ? transformDigit(made, job.transform) : made;
        if (runnerRef.current === runner && (digit === null || !answeredInput.current)) setSeen(digit);
        const results: JobOutput['results'] = {};
        if (!digit) return { input: null, drawn: null, results };
        for (const [i, { net, model, backend }] of loaded().entries()) {
          // Each network starts in a task of its own, so the comparison's six never add up to one long one.
          if (i > 0) await yieldToPage();
          if (runner.latest !== version) break;
          try {
            const { prediction, activations } = await runProbe(probeOf(model, net), graphOf(net), digit, { sliceMs: SLICE_MS });
            const firstRun = recordRun(model, prediction.ms);
            results[net] = { prediction, activations, backend, firstRun, firstRunMs: firstRunMs(model) ?? null };
          } catch (err) {
            results[net] = { error: `Inference failed: ${err instanceof Error ? err.message : String(err)}` };
          }
        }
        return { input: digit, drawn: made, results };
      },
      (result: RunResult<JobOutput>) => {
        if (result.version !== runner.latest) return;
        if (result.error !== undefined) {
          const message = result.error instanceof Error ? result.error.message : String(result.error);
          setLatest((l) => ({ ...l, upToDate: true, error: message }));
          return;
        }
        setLatest({ upToDate: true, input: result.output!.input, drawn: result.output!.drawn, results: result.output!.results, error: null });
        answeredInput.current = result.output!.input !== null;
        if (Object.keys(result.output!.results).length) signal('predicted');
      },
      (cb) => requestAnimationFrame(cb),
    );
    runnerRef.current = runner;
    return () => {
      runner.dispose();
      if (runnerRef.current === runner) runnerRef.current = null;
    };
  }, [loaded]);

  // Classify whenever the input or what can run (backend, a network loaded, a retry) changes. This
  // effect comes after the runner's, so a freshly set-up runner gets the current input at once.
  useEffect(() => {
    runnerRef.current?.submit({ strokes, picture, transform });
  }, [loaded, sessionKey, strokes, picture, transform]);

  const changed = useCallback(() => setLatest((l) => (l.upToDate ? { ...l, upToDate: false } : l)), []);
  const setStrokes = useCallback(
    (next: Stroke[]) => {
      dispatch({ type: 'draw', strokes: next });
      changed();
    },
    [changed],
  );
  const setPicture = useCallback(
    (next: Picture) => {
      dispatch({ type: 'picture', picture: next });
      changed();
    },
    [changed],
  );
  const clear = useCallback(() => {
    dispatch({ type: 'clear' });
    changed();
  }, [changed]);
  const undo = useCallback(() => {
    dispatch({ type: 'undo' });
    changed();
  }, [changed]);

  const viewOf = useCallback(
    (net: NetId): NetView => {
      const status = netStatus(session, net);
      const result = latest.results[net];
      const kept = result && 'prediction' in result ? result : null;
      const base = {
        prediction: kept?.prediction ?? null,
        backend: kept?.backend ?? null,
        activations: kept?.activations ?? null,
        firstRun: kept?.firstRun ?? false,
        firstRunMs: kept?.firstRunMs ?? null,
      };
      const none = { prediction: null, backend: null, activations: null, firstRun: false, firstRunMs: null, switchingTo: null };
      if (status.phase === 'error') return { state: 'error', ...none, error: status.message };
      if (latest.error !== null) return { state: 'error', ...none, error: latest.error };
      if (result && 'error' in result) return { state: 'error', ...none, error: result.error };
      if (strokes.length === 0 && !picture && latest.upToDate) return { state: 'idle', ...none, error: null };
      const fresh = latest.upToDate && kept !== null && status.phase === 'ready' && kept.backend === session.backend;
      const switchingTo = kept && session.backend && kept.backend !== session.backend ? session.backend : null;
      return { state: fresh ? 'ready' : 'pending', ...base, switchingTo, error: null };
    },
    [latest, session, strokes.length, picture],
  );

  return { input: latest.input ?? seen, drawn: latest.drawn, viewOf, strokes, setStrokes, picture, setPicture, clear, undo, canUndo: pad.undo.length > 0 };
}

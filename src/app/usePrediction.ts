import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendName } from '../models/backends';
import { classify, type Prediction } from '../models/predict';
import type { NetId } from '../models/spec';
import type { Stroke } from '../viz/strokes';
import { LatestRunner, type RunResult } from './latestRunner';
import { strokesToDigit } from './rasterize';
import type { SessionState } from './useSession';

/** What the prediction panel shows; `state` is mirrored in `data-state` for tests. */
export interface PredictionView {
  state: 'idle' | 'pending' | 'ready' | 'error';
  /** The 28×28 input the network sees (null when nothing is drawn). */
  input: Float32Array | null;
  prediction: Prediction | null;
  /** Backend and network that produced `prediction`. */
  backend: BackendName | null;
  net: NetId | null;
  error: string | null;
}

interface JobOutput {
  input: Float32Array | null;
  prediction: Prediction | null;
  backend: BackendName | null;
  net: NetId | null;
}

const IDLE: PredictionView = { state: 'idle', input: null, prediction: null, backend: null, net: null, error: null };

/**
 * Live classification of the drawing: the latest strokes are rasterised, preprocessed and classified
 * at most once per animation frame; a result is shown as `ready` only if no newer drawing exists.
 */
export function usePrediction(session: SessionState): {
  view: PredictionView;
  strokes: Stroke[];
  setStrokes: (strokes: Stroke[]) => void;
} {
  const [strokes, setStrokesState] = useState<Stroke[]>([]);
  const [view, setView] = useState<PredictionView>(IDLE);
  const strokesRef = useRef<Stroke[]>([]);
  const { current, status, sessionKey } = session;

  const [runner] = useState(() => {
    const r: LatestRunner<Stroke[], JobOutput> = new LatestRunner<Stroke[], JobOutput>(
      async (input) => {
        const digit = strokesToDigit(input);
        const s = current();
        if (!digit || !s) return { input: digit, prediction: null, backend: null, net: null };
        return { input: digit, prediction: await classify(s.model, digit), backend: s.backend, net: s.net };
      },
      (result: RunResult<JobOutput>) => {
        if (result.version !== r.latest) return;
        if (result.error !== undefined) {
          const message = result.error instanceof Error ? result.error.message : String(result.error);
          setView((v) => ({ ...v, state: 'error', error: `Inference failed: ${message}` }));
          return;
        }
        const out = result.output!;
        if (!out.input) setView(IDLE);
        else if (!out.prediction) setView({ ...IDLE, input: out.input, state: 'pending' });
        else setView({ state: 'ready', input: out.input, prediction: out.prediction, backend: out.backend, net: out.net, error: null });
      },
      (cb) => requestAnimationFrame(cb),
    );
    return r;
  });

  useEffect(() => () => runner.dispose(), [runner]);

  const setStrokes = useCallback(
    (next: Stroke[]) => {
      strokesRef.current = next;
      setStrokesState(next);
      setView((v) => (v.state === 'error' ? v : { ...v, state: 'pending' }));
      runner.submit(next);
    },
    [runner],
  );

  // A new or newly ready session (network, backend, retry) re-classifies what is on the pad.
  useEffect(() => {
    runner.submit(strokesRef.current);
  }, [runner, sessionKey]);

  // What the session says overrides a stale result: a load error, or a switch still in progress.
  let shown = view;
  if (status.phase === 'error') shown = { ...view, state: 'error', prediction: null, error: status.message };
  else if (status.phase === 'starting' && view.state === 'ready') shown = { ...view, state: 'pending' };
  return { view: shown, strokes, setStrokes };
}

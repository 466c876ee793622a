import { BACKEND_LABELS } from '../models/backends';
import { ProbabilityChart } from './ProbabilityChart';
import type { NetView } from './usePrediction';
import type { LoadStatus } from './useSession';

interface Props {
  view: NetView;
  status: LoadStatus;
  hasInput: boolean;
  onRetry: () => void;
  /** `prediction` in the single view, `prediction-<net>` in the comparison. */
  testId: string;
  compact?: boolean;
  /** The answer as the last column of the data flow: digit, confidence, one bar per digit. */
  column?: boolean;
  /** One short line: the digit and its confidence beside a small bar chart (the Transitions view's columns). */
  mini?: boolean;
}

const MINI_CHART = { width: 170, height: 64 };

/** The predicted digit, its confidence, the ten probabilities and how long it took, or why there is none. */
export function PredictionPanel({ view, status, hasInput, onRetry, testId, compact = false, column = false, mini = false }: Props) {
  const ready = view.state === 'ready' ? view.prediction : null;
  const shown = view.state === 'error' ? null : view.prediction;
  const confidence = shown ? shown.probabilities[shown.digit]! : 0;
  let message: string;
  if (view.state === 'error') message = view.error ?? 'Something went wrong.';
  else if (status.phase === 'starting') message = status.message;
  else if (!hasInput && view.state === 'idle') message = 'Draw a digit to see what the network thinks it is.';
  else message = 'Reading…';
  const ms = (t: number) => (t < 10 ? `${t.toFixed(1)} ms` : t < 10_000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(1)} s`);
  // While a backend starts or runs for the first time, say so instead of showing the old backend's time.
  let timing = ' ';
  if (status.phase === 'starting' && shown) timing = `${status.message} The answer shown is the previous one.`;
  else if (view.switchingTo) timing = `First run on ${BACKEND_LABELS[view.switchingTo]}: it compiles and uploads everything once, which can take several seconds…`;
  else if (shown && view.backend) {
    timing = view.firstRun
      ? `${ms(shown.ms)} on ${BACKEND_LABELS[view.backend]}, its first run (start-up included); the next ones are faster`
      : `${ms(shown.ms)} on ${BACKEND_LABELS[view.backend]}${view.firstRunMs !== null && view.firstRunMs > 3 * shown.ms && view.firstRunMs > 100 ? ` · its first run took ${ms(view.firstRunMs)}` : ''}`;
  }

  return (
    <div
      className={`prediction state-${view.state}${compact ? ' compact' : ''}${column ? ' column' : ''}${mini ? ' mini' : ''}`}
      data-testid={testId}
      data-digit={ready ? String(ready.digit) : ''}
      data-state={view.state}
      data-backend={ready ? (view.backend ?? '') : ''}
    >
      <div className="answer" aria-live="polite" aria-atomic="true">
        {shown ? (
          <>
            <span className="big-digit" aria-label={`Predicted digit ${shown.digit}`}>
              {shown.digit}
            </span>
            <span className="confidence">{confidence > 0.999 ? '>99.9' : (confidence * 100).toFixed(1)}% sure</span>
          </>
        ) : (
          <p className={view.state === 'error' ? 'error-text' : 'hint'} data-testid={view.state === 'error' ? 'error' : 'hint'}>
            {message}
          </p>
        )}
      </div>
      {view.state === 'error' && (
        <button type="button" className="primary" data-testid="retry" onClick={onRetry}>
          Retry
        </button>
      )}
      <ProbabilityChart probabilities={shown?.probabilities ?? null} column={column} size={mini ? MINI_CHART : undefined} />
      <p className="timing" data-testid="timing" title={timing.trim() || undefined}>
        {timing}
      </p>
    </div>
  );
}

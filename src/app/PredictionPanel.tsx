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
}

/** The predicted digit, its confidence, the ten probabilities and how long it took, or why there is none. */
export function PredictionPanel({ view, status, hasInput, onRetry, testId, compact = false }: Props) {
  const ready = view.state === 'ready' ? view.prediction : null;
  const shown = view.state === 'error' ? null : view.prediction;
  const confidence = shown ? shown.probabilities[shown.digit]! : 0;
  let message: string;
  if (view.state === 'error') message = view.error ?? 'Something went wrong.';
  else if (status.phase === 'starting') message = status.message;
  else if (!hasInput && view.state === 'idle') message = 'Draw a digit to see what the network thinks it is.';
  else message = 'Reading…';

  return (
    <div
      className={`prediction state-${view.state}${compact ? ' compact' : ''}`}
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
      <ProbabilityChart probabilities={shown?.probabilities ?? null} />
      <p className="timing" data-testid="timing">
        {shown && view.backend ? `${shown.ms < 10 ? shown.ms.toFixed(1) : Math.round(shown.ms)} ms on ${BACKEND_LABELS[view.backend]}` : ' '}
      </p>
    </div>
  );
}

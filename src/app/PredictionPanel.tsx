import { BACKEND_LABELS } from '../models/backends';
import { ProbabilityChart } from './ProbabilityChart';
import type { PredictionView } from './usePrediction';
import type { SessionStatus } from './useSession';

interface Props {
  view: PredictionView;
  status: SessionStatus;
  onRetry: () => void;
}

/** The predicted digit, its confidence, the ten probabilities and how long it took, or why there is none. */
export function PredictionPanel({ view, status, onRetry }: Props) {
  const p = view.state === 'ready' ? view.prediction : null;
  const shown = view.prediction;
  const confidence = shown ? shown.probabilities[shown.digit]! : 0;
  let message: string;
  if (view.state === 'error') message = view.error ?? 'Something went wrong.';
  else if (!view.input) message = status.phase === 'starting' ? status.message : 'Draw a digit to see what the network thinks it is.';
  else if (!shown) message = status.phase === 'starting' ? status.message : 'Reading…';
  else message = '';

  return (
    <div
      className={`prediction state-${view.state}`}
      data-testid="prediction"
      data-digit={p ? String(p.digit) : ''}
      data-state={view.state}
      data-backend={p ? (view.backend ?? '') : ''}
    >
      <div className="answer" aria-live="polite" aria-atomic="true">
        {shown && view.state !== 'error' ? (
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
      {view.state === 'error' && status.phase === 'error' && (
        <button type="button" className="primary" data-testid="retry" onClick={onRetry}>
          Retry
        </button>
      )}
      <ProbabilityChart probabilities={view.state === 'error' ? null : (shown?.probabilities ?? null)} />
      <p className="timing" data-testid="timing">
        {shown && view.backend && view.state !== 'error'
          ? `${shown.ms < 10 ? shown.ms.toFixed(1) : Math.round(shown.ms)} ms on ${BACKEND_LABELS[view.backend]}`
          : ' '}
      </p>
    </div>
  );
}

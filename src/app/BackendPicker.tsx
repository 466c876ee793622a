import { BACKEND_LABELS, BACKENDS, type BackendName } from '../models/backends';

interface Props {
  active: BackendName | null;
  busy: boolean;
  onChoose: (backend: BackendName) => void;
  /** Why the app chose the active backend, when it timed them (shown on hover). */
  why?: string | null;
}

/** A segmented control of the four tfjs backends; the active one is pressed. */
export function BackendPicker({ active, busy, onChoose, why }: Props) {
  return (
    <div className="segmented" role="group" aria-label="TensorFlow.js backend" title={why ?? undefined}>
      {BACKENDS.map((b) => (
        <button
          key={b}
          type="button"
          data-testid={`backend-${b}`}
          aria-pressed={active === b}
          disabled={busy}
          onClick={() => onChoose(b)}
        >
          {BACKEND_LABELS[b]}
        </button>
      ))}
    </div>
  );
}

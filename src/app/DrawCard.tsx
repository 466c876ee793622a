import type { Stroke } from '../viz/strokes';
import { DigitPreview } from './DigitPreview';
import { DrawPad } from './DrawPad';

interface Props {
  strokes: Stroke[];
  setStrokes: (strokes: Stroke[]) => void;
  /** Also show the 28×28 input under the pad (the comparison view has no other place for it). */
  input?: Float32Array | null;
}

/** The drawing pad with Undo and Clear. */
export function DrawCard({ strokes, setStrokes, input }: Props) {
  const empty = strokes.length === 0;
  return (
    <section className="card draw-card" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw</h2>
      <div className="pad-wrap">
        <DrawPad strokes={strokes} onChange={setStrokes} label="Drawing pad: draw a digit from 0 to 9" />
        {empty && (
          <p className="pad-hint" aria-hidden="true">
            Draw a digit here
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" data-testid="undo" onClick={() => setStrokes(strokes.slice(0, -1))} disabled={empty}>
          Undo
        </button>
        <button type="button" data-testid="clear" onClick={() => setStrokes([])} disabled={empty}>
          Clear
        </button>
      </div>
      {input !== undefined && (
        <figure className="seen inline">
          <DigitPreview input={input} />
          <figcaption>What every network sees: 28×28, as in MNIST</figcaption>
        </figure>
      )}
      <p className="fine">Mouse, finger or pen. Draw large and centred, one digit at a time. Ctrl+Z undoes a stroke.</p>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { Stroke } from '../viz/strokes';
import { DigitPreview } from './DigitPreview';
import { DrawPad } from './DrawPad';
import { ImageInputError, inkFromFile, loadSamples, type SampleDigit } from './imageInput';
import type { Picture } from './inputHistory';

interface Props {
  strokes: Stroke[];
  setStrokes: (strokes: Stroke[]) => void;
  clear: () => void;
  undo: () => void;
  canUndo: boolean;
  /** Also show the 28×28 input under the pad (the comparison view has no other place for it). */
  input?: Float32Array | null;
  picture: Picture | null;
  setPicture: (picture: Picture) => void;
}

/** Paints an ink image (white on black) into a canvas at its own size; CSS scales it to the pad. */
function PictureView({ picture }: { picture: Picture }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const { width, height, data } = picture.ink;
    canvas.width = width;
    canvas.height = height;
    const img = ctx.createImageData(width, height);
    data.forEach((v, i) => {
      const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
      img.data.set([g, g, g, 255], i * 4);
    });
    ctx.putImageData(img, 0, 0);
  }, [picture]);
  return (
    <figure className="picture-view" data-testid="picture">
      <canvas ref={ref} />
      <figcaption>{picture.caption} · drawing on the pad replaces it (Undo brings it back)</figcaption>
    </figure>
  );
}

/** The drawing pad with Undo and Clear. */
export function DrawCard({ strokes, setStrokes, clear, undo, canUndo, input, picture, setPicture }: Props) {
  const empty = strokes.length === 0 && !picture;
  const [samples, setSamples] = useState<SampleDigit[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    loadSamples().then(
      (s) => !cancelled && setSamples(s),
      (err: Error) => !cancelled && setProblem(`The sample digits are unavailable: ${err.message}.`),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    try {
      const { animated, ...ink } = await inkFromFile(file);
      if (!ink.data.some((v) => v > 0.1)) throw new ImageInputError(`"${file.name}" has no visible ink to read.`);
      setPicture({ ink, caption: `Your image "${file.name}"${animated ? ' (its first frame)' : ''}` });
    } catch (err) {
      setProblem(err instanceof ImageInputError ? err.message : `"${file.name}" could not be used: ${(err as Error).message}`);
    }
  };
  return (
    <section className="card draw-card" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw</h2>
      <div className="pad-wrap">
        <DrawPad
          strokes={strokes}
          onChange={(next) => {
            setProblem(null);
            setStrokes(next);
          }}
          label="Drawing pad: draw a digit from 0 to 9"
        />
        {picture && <PictureView picture={picture} />}
        {empty && (
          <p className="pad-hint" aria-hidden="true">
            Draw a digit here
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" data-testid="undo" onClick={undo} disabled={!canUndo}>
          Undo
        </button>
        <button type="button" data-testid="clear" onClick={clear} disabled={empty}>
          Clear
        </button>
        <label className="button upload">
          Upload image…
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            data-testid="upload"
            onChange={(e) => {
              void upload(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <div className="samples" role="group" aria-label="MNIST test digits">
        <span>Or try an MNIST test digit:</span>
        {samples?.map((d) => (
          <button
            type="button"
            key={d.index}
            data-testid={`sample-${d.label}`}
            aria-label={`MNIST test digit number ${d.index}, a ${d.label}`}
            onClick={() => {
              setProblem(null);
              setPicture({ ink: d.ink, caption: `MNIST test digit #${d.index} (labelled ${d.label})` });
            }}
          >
            {d.label}
          </button>
        ))}
      </div>
      {problem && (
        <p className="input-error" role="alert" data-testid="input-error">
          {problem}
        </p>
      )}
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

import { useEffect, useRef, useState } from 'react';
import type { MnistFrame } from '../models/preprocess';
import { heatPixels } from '../viz/heat';
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
  /** An attribution map to lay over the pad, mapped back from the 28×28 digit (issue 16). */
  heat?: PadHeatData | null;
}

export interface PadHeatData {
  map: Float32Array;
  signed: boolean;
  /** Where `toMnist` took the digit from, in the ink image's pixels. */
  frame: MnistFrame;
  inkWidth: number;
  inkHeight: number;
}

/**
 * The map laid over what is on the pad (the strokes, or the picture): each 28×28 pixel drawn back
 * over the part of the pad it was made from, so the colour sits on the strokes that caused it.
 */
function PadHeat({ heat }: { heat: PadHeatData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const wrap = canvas?.parentElement;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !wrap || !ctx) return;
    const target = (wrap.querySelector('.picture-view canvas') ?? wrap.querySelector('.draw-pad')) as HTMLElement | null;
    if (!target) return;
    const box = wrap.getBoundingClientRect();
    const t = target.getBoundingClientRect();
    Object.assign(canvas.style, { left: `${t.left - box.left}px`, top: `${t.top - box.top}px`, width: `${t.width}px`, height: `${t.height}px` });
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(t.width * dpr);
    canvas.height = Math.round(t.height * dpr);
    const tile = document.createElement('canvas');
    tile.width = 28;
    tile.height = 28;
    tile.getContext('2d')!.putImageData(new ImageData(heatPixels(heat.map, null, { signed: heat.signed }, true), 28, 28), 0, 0);
    // 28-pixel (ox, oy) came from ink pixels ((ox − 14) / scale + cx, …); ink pixels fill the target.
    const { scale, cx, cy } = heat.frame;
    const sx = canvas.width / heat.inkWidth;
    const sy = canvas.height / heat.inkHeight;
    ctx.setTransform(sx / scale, 0, 0, sy / scale, (cx - 14 / scale) * sx, (cy - 14 / scale) * sy);
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(-1e4, -1e4, 2e4, 2e4);
    ctx.drawImage(tile, 0, 0);
  }, [heat]);
  return <canvas ref={ref} className="pad-heat" data-testid="pad-heat" aria-hidden="true" />;
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
export function DrawCard({ strokes, setStrokes, clear, undo, canUndo, input, picture, setPicture, heat }: Props) {
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
        {heat && <PadHeat heat={heat} />}
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

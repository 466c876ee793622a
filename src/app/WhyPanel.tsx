import type * as tf from '@tensorflow/tfjs';
import { useEffect, useMemo, useRef } from 'react';
import { ATTRIBUTION_METHODS, camLayers, defaultCamLayer, type AttributionMethod } from '../models/attribution';
import type { AttributionFile } from '../models/attributionChecks';
import { NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { heatPixels, massOnInk } from '../viz/heat';
import type { AttributionState } from './useAttribution';

export const METHOD_TITLES: Record<AttributionMethod, string> = {
  gradient: 'Gradient',
  smoothgrad: 'SmoothGrad',
  ig: 'Integrated Gradients',
  gradcam: 'Grad-CAM',
  occlusion: 'Occlusion',
};

const SHORT: Record<AttributionMethod, string> = { gradient: 'Gradient', smoothgrad: 'SmoothGrad', ig: 'Int. Grad.', gradcam: 'Grad-CAM', occlusion: 'Occlusion' };

/** What each method shows, for the person reading the map (d: the class it explains). */
const ABOUT: Record<AttributionMethod, (d: number | string) => string> = {
  gradient: (d) => `How much a small change to each pixel would move the score of ${d} (its size): one backward pass through the network.`,
  smoothgrad: (d) => `The gradient toward ${d}, averaged over copies of your digit with noise added: the same idea with less speckle.`,
  ig: (d) => `Each pixel's share of the score of ${d}, gathered along the way from an empty pad to your digit; the shares add up to the score. Warm pushes toward ${d}, blue away.`,
  gradcam: (d) => `Where the chosen layer's maps that raise the score of ${d} light up, scaled up to the digit: as coarse as that layer's maps.`,
  occlusion: (d) => `How much the probability of ${d} drops when a square of the digit is blanked out: warm, the square mattered; blue, the network was surer without it.`,
};

/** Whether a method's sign is drawn (evidence for and against). */
export const SIGNED: Record<AttributionMethod, boolean> = { gradient: false, smoothgrad: false, ig: true, gradcam: false, occlusion: true };

interface Props {
  net: NetId;
  model: tf.LayersModel | null;
  digit: Float32Array | null;
  method: AttributionMethod;
  onMethod: (m: AttributionMethod) => void;
  /** The class explained: the answer (null) or a digit the person picked. */
  cls: number | null;
  onClass: (c: number | null) => void;
  answer: number | null;
  layer: string | null;
  onLayer: (layer: string | null) => void;
  state: AttributionState;
  checks: AttributionFile | null;
  onClose: () => void;
  /** The robustness lab changes the digit: the map is of the changed digit, not laid over the pad. */
  changed?: boolean;
}

/** A digit 0–9, or the automatic choice (the value `automatic`, null to the caller) listed first. */
export function DigitSelect({ testId, value, onChange, automatic, automaticLabel }: { testId: string; value: number | null; onChange: (d: number | null) => void; automatic: string; automaticLabel: string }) {
  return (
    <select data-testid={testId} value={value === null ? automatic : String(value)} onChange={(e) => onChange(e.target.value === automatic ? null : Number(e.target.value))}>
      <option value={automatic}>{automaticLabel}</option>
      {Array.from({ length: 10 }, (_, d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </select>
  );
}

/** Paints a map over the digit into a 28×28 canvas (CSS scales it up, pixel by pixel). */
export function HeatCanvas({ map, digit, signed, testId, label, net }: { map: Float32Array; digit: Float32Array | null; signed: boolean; testId: string; label: string; net?: NetId }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = 28;
    canvas.height = 28;
    ctx.putImageData(new ImageData(heatPixels(map, digit, { signed }), 28, 28), 0, 0);
  }, [map, digit, signed]);
  return <canvas ref={ref} className="why-map" data-testid={testId} data-net={net} role="img" aria-label={label} />;
}

/** "Why 7?": one attribution method at a time over the digit the network sees, toward the answer or a picked digit. */
export function WhyPanel({ net, model, digit, method, onMethod, cls, onClass, answer, layer, onLayer, state, checks, onClose, changed }: Props) {
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    head.current?.scrollIntoView({ block: 'nearest' });
    head.current?.focus({ preventScroll: true });
  }, []);
  const target = cls ?? answer;
  // Grad-CAM's choices, found once per network (each is a walk over all its layers).
  const layers = useMemo(() => (model ? camLayers(model) : []), [model]);
  const lastStage = useMemo(() => (model ? defaultCamLayer(model, layers) : null), [model, layers]);
  const shownLayer = layer && layers.includes(layer) ? layer : lastStage;
  const result = state.result && state.result.method === method && state.result.cls === target ? state.result : null;
  const sanity = checks?.nets[net]?.sanity[method];
  const onInk = result && digit ? massOnInk(result.map, digit) : null;
  return (
    <section className="card why-card" aria-labelledby="why-title" data-testid="why">
      <div className="why-head">
        <h2 id="why-title" ref={head} tabIndex={-1}>
          {target === null ? 'Why?' : cls !== null && cls !== answer ? `What points toward ${target}?` : `Why ${target}?`}
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close the attribution panel" data-testid="why-close">
          ✕
        </button>
      </div>
      <div className="why-methods" role="group" aria-label="Attribution method">
        {ATTRIBUTION_METHODS.map((m) => (
          <button key={m} type="button" aria-pressed={m === method} data-testid={`why-method-${m}`} onClick={() => onMethod(m)} title={METHOD_TITLES[m]}>
            {SHORT[m]}
          </button>
        ))}
      </div>
      <label className="why-field">
        <span>Toward</span>
        <DigitSelect testId="attribution-class" value={cls} onChange={onClass} automatic="answer" automaticLabel={answer === null ? 'its answer' : `${answer}, its answer`} />
      </label>
      {method === 'gradcam' && layers.length > 0 && (
        <label className="why-field">
          <span>Layer</span>
          <select data-testid="attribution-layer" value={shownLayer ?? ''} onChange={(e) => onLayer(e.target.value === lastStage ? null : e.target.value)}>
            {layers.map((l) => (
              <option key={l} value={l}>
                {l.split('/').slice(1).join('/')}
                {l === lastStage ? ' (last)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className={`why-figure${state.refining ? ' refining' : ''}`}>
        {result ? (
          <HeatCanvas
            map={result.map}
            digit={digit}
            signed={SIGNED[method]}
            testId={`attribution-${method}`}
            label={`${METHOD_TITLES[method]} map of ${NETS[net].title} toward ${target}`}
          />
        ) : (
          <div className="why-empty">{digit === null ? 'Draw a digit to see which of its pixels drive the answer.' : state.error ? '' : 'Computing…'}</div>
        )}
      </div>
      {state.error && (
        <p className="input-error" role="alert" data-testid="why-error">
          Could not compute this map: {state.error}. Try another method or backend.
        </p>
      )}
      <p className="why-legend" aria-hidden="true">
        <span className="why-swatch warm" /> toward {target ?? 'the answer'}
        {SIGNED[method] && (
          <>
            {' '}
            <span className="why-swatch cool" /> away
          </>
        )}
      </p>
      <p className="why-detail" data-testid="why-detail">
        {result ? `${result.detail} · ${Math.round(result.ms)} ms${state.refining ? ' · refining…' : ''}` : ' '}
        {onInk !== null && <span className="muted"> · {Math.round(onInk * 100)}% of it on the strokes</span>}
      </p>
      <p className="why-about">{ABOUT[method](target ?? 'the answer')}</p>
      {changed && <p className="why-about">The lab is changing the digit: this is the map of the changed digit (the flow&apos;s input box shows it), so it is not laid over your strokes.</p>}
      {sanity && (
        <p className={`why-sanity ${sanity.passes ? 'pass' : 'fail'}`} data-testid="why-sanity">
          {sanity.passes
            ? `Passes the randomisation check: scrambling the last layers changes this map (rank correlation ${sanity.rho.toFixed(2)}${method === 'gradcam' ? ', at the last stage' : ''}).`
            : `Fails the randomisation check: with the last layers scrambled the map stays much the same (rank correlation ${sanity.rho.toFixed(2)}), so it shows the digit's ink more than this network's reasoning.`}
        </p>
      )}
    </section>
  );
}

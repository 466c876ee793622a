import { OwnBadge } from './OwnBadge';
import { useOwnWeights } from './ownWeights';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { BackendName } from '../models/backends';
import { NETS, SHIPPED_NETS } from '../models/nets';
import { shippedTable } from '../models/shapes';
import { weightedDepth, type NetId } from '../models/spec';
import { ATTRIBUTION_METHODS, type Attribution, type AttributionMethod } from '../models/attribution';
import type { AttributionFile } from '../models/attributionChecks';
import { signal } from './benchHooks';
import { HeatCanvas, METHOD_TITLES, SIGNED } from './WhyPanel';
import { PredictionPanel } from './PredictionPanel';
import { StageView, stagesOf } from './StageView';
import { STORY } from './story';
import { searchFor } from './urlState';
import type { NetView } from './usePrediction';
import type { Metrics } from './useMetrics';
import { netStatus, type SessionState } from './useSession';

interface Props {
  session: SessionState;
  viewOf: (net: NetId) => NetView;
  hasInput: boolean;
  metrics: Partial<Record<NetId, Metrics>>;
  /** The stage shown by the step-through (null: none), kept in the address by the app. */
  stage: number | null;
  onStage: (stage: number | null) => void;
  /** The backend the person chose, carried by the links. */
  backend: BackendName | null;
  /** Opens one network in the single view, inspecting `layer` (its path) when given. */
  onOpen: (net: NetId, layer: string | null) => void;
  /** Where each network looks (issue 16): one attribution method for all six, or null. */
  input: Float32Array | null;
  why: AttributionMethod | null;
  onWhy: (m: AttributionMethod | null) => void;
  whyMaps: Partial<Record<NetId, Attribution>>;
  whyBusy: boolean;
  checks: AttributionFile | null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Every shipped network on the same drawing, side by side, with its size, cost and accuracy. */
export function CompareView({ session, viewOf, hasInput, metrics, stage: step, onStage: setStep, backend, onOpen, input, why, onWhy, whyMaps, whyBusy, checks }: Props) {
  const own = useOwnWeights();
  const facts = useMemo(
    () =>
      Object.fromEntries(
        SHIPPED_NETS.map((id) => {
          const t = shippedTable(NETS[id]);
          return [id, { params: t.totalParams, macs: t.totalMacs, depth: weightedDepth(NETS[id].layers(NETS[id].widthFactor)) }];
        }),
      ) as Record<NetId, { params: number; macs: number; depth: number }>,
    [],
  );
  const longest = Math.max(...SHIPPED_NETS.map((id) => stagesOf(id).length));
  // The stages paint in their own layout effects, which run before this one: once new activations
  // have arrived for any network, every stage on screen shows them.
  const acts = SHIPPED_NETS.map((id) => viewOf(id).activations);
  const lastActs = useRef(acts);
  useLayoutEffect(() => {
    const changed = acts.some((a, i) => a !== lastActs.current[i]);
    lastActs.current = acts;
    if (step !== null && changed && acts.some(Boolean)) signal('painted');
  });
  return (
    <div className="compare-grid">
      <div className="card compare-steps" role="group" aria-label="Step through every network together">
        <div className="stepbar">
          <button type="button" data-testid="compare-step-back" disabled={step === null || step === 0} onClick={() => setStep(Math.max(0, (step ?? 0) - 1))}>
            ◀ Back
          </button>
          <button type="button" className="primary" data-testid="compare-step-next" disabled={step !== null && step >= longest - 1} onClick={() => setStep(step === null ? 0 : step + 1)}>
            Step ▶
          </button>
          <button type="button" data-testid="compare-step-reset" disabled={step === null} onClick={() => setStep(null)}>
            Hide stages
          </button>
          <label className="why-field compare-why">
            <span>Where each looks</span>
            <select data-testid="compare-why" value={why ?? 'off'} onChange={(e) => onWhy(e.target.value === 'off' ? null : (e.target.value as AttributionMethod))}>
              <option value="off">off</option>
              {ATTRIBUTION_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_TITLES[m]}
                </option>
              ))}
            </select>
            {why && whyBusy && hasInput && <span className="muted">computing…</span>}
            {why && (
              <span className="why-legend muted" aria-hidden="true">
                <span className="why-swatch warm" /> toward its answer
                {SIGNED[why] && (
                  <>
                    {' '}
                    <span className="why-swatch cool" /> away
                  </>
                )}
              </span>
            )}
          </label>
          <span className="step-count" data-testid="compare-step-count" aria-live="polite">
            {step === null ? 'Step through the networks stage by stage, side by side.' : `Stage ${step + 1} of ${longest}: each network's ${step + 1}${step === 0 ? 'st' : step === 1 ? 'nd' : step === 2 ? 'rd' : 'th'} layer or block`}
          </span>
        </div>
      </div>
      {SHIPPED_NETS.map((id) => {
        const spec = NETS[id];
        const m = metrics[id];
        const story = STORY[id];
        const stages = stagesOf(id);
        // The link opens the network with the stage on show inspected.
        const layer = step === null ? null : stages[Math.min(step, stages.length - 1)]!.id.slice(id.length + 1);
        const href = searchFor({ net: id, view: 'single', backend, layer, step: null, stage: null, from: 'lenet' });
        return (
          <section key={id} className="card compare-card" aria-labelledby={`cmp-${id}`}>
            <div className="card-head">
              <h2 id={`cmp-${id}`}>
                {spec.title} <span className="year">{spec.year}</span> <OwnBadge net={id} />
              </h2>
              <a
                className="open"
                href={href}
                data-testid={`open-${id}`}
                title={layer ? `Open ${spec.title} with ${layer} inspected` : `Open ${spec.title} on its own`}
                onClick={(e) => {
                  // A plain click stays in the page (keeping the drawing); Ctrl/⌘/Shift/middle open a new tab.
                  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  onOpen(id, layer);
                }}
              >
                Open {spec.title} →
              </a>
            </div>
            <PredictionPanel
              view={viewOf(id)}
              status={netStatus(session, id)}
              hasInput={hasInput}
              onRetry={session.retry}
              testId={`prediction-${id}`}
              compact
            />
            {step !== null && <StageView net={id} step={step} activations={viewOf(id).activations} />}
            {why && hasInput && (
              <div className="compare-why-map">
                {whyMaps[id] ? (
                  <HeatCanvas map={whyMaps[id].map} digit={input} signed={SIGNED[why]} testId={`attribution-${why}`} net={id} label={`${METHOD_TITLES[why]} map of ${spec.title} toward ${whyMaps[id].cls}`} />
                ) : (
                  <div className="why-empty">Computing…</div>
                )}
                <p className="compare-why-note">
                  {METHOD_TITLES[why]} toward {whyMaps[id]?.cls ?? '…'}
                  {whyMaps[id] && Math.max(...whyMaps[id].map.map(Math.abs)) < 1e-4 ? ': no part of the digit changed it' : ''}
                  {checks?.nets[id]?.sanity[why] && !checks.nets[id]!.sanity[why].passes ? ' · fails the randomisation check (its map follows the ink whatever the weights)' : ''}
                </p>
              </div>
            )}
            <dl className="facts">
              <dt>Parameters</dt>
              <dd>{fmt(facts[id].params)}</dd>
              <dt>Multiply-adds</dt>
              <dd>{fmt(facts[id].macs)}</dd>
              <dt>Depth</dt>
              <dd title="Layers with weights (convolutions and dense layers) along the longest path, as the papers count depth">{facts[id].depth} layers</dd>
              {own?.net === id ? (
                <>
                  <dt>Your training</dt>
                  <dd data-testid="own-accuracy">{own.heldOut === null ? `${own.images.toLocaleString('en-US')} digits` : `${(own.heldOut * 100).toFixed(1)}% of 2,000 held-out digits`}</dd>
                  <dt>Shipped weights</dt>
                  <dd title="The shipped network's figures, not your training's">{m ? `${(m.testAccuracy * 100).toFixed(2)}% on MNIST's test set` : '…'}</dd>
                </>
              ) : (
                <>
                  <dt>MNIST test accuracy</dt>
                  <dd>{m ? `${(m.testAccuracy * 100).toFixed(2)}%` : '…'}</dd>
                  <dt>Weights</dt>
                  <dd>{m ? `${Math.round(m.weightBytes / 1024)} KiB` : '…'}</dd>
                </>
              )}
            </dl>
            <p className="published small">
              Published at full size — {story.published.benchmark}: {story.published.result}; parameters {story.published.parameters}.
            </p>
          </section>
        );
      })}
    </div>
  );
}

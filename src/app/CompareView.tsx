import { useMemo } from 'react';
import { NETS, SHIPPED_NETS } from '../models/nets';
import { shippedTable } from '../models/shapes';
import { weightedDepth, type NetId } from '../models/spec';
import { PredictionPanel } from './PredictionPanel';
import { STORY } from './story';
import type { NetView } from './usePrediction';
import type { Metrics } from './useMetrics';
import { netStatus, type SessionState } from './useSession';

interface Props {
  session: SessionState;
  viewOf: (net: NetId) => NetView;
  hasInput: boolean;
  metrics: Partial<Record<NetId, Metrics>>;
  onOpen: (net: NetId) => void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Every shipped network on the same drawing, side by side, with its size, cost and accuracy. */
export function CompareView({ session, viewOf, hasInput, metrics, onOpen }: Props) {
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
  return (
    <div className="compare-grid">
      {SHIPPED_NETS.map((id) => {
        const spec = NETS[id];
        const m = metrics[id];
        const story = STORY[id];
        return (
          <section key={id} className="card compare-card" aria-labelledby={`cmp-${id}`}>
            <div className="card-head">
              <h2 id={`cmp-${id}`}>
                {spec.title} <span className="year">{spec.year}</span>
              </h2>
              <button type="button" className="link open" onClick={() => onOpen(id)}>
                Open →
              </button>
            </div>
            <PredictionPanel
              view={viewOf(id)}
              status={netStatus(session, id)}
              hasInput={hasInput}
              onRetry={session.retry}
              testId={`prediction-${id}`}
              compact
            />
            <dl className="facts">
              <dt>Parameters</dt>
              <dd>{fmt(facts[id].params)}</dd>
              <dt>Multiply-adds</dt>
              <dd>{fmt(facts[id].macs)}</dd>
              <dt>Depth</dt>
              <dd title="Layers with weights (convolutions and dense layers) along the longest path, as the papers count depth">{facts[id].depth} layers</dd>
              <dt>MNIST test accuracy</dt>
              <dd>{m ? `${(m.testAccuracy * 100).toFixed(2)}%` : '…'}</dd>
              <dt>Weights</dt>
              <dd>{m ? `${Math.round(m.weightBytes / 1024)} KiB` : '…'}</dd>
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

import { useEffect, useRef, useState, memo } from 'react';
import type { NetSpec } from '../models/spec';
import { SERIES } from '../viz/colors';
import { renderConfusion } from '../viz/confusion';
import { renderCurves } from '../viz/curves';
import { paintGrey } from '../viz/digitImage';
import type { DrawnScore, DrawnShare, Metrics } from './useMetrics';
import { drawnScoreLine } from './drawnLine';

interface Mistake {
  index: number;
  pixels: string;
}

function decodeDigit(b64: string): Float32Array {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return Float32Array.from(bytes, (v) => v / 255);
}

function MistakeDigit({ m }: { m: Mistake }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGrey(ref.current, decodeDigit(m.pixels), 28);
  }, [m]);
  return (
    <figure className="mistake">
      <canvas ref={ref} className="digit-small" role="img" aria-label={`MNIST test digit number ${m.index}`} />
      <figcaption>#{m.index}</figcaption>
    </figure>
  );
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const share = (d: DrawnShare) =>
  `${pct(d.probability)} of them re-drawn from their skeletons with the pad's brush${d.flagOnes ? ` (${pct(d.flagOnes)} of the 1s with a flag)` : ''} and ${pct(d.elasticProbability)} elastically distorted`;

/** What the training run did, in words, from its metrics.json. */
function recipe(m: Metrics): string {
  const c = m.config;
  const digits = (c.trainDigits ?? 60_000).toLocaleString('en-US');
  const first = `${c.epochs} epochs of ${digits} augmented MNIST digits${c.drawnAugmentation ? ` (${share(c.drawnAugmentation)})` : ''}, batch ${c.batchSize}, Adam (peak learning rate ${c.learningRate})`;
  const second = c.fineTune ? `, then ${c.fineTune.epochs} more epochs from those weights for the pad (${share(c.fineTune.drawn)}; peak learning rate ${c.fineTune.learningRate}${c.fineTune.emaDecay ? ", its weights a running average of that stage's steps" : ''})` : '';
  const averaged = c.emaDecay ? ', its weights a running average of the last steps' : '';
  const chosen = c.validation && m.selectedEpoch ? `; ${c.validation.toLocaleString('en-US')} more training digits held out chose epoch ${m.selectedEpoch}'s weights` : '';
  return `${first}${second}${averaged}, ${Math.round(m.wallSeconds / 60)} minutes on one CPU core${chosen}`;
}

/** How the network was trained, from its metrics.json: curves per epoch and the test confusion matrix. */
// Memoised: the page re-renders on every prediction, this card only when its network changes.
export const TrainingPanel = memo(function TrainingPanel({ spec, metrics, drawn }: { spec: NetSpec; metrics: Metrics | undefined; drawn?: DrawnScore }) {
  const lossRef = useRef<SVGSVGElement>(null);
  const accRef = useRef<SVGSVGElement>(null);
  const confRef = useRef<SVGSVGElement>(null);
  const [selected, setSelected] = useState<{ net: string; cell: [number, number] } | null>(null);
  const [mistakes, setMistakes] = useState<{ net: string; cells: Record<string, Mistake[]> } | null>(null);
  const cell = selected?.net === spec.id ? selected.cell : null;

  useEffect(() => {
    if (!metrics) return;
    const e = metrics.epochs;
    if (lossRef.current) {
      renderCurves(lossRef.current, [{ label: 'train loss', color: SERIES.loss, values: e.map((x) => x.trainLoss) }], {
        width: 360,
        height: 150,
        title: 'Loss per epoch',
        format: (v) => v.toFixed(2),
      });
    }
    if (accRef.current) {
      renderCurves(
        accRef.current,
        [
          { label: 'train (augmented)', color: SERIES.train, values: e.map((x) => x.trainAccuracy) },
          { label: 'test', color: SERIES.test, values: e.map((x) => x.testAccuracy) },
        ],
        { width: 360, height: 150, title: 'Accuracy per epoch', format: (v) => `${(v * 100).toFixed(1)}%` },
      );
    }
    if (confRef.current) {
      renderConfusion(confRef.current, metrics.confusion, { size: 300, selected: cell, onSelect: (t, p) => setSelected({ net: spec.id, cell: [t, p] }) });
    }
  }, [metrics, cell, spec.id]);

  useEffect(() => {
    if (!cell || mistakes?.net === spec.id) return;
    let cancelled = false;
    fetch(`${import.meta.env.BASE_URL}weights/${spec.id}/mistakes.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((file: { cells: Record<string, Mistake[]> }) => !cancelled && setMistakes({ net: spec.id, cells: file.cells }))
      .catch(() => !cancelled && setMistakes({ net: spec.id, cells: {} }));
    return () => {
      cancelled = true;
    };
  }, [cell, mistakes, spec.id]);

  if (!metrics) {
    return (
      <section className="card training-card" aria-labelledby="training-title">
        <h2 id="training-title">Training</h2>
        <p className="hint">Loading the training record…</p>
      </section>
    );
  }
  const shown = cell && mistakes?.net === spec.id ? (mistakes.cells[`${cell[0]}-${cell[1]}`] ?? []) : null;
  const count = cell ? metrics.confusion[cell[0]]![cell[1]]! : 0;
  return (
    <section className="card training-card" aria-labelledby="training-title">
      <h2 id="training-title">How {spec.title} was trained</h2>
      <p className="net-facts">
        {recipe(metrics)} ·{' '}
        <strong data-testid="test-accuracy">{(metrics.testAccuracy * 100).toFixed(2)}%</strong> of the {metrics.testCount.toLocaleString('en-US')} test
        digits right
      </p>
      {drawn && (
        <p className="net-facts" data-testid="drawn-accuracy">
          {drawnScoreLine(drawn, metrics.testAccuracy)}
        </p>
      )}
      <div className="training-grid">
        <div className="curves">
          <svg ref={lossRef} className="chart" role="img" aria-label="Training loss per epoch" />
          <svg ref={accRef} className="chart" role="img" aria-label="Training and test accuracy per epoch" />
        </div>
        <figure className="confusion">
          <svg ref={confRef} className="chart" data-testid="confusion" role="group" aria-label="Confusion matrix on the test set" />
          <figcaption>
            Test-set confusion: rows are the true digit, columns what {spec.title} read. Darker cells hold more mistakes; click one to see
            them.
          </figcaption>
        </figure>
      </div>
      {cell && (
        <div className="mistakes" data-testid="mistakes" aria-live="polite">
          <h3>
            True {cell[0]}, read as {cell[1]}: {count} test digit{count === 1 ? '' : 's'}
            {shown && shown.length < count ? ` (first ${shown.length} shown)` : ''}
          </h3>
          {shown === null ? (
            <p className="hint">Loading…</p>
          ) : shown.length === 0 ? (
            <p className="hint">The example digits for this network could not be loaded.</p>
          ) : (
            <div className="mistake-row">
              {shown.map((m) => (
                <MistakeDigit key={m.index} m={m} />
              ))}
            </div>
          )}
        </div>
      )}
    </section>
  );
});

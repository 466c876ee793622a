import { useEffect, useMemo, useState } from 'react';
import { BACKEND_LABELS, type BackendName } from '../models/backends';
import { describeLayer } from '../models/describe';
import { NETS } from '../models/nets';
import { shippedTable } from '../models/shapes';
import { leaves } from '../models/spec';
import { BackendPicker } from './BackendPicker';
import { DigitPreview } from './DigitPreview';
import { DrawPad } from './DrawPad';
import { LayerTable } from './LayerTable';
import { PredictionPanel } from './PredictionPanel';
import { readUrlState, writeUrlState } from './urlState';
import { useMetrics } from './useMetrics';
import { usePrediction } from './usePrediction';
import { useSession } from './useSession';
import { installTestHooks } from './testHooks';

export function App() {
  const initial = useMemo(() => readUrlState(window.location.search), []);
  const [net] = useState(initial.net);
  const [requested, setRequested] = useState<BackendName | null>(initial.backend);
  const session = useSession(net, requested);
  const { view, strokes, setStrokes } = usePrediction(session);
  const metrics = useMetrics(net);
  const spec = NETS[net];
  const table = useMemo(() => shippedTable(spec), [spec]);
  const details = useMemo(
    () => Object.fromEntries(leaves(spec.layers(spec.widthFactor)).map(({ layer, path }) => [path.join('/'), describeLayer(layer)])),
    [spec],
  );
  const [dismissed, setDismissed] = useState<string[]>([]);

  useEffect(() => writeUrlState({ net, backend: requested }), [net, requested]);
  useEffect(() => installTestHooks(), []);

  // Ctrl/Cmd+Z undoes the last stroke.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && strokes.length) {
        e.preventDefault();
        setStrokes(strokes.slice(0, -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [strokes, setStrokes]);

  const notices: { id: string; text: string }[] = [];
  for (const f of session.failures) {
    notices.push({
      id: `fail-${f.backend}-${session.backend}`,
      text: `${BACKEND_LABELS[f.backend]} could not start (${f.reason}), so the app is using ${session.backend ? BACKEND_LABELS[session.backend] : 'the next backend'} instead.`,
    });
  }
  if (initial.ignored.length) {
    notices.push({ id: 'url', text: `Ignored an unknown value in the address: ${initial.ignored.join(', ')}.` });
  }
  const visibleNotices = notices.filter((n) => !dismissed.includes(n.id));
  const busy = session.status.phase === 'starting';
  const empty = strokes.length === 0;

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ▦
          </span>
          <div>
            <h1>ConvFlow</h1>
            <p className="tagline">Draw a digit and watch a convolutional network read it, live in your browser.</p>
          </div>
        </div>
        <div className="backend-box">
          <span className="backend-label" id="backend-label">
            Running on
          </span>
          <BackendPicker active={session.backend} busy={busy} onChoose={setRequested} />
        </div>
      </header>

      {visibleNotices.length > 0 && (
        <div className="notices" role="status">
          {visibleNotices.map((n) => (
            <div className="notice" key={n.id} data-testid="notice">
              <span>{n.text}</span>
              <button type="button" className="link" onClick={() => setDismissed((d) => [...d, n.id])} aria-label="Dismiss notice">
                ✕
              </button>
            </div>
          ))}
        </div>
      )}

      <main className="grid">
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
          <p className="fine">Mouse, finger or pen. Draw large and centred, one digit at a time. Ctrl+Z undoes a stroke.</p>
        </section>

        <section className="card result-card" aria-labelledby="result-title">
          <h2 id="result-title">{spec.title} reads</h2>
          <div className="result-row">
            <figure className="seen">
              <DigitPreview input={view.input} />
              <figcaption>What it sees: 28×28, fitted to 20×20 and centred by mass, as in MNIST</figcaption>
            </figure>
            <PredictionPanel view={view} status={session.status} onRetry={session.retry} />
          </div>
          <p className="how">
            The answer follows your pen: once per frame the drawing is cropped, scaled to 20×20 and centred in a 28×28 field
            the way MNIST's digits were, then {spec.title} runs on it with TensorFlow.js. The bars are its softmax
            probabilities for the ten digits.
          </p>
        </section>

        <section className="card net-card" aria-labelledby="net-title">
          <h2 id="net-title">
            {spec.title} <span className="year">{spec.year}</span>
          </h2>
          <p className="paper">{spec.paper}</p>
          <p className="net-facts">
            {table.totalParams.toLocaleString('en-US')} parameters · {table.totalMacs.toLocaleString('en-US')} multiply-adds
            per digit
            {metrics && (
              <>
                {' '}
                · <strong>{(metrics.testAccuracy * 100).toFixed(2)}%</strong> on the {metrics.testCount.toLocaleString('en-US')} MNIST
                test digits
              </>
            )}
          </p>
          <LayerTable table={table} detail={details} />
          <p className="fine">
            {spec.deviations.length === 0
              ? 'Layer for layer the network of the d2l book: sigmoid activations, average pooling, trained here on MNIST.'
              : `Differs from the book: ${spec.deviations.join('; ')}.`}
          </p>
        </section>
      </main>
    </div>
  );
}

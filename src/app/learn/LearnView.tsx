import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BACKEND_LABELS } from '../../models/backends';
import { EXPERIMENTS, type Experiment } from '../../models/experiments';
import type { LearnMap } from '../../models/learn';
import { renderConfusion } from '../../viz/confusion';
import { mapPicture, paintPicture } from '../../viz/featureMaps';
import { renderLearnChart, type LearnSeries } from '../../viz/learnCurves';
import { withWeights } from '../../models/weights';
import { ProbabilityChart } from '../ProbabilityChart';
import { setOwnWeights, useOwnWeights } from '../ownWeights';
import { download, weightsUrl } from '../useSession';
import { LEARN_NETS, type LearnNet } from './protocol';
import type { ExperimentState } from './protocol';
import type { Learn } from './useLearn';
import './LearnView.css';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const ARM_COLORS = ['#c0392b', '#0f9d8a'] as const;

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

/** A d3 chart in an SVG, redrawn when `series` changes. */
function Chart({ series, title, format, domain, minX, testId, width = 420, height = 170 }: { series: LearnSeries[]; title: string; format: (v: number) => string; domain?: [number, number]; minX?: number; testId: string; width?: number; height?: number }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) renderLearnChart(ref.current, series, { width, height, title, format, domain, minX });
  }, [series, title, format, domain, minX, width, height]);
  // The first series' first and last values, for tests and for anyone reading the page's data.
  const first = series[0]?.points[0]?.[1];
  const last = series[0]?.points[series[0].points.length - 1]?.[1];
  return <svg ref={ref} className="learn-chart" data-testid={testId} data-points={series[0]?.points.length ?? 0} data-first={first} data-last={last} role="img" aria-label={title} />;
}

/** Maps painted at true size, one normaliser per layer (CSS scales them, pixelated). */
function Maps({ map, scale, cols, label }: { map: LearnMap; scale: 'signed' | 'positive'; cols: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintPicture(ref.current, mapPicture(map, scale, 64, cols));
  }, [map, scale, cols]);
  return (
    <figure className="learn-maps">
      <canvas ref={ref} aria-hidden="true" />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function Confusion({ confusion }: { confusion: number[][] }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) renderConfusion(ref.current, confusion, { size: 300, diagonalCounts: false });
  }, [confusion]);
  return <svg ref={ref} className="learn-confusion" data-testid="train-confusion" role="img" aria-label="Confusion matrix on the held-out digits: rows are the true digits, columns the answers; the diagonal (read right) is shaded, its counts in the tooltips" />;
}

interface Props {
  learn: Learn;
  /** The pad (and its controls), drawn by the App. */
  pad: ReactNode;
  hasInput: boolean;
  tab: 'train' | 'experiments';
  onTab: (tab: 'train' | 'experiments') => void;
  experiment: number;
  onExperiment: (n: number) => void;
}

/** The Learn view (issue 17): LeNet trained in the page, and the book's claims run side by side. */
export function LearnView({ learn, pad, hasInput, tab, onTab, experiment, onExperiment }: Props) {
  const { state } = learn;
  return (
    <main className="learn-page">
      <div className="learn-tabs segmented" role="group" aria-label="Learn">
        <button type="button" aria-pressed={tab === 'train'} data-testid="learn-train" onClick={() => onTab('train')}>
          Train LeNet here
        </button>
        <button type="button" aria-pressed={tab === 'experiments'} data-testid="learn-experiments" onClick={() => onTab('experiments')}>
          The book&apos;s claims, side by side
        </button>
        <span className="learn-where" data-testid="learn-backend">
          {state.phase === 'ready' && state.backend
            ? `Training on ${BACKEND_LABELS[state.backend]}, in a background thread, on 12,000 MNIST digits (2,000 more held out)`
            : state.phase === 'loading'
              ? state.message
              : ''}
        </span>
      </div>
      {state.phase === 'error' ? (
        <div className="card learn-error" role="alert" data-testid="learn-error">
          <p>Training could not start: {state.message}.</p>
          <button type="button" onClick={learn.retry}>
            Try again
          </button>
        </div>
      ) : tab === 'train' ? (
        <TrainPanel learn={learn} pad={pad} hasInput={hasInput} />
      ) : (
        <ExperimentsPanel learn={learn} selected={experiment} onSelect={onExperiment} />
      )}
    </main>
  );
}

/** The rates offered: SGD's as the book uses them (LeNet at 0.9), Adam's around its usual 1e-3. */
const RATES = { sgd: [0.01, 0.03, 0.1, 0.3, 0.9], adam: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2] };

function TrainPanel({ learn, pad, hasInput }: { learn: Learn; pad: ReactNode; hasInput: boolean }) {
  const { state, settings, change } = learn;
  const { progress, points, look } = state;
  const ready = state.phase === 'ready';
  const last = points[points.length - 1];
  const planned = progress.planned || settings.passes * 12_000;
  const passes = progress.passes || settings.passes;
  const lossSeries = useMemo<LearnSeries[]>(() => [{ label: 'training loss', color: '#5b6478', points: points.map((p) => [p.images, p.trainLoss]) }], [points]);
  const accSeries = useMemo<LearnSeries[]>(
    () => [
      { label: 'training batches', color: '#9fb3d1', points: points.map((p) => [p.images, p.trainAccuracy]) },
      { label: 'held-out digits', color: '#0f9d8a', points: points.map((p) => [p.images, p.heldOut]) },
    ],
    [points],
  );
  const answer = look?.probabilities ? look.probabilities.indexOf(Math.max(...look.probabilities)) : null;
  const own = useOwnWeights();
  const runningExperiment = Number(Object.entries(state.experiments).find(([, e]) => e.running)?.[0] ?? NaN);
  // A run that has seen two passes and still answers at chance (the book's sigmoid LeNet under SGD does, for a while).
  const stuck = progress.images >= 24_000 && last !== undefined && last.heldOut < 0.2;
  const [using, setUsing] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const handOver = async () => {
    setUsing({ busy: true, problem: null });
    try {
      const artifacts = withWeights(await download(weightsUrl('lenet')), await learn.weights());
      setOwnWeights({ net: 'lenet', artifacts, heldOut: last?.heldOut ?? null, images: progress.images });
      setUsing({ busy: false, problem: null });
    } catch (err) {
      setUsing({ busy: false, problem: `Your LeNet could not be handed to the other views: ${(err as Error).message}.` });
    }
  };
  const rates = RATES[settings.optimizer];
  return (
    <div className="learn-train">
      <div className="learn-side">
        {pad}
        {hasInput && answer !== null && (
          <p className="learn-answer-mini card" aria-hidden="true">
            With the weights as they are now it reads <strong>{answer}</strong> ({pct(look!.probabilities![answer]!)})
          </p>
        )}
      </div>
      <section className="card learn-main" aria-labelledby="learn-title">
        <h2 id="learn-title" className="sr-only">
          Training
        </h2>
        <div className="learn-controls">
          <label>
            Network
            <select
              value={settings.net}
              onChange={(e) => change({ net: e.target.value as LearnNet })}
              disabled={progress.images > 0}
              title={progress.images > 0 ? 'Another network is another run: Reset first (this run would be lost)' : undefined}
              data-testid="train-net"
            >
              {Object.entries(LEARN_NETS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Optimiser
            <select
              value={settings.optimizer}
              onChange={(e) => {
                const optimizer = e.target.value as 'sgd' | 'adam';
                // Each starts from its usual recipe: SGD as the book trains LeNet (0.9, batches of 256), Adam at 3e-3.
                change(optimizer === 'sgd' ? { optimizer, learningRate: 0.9, batchSize: 256 } : { optimizer, learningRate: 3e-3, batchSize: 32 });
              }}
              data-testid="train-optimizer"
            >
              <option value="adam">Adam (quick to start)</option>
              <option value="sgd">SGD (as the book trains LeNet)</option>
            </select>
          </label>
          <label>
            Learning rate
            <select value={settings.learningRate} onChange={(e) => change({ learningRate: Number(e.target.value) })} data-testid="train-lr">
              {rates.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Batch
            <select value={settings.batchSize} onChange={(e) => change({ batchSize: Number(e.target.value) })} data-testid="train-batch">
              {[16, 32, 64, 128, 256].map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="learn-buttons">
          {progress.running ? (
            <button type="button" className="primary" onClick={learn.pause} data-testid="train-pause">
              Pause
            </button>
          ) : (
            <button type="button" className="primary" onClick={learn.play} disabled={!ready} data-testid="train-start">
              {progress.images === 0 ? 'Start training' : progress.finished ? 'Train more' : 'Resume'}
            </button>
          )}
          <button type="button" onClick={learn.step} disabled={!ready || progress.running} data-testid="train-step" title="Train on one batch, then stop">
            One batch
          </button>
          <button type="button" onClick={learn.reset} disabled={!ready || progress.images === 0} data-testid="train-reset" title="Start again from the same random weights">
            Reset
          </button>
          <dl className="learn-stats">
            <div>
              <dt>Batches</dt>
              <dd data-testid="train-steps" data-value={progress.steps}>
                {progress.steps.toLocaleString('en-US')}
              </dd>
            </div>
            <div>
              <dt>Digits seen</dt>
              <dd data-testid="train-images" data-value={progress.images}>
                {progress.images.toLocaleString('en-US')} <span className="of">of {planned.toLocaleString('en-US')} ({passes} passes over 12,000)</span>
              </dd>
            </div>
            <div>
              <dt>Held-out accuracy</dt>
              <dd data-testid="train-accuracy" data-value={last?.heldOut ?? 0}>
                {last ? pct(last.heldOut) : '–'}
              </dd>
            </div>
            <div>
              <dt>Speed</dt>
              <dd data-testid="train-speed">{progress.running && progress.imagesPerSecond ? `${Math.round(progress.imagesPerSecond)} digits/s` : '–'}</dd>
            </div>
            <div>
              <dt>Time left</dt>
              <dd>{progress.running && progress.etaSeconds !== null ? duration(progress.etaSeconds) : progress.finished ? 'done' : '–'}</dd>
            </div>
          </dl>
        </div>
        {state.problem && (
          <p className="learn-problem" role="alert" data-testid="train-problem">
            {state.problem}
          </p>
        )}
        {!Number.isNaN(runningExperiment) && (
          <p className="learn-note" data-testid="train-waits">
            Experiment {runningExperiment} is running, and one run trains at a time: this training is paused until it ends. Start stops the experiment and goes on here.
          </p>
        )}
        {stuck && (
          <p className="learn-note" data-testid="train-stuck">
            Still at chance after {progress.images.toLocaleString('en-US')} digits. That is the book&apos;s sigmoid LeNet under SGD: its gradients are small until the weights leave the start, and the book trains it for ten passes of 60,000 digits. Give it more passes, or try Adam or the ReLU LeNet, which leave chance within the first pass.
          </p>
        )}
        <div className="learn-charts">
          <Chart series={lossSeries} title="Loss (cross-entropy)" format={(v) => v.toFixed(1)} domain={points.length ? undefined : [0, 2.5]} minX={planned} testId="train-loss-chart" width={330} height={210} />
          <Chart series={accSeries} title="Accuracy" format={(v) => `${Math.round(100 * v)}%`} domain={[0, 1]} minX={planned} testId="train-accuracy-chart" width={330} height={210} />
        </div>
        <div className="learn-use">
          {settings.net === 'book' ? (
            <>
              <button type="button" onClick={() => void handOver()} disabled={!ready || progress.steps === 0 || using.busy} data-testid="train-use">
                Use this LeNet in the other views
              </button>
              <span className="hint">
                {own?.net === 'lenet'
                  ? `The other views run the LeNet you trained (taken after ${own.images.toLocaleString('en-US')} digits). `
                  : 'Its weights replace the shipped LeNet\'s for this visit, labelled as yours, in One network, Transitions and Compare. '}
                {own?.net === 'lenet' && (
                  <button type="button" className="link learn-link" onClick={() => setOwnWeights(null)} data-testid="train-unuse">
                    Use the shipped weights again
                  </button>
                )}
              </span>
            </>
          ) : (
            <span className="hint">Only the book&apos;s LeNet can stand in for the shipped one (the other views draw the book&apos;s layers).</span>
          )}
          {using.problem && (
            <span className="learn-problem" role="alert">
              {using.problem}
            </span>
          )}
        </div>
        {points.length === 0 && ready && <p className="hint learn-start-hint">Press Start: the curves grow here, a point every 1,600 digits; the filters and your digit&apos;s maps change as the weights do.</p>}
      </section>
      <section className="card learn-inside" aria-labelledby="learn-inside-title">
        <h2 id="learn-inside-title">Your digit, with the weights as they are now</h2>
        {!hasInput ? (
          <p className="hint">Draw a digit: it is read again every moment while the network trains.</p>
        ) : answer === null ? (
          <p className="hint">Reading…</p>
        ) : (
          <p className="learn-reads" data-testid="learn-answer" data-value={answer}>
            It reads <strong>{answer}</strong> ({pct(look!.probabilities![answer]!)})
            {progress.steps === 0 && <span className="hint"> — random weights: this answer means nothing yet</span>}
          </p>
        )}
        <ProbabilityChart probabilities={hasInput ? (look?.probabilities ?? null) : null} size={{ width: 280, height: 96 }} />
        {look?.filters && <Maps map={look.filters} scale="signed" cols={6} label={`The first layer's ${look.filters.shape[0]} filters (5×5): red positive, blue negative`} />}
        {look?.maps[0] &&  <Maps map={look.maps[0]} scale="positive" cols={6} label={`Your digit after the first convolution and its ${settings.net === 'book' ? 'sigmoid' : 'ReLU'} (${look.maps[0].shape.join('×').replace(/^(\d+)×/, '$1@')}): bright is a strong response${settings.net === 'book' ? ', and a sigmoid is never 0, so the background glows too' : ''}`} />}
        {look?.maps[1] && <Maps map={look.maps[1]} scale="positive" cols={8} label={`…and after the second stage's pooling (${look.maps[1].shape.join('×').replace(/^(\d+)×/, '$1@')})`} />}
        {state.confusion && (
          <>
            <h3>Held-out digits: true (rows), answered (columns)</h3>
            <Confusion confusion={state.confusion} />
          </>
        )}
      </section>
    </div>
  );
}

function armSeries(exp: Experiment, s: ExperimentState | undefined, which: 'loss' | 'heldOut' | 'train'): LearnSeries[] {
  return exp.arms.map((arm, a) => ({
    label: arm.label,
    color: ARM_COLORS[a]!,
    points: s ? s.histories[a]!.images.map((x, i) => [x / 1, s.histories[a]![which][i]!] as [number, number]).filter((p) => p[1] !== undefined) : [],
  }));
}

function ExperimentsPanel({ learn, selected, onSelect }: { learn: Learn; selected: number; onSelect: (n: number) => void }) {
  const { state } = learn;
  const exp = EXPERIMENTS.find((e) => e.n === selected) ?? EXPERIMENTS[0]!;
  const s = state.experiments[exp.n];
  const busy = Object.entries(state.experiments).find(([, e]) => e.running);
  const budget = exp.steps * exp.arms[0].settings.batchSize;
  const charts: { which: 'loss' | 'heldOut' | 'train'; title: string }[] =
    exp.watch === 'gap'
      ? [
          { which: 'train', title: 'Accuracy on its 500 training digits' },
          { which: 'heldOut', title: 'Accuracy on held-out digits' },
        ]
      : exp.watch === 'loss'
        ? [
            { which: 'loss', title: 'Training loss' },
            { which: 'heldOut', title: 'Accuracy on held-out digits' },
          ]
        : [
            { which: 'heldOut', title: 'Accuracy on held-out digits' },
            { which: 'loss', title: 'Training loss' },
          ];
  return (
    <div className="learn-experiments">
      <ol className="card experiment-list">
        {EXPERIMENTS.map((e) => {
          const es = state.experiments[e.n];
          const status = !es ? 'not run yet' : es.running ? `running, ${Math.round((100 * es.steps) / es.total)}%` : es.steps >= es.total ? (es.verdict?.confirmed ? 'claim borne out' : 'claim not borne out') : `stopped at ${Math.round((100 * es.steps) / es.total)}%`;
          return (
            <li key={e.n}>
              <button
                type="button"
                aria-pressed={e.n === exp.n}
                onClick={() => {
                  onSelect(e.n);
                  // On a phone the details are below the list: bring them up.
                  if (window.matchMedia('(max-width: 760px)').matches) requestAnimationFrame(() => document.querySelector('[data-testid=experiment-detail]')?.scrollIntoView({ block: 'start' }));
                }}
                data-testid={`experiment-${e.n}`}
              >
                <span className="exp-n">{e.n}</span>
                <span className="exp-title">{e.title}</span>
                <span className={`exp-status${es && !es.running && es.steps >= es.total ? (es.verdict?.confirmed ? ' yes' : ' no') : ''}`}>{status}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <section className="card experiment-detail" aria-labelledby="exp-title" data-testid="experiment-detail">
        <h2 id="exp-title">
          {exp.n}. {exp.title}
        </h2>
        <p className="exp-claim">
          <strong>The book:</strong> {exp.claim} <span className="exp-where">({exp.where})</span>
        </p>
        <p className="exp-setup">
          {exp.arms.map((a) => a.label).join(' against ')}: same seed, same digits in the same order, {exp.steps} batches of {exp.arms[0].settings.batchSize} each
          {exp.arms[0].settings.trainLimit ? ` from ${exp.arms[0].settings.trainLimit} training digits` : ''} ({budget.toLocaleString('en-US')} digits per network), {exp.arms[0].settings.optimizer === 'sgd' ? 'SGD' : 'Adam'} at {exp.arms[0].settings.learningRate}. One run, one seed ({exp.arms[0].settings.seed}): a verdict on a small gap may differ with another.
        </p>
        <div className="exp-run">
          {s?.running ? (
            <button type="button" onClick={learn.stopExperiment} data-testid="experiment-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => learn.runExperiment(exp.n)} disabled={state.phase !== 'ready' || (busy !== undefined && Number(busy[0]) !== exp.n)} data-testid="experiment-run">
              {s ? 'Run again' : 'Run the experiment'}
            </button>
          )}
          {!s?.running && state.progress.running && (
            <span className="learn-note" data-testid="experiment-pauses">
              Running it pauses the LeNet training in progress (one run trains at a time).
            </span>
          )}
          <span className="exp-progress" data-testid="experiment-progress" data-value={s?.steps ?? 0}>
            {s ? `${s.steps} of ${s.total} batches per network, ${duration(s.seconds)}` : busy ? `Experiment ${busy[0]} is running; it trains one experiment at a time.` : 'Both networks train in turn, a batch each, so the curves always compare equal budgets.'}
          </span>
        </div>
        <div className="learn-charts">
          {charts.map((c) => (
            <Chart
              key={c.which}
              series={armSeries(exp, s, c.which)}
              title={c.title}
              format={c.which === 'loss' ? (v) => v.toFixed(1) : (v) => `${Math.round(100 * v)}%`}
              domain={c.which === 'loss' ? (s?.histories[0].loss.length ? undefined : [0, 2.5]) : [0, 1]}
              minX={budget}
              testId={`experiment-chart-${c.which}`}
              height={200}
            />
          ))}
        </div>
        {s?.verdict && (
          <p className={`exp-verdict${s.steps >= s.total ? (s.verdict.confirmed ? ' yes' : ' no') : ''}`} data-testid="experiment-verdict" aria-live="polite">
            <strong>{s.steps < s.total ? (s.running ? 'So far:' : 'Stopped early:') : s.verdict.confirmed ? 'This run bears the claim out.' : 'This run does not bear the claim out.'}</strong> {s.verdict.text}
          </p>
        )}
      </section>
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BACKEND_LABELS, type BackendName } from '../models/backends';
import { NETS, SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { ArchitectureCard } from './ArchitectureCard';
import { BackendPicker } from './BackendPicker';
import { CompareView } from './CompareView';
import { DigitPreview } from './DigitPreview';
import { Diagram } from './Diagram';
import { DrawCard } from './DrawCard';
import { graphOf } from './graphs';
import { InspectPanel } from './InspectPanel';
import { NetNav } from './NetNav';
import { PredictionPanel } from './PredictionPanel';
import { StoryCard } from './StoryCard';
import { installTestHooks, type HookContext } from './testHooks';
import { TrainingPanel } from './TrainingPanel';
import { readUrlState, shareLink, writeUrlState, type ViewName } from './urlState';
import { useMetrics } from './useMetrics';
import { usePrediction } from './usePrediction';
import { useBackendChoice, useBackendTiming } from './useBackendChoice';
import { netStatus, useSession } from './useSession';

export function App() {
  const initial = useMemo(() => readUrlState(window.location.search), []);
  const [net, setNet] = useState<NetId>(initial.net);
  const [view, setView] = useState<ViewName>(initial.view);
  const [requested, setRequested] = useState<BackendName | null>(initial.backend);
  // The inspected layer (a node id of the current network) and the step-through position.
  const [selected, setSelected] = useState<string | null>(() => {
    const id = initial.layer ? `${initial.net}/${initial.layer}` : null;
    return id && graphOf(initial.net).nodes[id] ? id : null;
  });
  const [step, setStep] = useState<number | null>(initial.step);
  const layerIgnored = initial.layer !== null && selected === null && !initial.ignored.includes('layer');
  const nets = useMemo(() => (view === 'compare' ? SHIPPED_NETS : [net]), [view, net]);
  const choice = useBackendChoice(requested);
  const session = useSession(nets, choice.order);
  useBackendTiming(choice, session, net);
  const { input, viewOf, strokes, setStrokes, picture, setPicture } = usePrediction(session, initial.drawing ?? []);
  const metrics = useMetrics(SHIPPED_NETS);
  const spec = NETS[net];
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [shared, setShared] = useState<{ link: string; copied: boolean } | null>(null);
  const share = async () => {
    const link = shareLink(strokes);
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      // No clipboard permission (or none at all): the link is shown to copy by hand.
    }
    setShared({ link, copied });
  };

  useEffect(
    () => writeUrlState({ net, view, backend: requested, layer: selected ? selected.slice(net.length + 1) : null, step }),
    [net, view, requested, selected, step],
  );
  const openNet = useCallback((id: NetId) => {
    setNet(id);
    setSelected(null);
    setStep(null);
  }, []);
  const modelOf = useCallback(() => session.current().find((l) => l.net === net)?.model ?? null, [session, net]);
  const hookContext = useRef<HookContext | null>(null);
  useEffect(() => {
    hookContext.current = { net, model: modelOf, input, prediction: () => viewOf(net).prediction, setPicture };
  });
  useEffect(() => installTestHooks(() => hookContext.current!), []);

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
  if (session.deviceLost && session.backend) {
    notices.push({
      id: `lost-${session.sessionKey.split('|')[2]}`,
      text: `The GPU device was lost (${session.deviceLost}). ConvFlow started ${BACKEND_LABELS[session.backend]} again and reloaded the networks; your drawing is kept.`,
    });
  }
  if (choice.notice) notices.push({ id: 'auto-backend', text: choice.notice });
  const ignored = [...initial.ignored, ...(layerIgnored ? ['layer'] : [])];
  if (ignored.length) {
    notices.push({ id: 'url', text: `Ignored an unknown value in the address: ${ignored.join(', ')}.` });
  }
  const visibleNotices = notices.filter((n) => !dismissed.includes(n.id));
  // Screen readers hear the answer when it changes (not on every frame while drawing).
  const announced = (view === 'compare' ? SHIPPED_NETS : [net])
    .map((id) => {
      const p = viewOf(id).prediction;
      return p ? `${NETS[id].title} reads ${p.digit}.` : '';
    })
    .join(' ');
  const busy = session.backendStatus.phase === 'starting';

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ▦
          </span>
          <div>
            <h1>ConvFlow</h1>
            <p className="tagline">Draw a digit and watch the classic convolutional networks read it, live in your browser.</p>
          </div>
        </div>
        <div className="backend-box">
          <button type="button" className="share" data-testid="share" onClick={() => void share()}>
            Share this view
          </button>
          <span className="backend-label">Running on</span>
          <BackendPicker active={session.backend} busy={busy} onChoose={setRequested} />
        </div>
      </header>

      <div className="viewbar">
        <div className="segmented" role="group" aria-label="View">
          <button type="button" data-testid="view-single" aria-pressed={view === 'single'} onClick={() => setView('single')}>
            One network
          </button>
          <button type="button" data-testid="view-compare" aria-pressed={view === 'compare'} onClick={() => setView('compare')}>
            Compare all {SHIPPED_NETS.length}
          </button>
        </div>
        {view === 'single' && <NetNav net={net} onChange={openNet} />}
      </div>
      {shared && (
        <div className="share-box" role="status">
          <span>{shared.copied ? 'Link copied. ' : 'Copy this link: '}It opens this view{strokes.length ? ' with your drawing' : ''}.</span>
          <input readOnly value={shared.link} data-testid="share-link" aria-label="Link to this view" onFocus={(e) => e.target.select()} />
          <button type="button" className="link" onClick={() => setShared(null)} aria-label="Close">
            ✕
          </button>
        </div>
      )}

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

      <p className="sr-only" aria-live="polite" data-testid="announce">
        {announced}
      </p>

      {view === 'compare' ? (
        <main className="compare-layout">
          <DrawCard strokes={strokes} setStrokes={setStrokes} input={input} picture={picture} setPicture={setPicture} />
          <CompareView
            session={session}
            viewOf={viewOf}
            hasInput={input !== null}
            metrics={metrics}
            onOpen={(id) => {
              openNet(id);
              setView('single');
            }}
          />
        </main>
      ) : (
        <main className="grid">
          <DrawCard strokes={strokes} setStrokes={setStrokes} picture={picture} setPicture={setPicture} />
          <section className="card result-card" aria-labelledby="result-title">
            <h2 id="result-title">{spec.title} reads</h2>
            <div className="result-row">
              <figure className="seen">
                <DigitPreview input={input} />
                <figcaption>What it sees: 28×28, fitted to 20×20 and centred by mass, as in MNIST</figcaption>
              </figure>
              <PredictionPanel
                view={viewOf(net)}
                status={netStatus(session, net)}
                hasInput={input !== null}
                onRetry={session.retry}
                testId="prediction"
              />
            </div>
            <p className="how">
              The answer follows your pen: once per frame the drawing is cropped, scaled to 20×20 and centred in a 28×28 field the way
              MNIST's digits were, then {spec.title} runs on it with TensorFlow.js. The bars are its softmax probabilities for the ten
              digits.
            </p>
          </section>
          <Diagram
            key={net}
            net={net}
            activations={viewOf(net).activations}
            selected={selected}
            onSelect={setSelected}
            step={step}
            onStep={setStep}
            aside={selected && <InspectPanel key={selected} net={net} id={selected} activations={viewOf(net).activations} model={modelOf} onClose={() => setSelected(null)} />}
          />
          <StoryCard spec={spec} />
          <TrainingPanel spec={spec} metrics={metrics[net]} />
          <ArchitectureCard spec={spec} />
        </main>
      )}
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BACKEND_LABELS, type BackendName } from '../models/backends';
import { NETS, SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { TRANSITIONS } from '../models/transitions';
import { ArchitectureCard } from './ArchitectureCard';
import { BackendPicker } from './BackendPicker';
import { CompareView } from './CompareView';
import { EvolveNav, EvolveView } from './EvolveView';
import { stagesOf } from './StageView';
import { Diagram } from './Diagram';
import { DrawCard } from './DrawCard';
import { graphOf } from './graphs';
import { InspectPanel } from './InspectPanel';
import { NetNav } from './NetNav';
import { PredictionPanel } from './PredictionPanel';
import { StoryCard } from './StoryCard';
import { installTestHooks, type HookContext } from './testHooks';
import { TrainingPanel } from './TrainingPanel';
import { readUrlState, rememberDrawing, rememberedDrawing, shareLink, writeUrlState, type ViewName } from './urlState';
import { useDrawnScores, useMetrics } from './useMetrics';
import { usePrediction } from './usePrediction';
import { useBackendChoice, useBackendTiming } from './useBackendChoice';
import { netStatus, useSession } from './useSession';
import { loadUpdate, useOffline } from './offline';
import { camLayers, type AttributionMethod } from '../models/attribution';
import { mnistFrame } from '../models/preprocess';
import { IDENTITY, isIdentity, type DigitTransform } from '../models/robust';
import { RobustLab } from './RobustLab';
import type { PadHeatData } from './DrawCard';
import { strokesInk } from './rasterize';
import { useAttribution, useAttributionChecks, useAttributions } from './useAttribution';
import { SIGNED, WhyPanel } from './WhyPanel';
import { LearnView } from './learn/LearnView';
import { useLearn } from './learn/useLearn';
import { OwnBadge } from './OwnBadge';
import { setOwnWeights, useOwnWeights } from './ownWeights';

/** This view's address as a whole page (without `embed`), to open from an embedded frame. */
function fullPageLink(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('embed');
  return url.toString();
}

/** A layer id of `net` for a layer path from the address, if the network has it. */
function layerId(net: NetId, path: string | null): string | null {
  const id = path ? `${net}/${path}` : null;
  return id && graphOf(net).nodes[id] ? id : null;
}

const LONGEST_STAGES = Math.max(...SHIPPED_NETS.map((id) => stagesOf(id).length));
const clampStage = (s: number | null) => (s === null ? null : Math.min(s, LONGEST_STAGES - 1));

export function App() {
  const initial = useMemo(() => readUrlState(window.location.search), []);
  // Embedded in another page: the pad and the data flow, nothing around them.
  const embed = initial.embed === true;
  const [net, setNet] = useState<NetId>(initial.net);
  const [view, setView] = useState<ViewName>(initial.view);
  const [requested, setRequested] = useState<BackendName | null>(initial.backend);
  // The inspected layer (a node id of the current network) and the step-through position.
  const [selected, setSelected] = useState<string | null>(() => layerId(initial.net, initial.layer));
  const [step, setStep] = useState<number | null>(initial.step);
  const [stage, setStage] = useState<number | null>(() => clampStage(initial.stage));
  const [from, setFrom] = useState<NetId>(initial.from);
  // Why (issue 16): the attribution method shown beside the flow, the class it explains (null: the
  // answer) and Grad-CAM's layer (null: the last stage).
  const [why, setWhy] = useState<AttributionMethod | null>(initial.why ?? null);
  const [whyClass, setWhyClass] = useState<number | null>(initial.toward ?? null);
  const [whyLayer, setWhyLayer] = useState<string | null>(initial.cam ? `${initial.net}/${initial.cam}` : null);
  // Learn (issue 17): the experiment shown, or null for the training tab; the last one picked, to return to.
  const [exp, setExp] = useState<number | null>(initial.exp ?? null);
  const [lastExp, setLastExp] = useState<number>(initial.exp ?? 1);
  const to = TRANSITIONS.find((t) => t.from === from)!.to;
  const layerIgnored = initial.layer !== null && selected === null && !initial.ignored.includes('layer');
  const nets = useMemo(() => (view === 'compare' ? SHIPPED_NETS : view === 'evolve' ? [from, to] : view === 'learn' ? [] : [net]), [view, net, from, to]);
  const choice = useBackendChoice(requested);
  const session = useSession(nets, choice.order);
  useBackendTiming(choice, session, net);
  // A shared link's drawing, else the one this history entry remembered (Back into the app, a reload).
  const [startDrawing] = useState(() => initial.drawing ?? (initial.drawingUnreadable ? null : rememberedDrawing()) ?? []);
  // The robustness lab (issue 16): open or not, and its change to the digit (only while open).
  const [lab, setLab] = useState(false);
  const [transform, setTransform] = useState<DigitTransform>(IDENTITY);
  const labOn = lab && view !== 'evolve' && view !== 'learn';
  // `drawn` is the digit before the lab's change, for its sweeps.
  const { input, drawn, viewOf, strokes, setStrokes, picture, setPicture, clear, undo, canUndo } = usePrediction(session, startDrawing, labOn ? transform : null);
  const learn = useLearn(view === 'learn', requested);
  const toLearner = learn.digit;
  useEffect(() => {
    if (view === 'learn') toLearner(input);
  }, [view, input, toLearner]);
  const metrics = useMetrics(SHIPPED_NETS);
  const drawnScores = useDrawnScores();
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

  // The address follows the view; a change of place is a new history entry (the first write only
  // tidies the address the page was opened with).
  const written = useRef(false);
  useEffect(() => {
    const cam = whyLayer ? whyLayer.slice(net.length + 1) : null;
    writeUrlState({ net, view, backend: requested, layer: selected ? selected.slice(net.length + 1) : null, step, stage, from, embed, why, toward: whyClass, cam, exp }, !written.current);
    written.current = true;
  }, [net, view, requested, selected, step, stage, from, embed, why, whyClass, whyLayer, exp]);
  // Back and Forward: show the place that entry holds; the drawing and the backend stay as they are.
  useEffect(() => {
    const onPop = () => {
      const s = readUrlState(window.location.search);
      setNet(s.net);
      setView(s.view);
      setSelected(layerId(s.net, s.layer));
      setStep(s.step);
      setStage(clampStage(s.stage));
      setFrom(s.from);
      setWhy(s.why ?? null);
      setWhyClass(s.toward ?? null);
      setWhyLayer(s.cam ? `${s.net}/${s.cam}` : null);
      setExp(s.exp ?? null);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // The drawing is remembered in the history entry once the pen rests.
  useEffect(() => {
    const timer = window.setTimeout(() => rememberDrawing(strokes), 250);
    return () => window.clearTimeout(timer);
  }, [strokes]);

  const openNet = useCallback((id: NetId) => {
    setNet(id);
    setSelected(null);
    setStep(null);
    setWhyLayer(null);
  }, []);
  // A step-through position belongs to one view: another view starts with everything shown.
  const showView = useCallback((v: ViewName) => {
    setView(v);
    setStep(null);
  }, []);
  const moveTo = useCallback((id: NetId) => {
    setFrom(id);
    setStep(null);
  }, []);
  const openLayer = useCallback(
    (id: NetId, layer: string | null) => {
      openNet(id);
      setSelected(layerId(id, layer));
      setView('single');
      window.scrollTo(0, 0);
    },
    [openNet],
  );
  const modelOf = useCallback(() => session.current().find((l) => l.net === net)?.model ?? null, [session, net]);
  const whyOn = why !== null && view === 'single';
  const whyModel = whyOn ? modelOf() : null;
  const answer = viewOf(net).prediction?.digit ?? null;
  // A Grad-CAM layer from the address that is not a clean cut of this network falls back to the last stage.
  const cuts = useMemo(() => (whyModel ? camLayers(whyModel) : []), [whyModel]);
  const camLayer = whyLayer && cuts.includes(whyLayer) ? whyLayer : null;
  const attribution = useAttribution(whyModel, whyOn ? input : null, why, whyClass ?? answer, camLayer, strokes);
  const checks = useAttributionChecks();
  const compareWhy = view === 'compare' ? why : null;
  const answers: Partial<Record<NetId, number>> = {};
  for (const id of SHIPPED_NETS) {
    const d = viewOf(id).prediction?.digit;
    if (d !== undefined) answers[id] = d;
  }
  const compared = useAttributions(view === 'compare' ? session.current() : [], compareWhy ? input : null, compareWhy, answers);
  const padHeat = useMemo<PadHeatData | null>(() => {
    const result = attribution.result;
    if (!whyOn || !result || !input || (labOn && !isIdentity(transform))) return null;
    const ink = picture ? picture.ink : strokesInk(strokes);
    const frame = ink && mnistFrame(ink);
    if (!ink || !frame) return null;
    return { map: result.map, signed: SIGNED[result.method], frame, inkWidth: ink.width, inkHeight: ink.height };
    // The strokes and picture are read for the frame of the digit the result was computed from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attribution.result, whyOn, labOn, transform]);
  const labPanel = labOn && (
    <RobustLab
      transform={transform}
      onTransform={setTransform}
      digit={drawn}
      seen={input}
      loaded={session.current()}
      answers={answers}
      onClose={() => {
        setLab(false);
        setTransform(IDENTITY);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid=robust-toggle]')?.focus());
      }}
    />
  );
  const hookContext = useRef<HookContext | null>(null);
  useEffect(() => {
    hookContext.current = { net, model: modelOf, input, prediction: () => viewOf(net).prediction, setPicture, activations: (id) => viewOf(id).activations, learnTensors: () => (learn.state.phase === 'off' ? null : learn.tensors()) };
  });
  useEffect(() => installTestHooks(() => hookContext.current!), []);

  // Ctrl/Cmd+Z undoes the last change to the pad (a stroke, a picture, Clear).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && canUndo) {
        e.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canUndo, undo]);

  // What the backend timing found is news once: it steps aside after a while (the picker keeps it as its tooltip).
  const timed = choice.notice !== null;
  useEffect(() => {
    if (!timed) return;
    const timer = window.setTimeout(() => setDismissed((d) => [...d, 'auto-backend']), 15_000);
    return () => window.clearTimeout(timer);
  }, [timed]);

  const offline = useOffline();
  const own = useOwnWeights();
  const savedNotice = offline.saved && !offline.offline;
  const fromCopy = offline.saved || offline.controlled;
  // Told once, then out of the way (the header keeps an "Offline" badge while it lasts).
  useEffect(() => {
    if (!savedNotice && !offline.offline) return;
    const id = offline.offline ? 'offline' : 'offline-saved';
    const timer = window.setTimeout(() => setDismissed((d) => [...d, id]), 15_000);
    return () => {
      window.clearTimeout(timer);
      if (id === 'offline') setDismissed((d) => d.filter((x) => x !== 'offline'));
    };
  }, [savedNotice, offline.offline]);

  const notices: { id: string; text: string; action?: { label: string; run: () => void } }[] = [];
  if (offline.updateReady) {
    notices.push({ id: 'update', text: 'A new version of ConvFlow is ready.', action: { label: 'Reload to use it (your drawing is kept)', run: loadUpdate } });
  }
  if (offline.offline) {
    notices.push({
      id: 'offline',
      text: fromCopy
        ? 'You are offline. ConvFlow runs from the copy saved on this device: every network still reads your drawing.'
        : 'You are offline, and this visit is not yet saved on this device: anything not loaded yet cannot be fetched until the network is back.',
    });
  }
  if (own && view !== 'learn') {
    notices.push({
      id: `own-${own.revision}`,
      text: `${NETS[own.net].title} now runs on the weights you trained in Learn (${own.images.toLocaleString('en-US')} digits seen${own.heldOut === null ? '' : `, ${(100 * own.heldOut).toFixed(1)}% of held-out digits`}), in every view.`,
      action: { label: 'Use the shipped weights again', run: () => setOwnWeights(null) },
    });
  }
  if (savedNotice) notices.push({ id: 'offline-saved', text: 'ConvFlow is saved on this device: from now on it opens and reads your drawings without a network.' });
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
  if (initial.drawingUnreadable) {
    notices.push({ id: 'drawing', text: 'The drawing in this link could not be read (the link may have been cut short or changed), so the pad starts empty.' });
  }
  const ignored = [...initial.ignored, ...(layerIgnored ? ['layer'] : [])];
  if (ignored.length) {
    notices.push({ id: 'url', text: `Ignored an unknown value in the address: ${ignored.join(', ')}.` });
  }
  const visibleNotices = notices.filter((n) => !dismissed.includes(n.id));
  // Screen readers hear the answer when it changes (not on every frame while drawing).
  const announced = nets
    .map((id) => {
      const p = viewOf(id).prediction;
      return p ? `${NETS[id].title} reads ${p.digit}.` : '';
    })
    .join(' ');
  const busy = session.backendStatus.phase === 'starting';
  const pad = { strokes, setStrokes, picture, setPicture, clear, undo, canUndo };

  return (
    <div className={`app${view === 'evolve' || embed ? ' app-fit' : ''}${embed ? ' app-embed' : ''}`}>
      {embed && (
        <a className="embed-open" href={fullPageLink()} target="_blank" rel="noopener" data-testid="embed-open">
          Open in ConvFlow ↗
        </a>
      )}
      {!embed && (
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ▦
          </span>
          <h1>ConvFlow</h1>
          <p className="tagline">Draw a digit; watch the classic CNNs read it.</p>
        </div>
        <div className="segmented" role="group" aria-label="View">
          <button type="button" data-testid="view-single" aria-pressed={view === 'single'} onClick={() => showView('single')}>
            One network
          </button>
          <button type="button" data-testid="view-evolve" aria-pressed={view === 'evolve'} onClick={() => showView('evolve')}>
            Transitions
          </button>
          <button type="button" data-testid="view-compare" aria-pressed={view === 'compare'} onClick={() => showView('compare')}>
            Compare all {SHIPPED_NETS.length}
          </button>
          <button type="button" data-testid="view-learn" aria-pressed={view === 'learn'} onClick={() => showView('learn')}>
            Learn
          </button>
        </div>
        <div className="backend-box">
          <button type="button" className="share" data-testid="share" onClick={() => void share()}>
            Share this view
          </button>
          {offline.offline && (
            <span className="offline-badge" data-testid="offline-badge" title={fromCopy ? 'No network: ConvFlow runs from the copy saved on this device.' : 'No network, and this visit is not saved on this device yet.'}>
              Offline
            </span>
          )}
          <span className="backend-label">Running on</span>
          <BackendPicker active={session.backend} busy={busy} onChoose={setRequested} why={choice.notice} />
        </div>
      </header>
      )}
      {view !== 'compare' && view !== 'learn' && !embed && <div className="viewbar">{view === 'single' ? <NetNav net={net} onChange={openNet} /> : <EvolveNav from={from} onMove={moveTo} />}</div>}
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
              {n.action && (
                <button type="button" className="notice-action" data-testid={`notice-${n.id}`} onClick={n.action.run}>
                  {n.action.label}
                </button>
              )}
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

      {view === 'learn' ? (
        <LearnView
          learn={learn}
          pad={<DrawCard {...pad} />}
          hasInput={input !== null}
          tab={exp ? 'experiments' : 'train'}
          onTab={(t) => setExp(t === 'train' ? null : lastExp)}
          experiment={exp ?? lastExp}
          onExperiment={(n) => {
            setExp(n);
            setLastExp(n);
          }}
        />
      ) : view === 'compare' ? (
        <main className="compare-layout">
          <div className="compare-side">
            <DrawCard {...pad} input={input} />
            {labOn ? (
              labPanel
            ) : (
              <button type="button" className="lab-open" data-testid="robust-toggle" onClick={() => setLab(true)}>
                Move, turn, thicken your digit…
              </button>
            )}
          </div>
          <CompareView
            session={session}
            viewOf={viewOf}
            hasInput={input !== null}
            metrics={metrics}
            stage={stage}
            onStage={setStage}
            backend={requested}
            onOpen={openLayer}
            input={input}
            why={compareWhy}
            onWhy={setWhy}
            whyMaps={compared.maps}
            whyBusy={compared.busy}
            checks={checks}
          />
        </main>
      ) : view === 'evolve' ? (
        <main className="flow-page">
          <div className="flow-stage">
            <DrawCard {...pad} />
            <EvolveView from={from} session={session} viewOf={viewOf} hasInput={input !== null} step={step} onStep={setStep} onOpen={openLayer} />
          </div>
        </main>
      ) : (
        <main className="flow-page">
          <div className={`flow-stage${whyOn || labOn ? ' with-why' : ''}`}>
            <DrawCard {...pad} heat={padHeat} />
            {(whyOn || labOn) && (
            <div className="side-col">
            {labPanel}
            {whyOn && (
              <WhyPanel
                net={net}
                model={whyModel}
                digit={input}
                method={why}
                onMethod={setWhy}
                cls={whyClass}
                onClass={setWhyClass}
                answer={answer}
                layer={camLayer}
                onLayer={setWhyLayer}
                state={attribution}
                checks={checks}
                onClose={() => {
                  setWhy(null);
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid=why-toggle]')?.focus());
                }}
                changed={labOn && !isIdentity(transform)}
              />
            )}
            </div>
            )}
            <Diagram
              why={whyOn}
              onWhy={() => setWhy(whyOn ? null : 'gradcam')}
              lab={labOn}
              onLab={() => setLab(!labOn)}
              key={net}
              net={net}
              input={input}
              activations={viewOf(net).activations}
              selected={selected}
              onSelect={setSelected}
              step={step}
              onStep={setStep}
              answer={
                <section className="answer-col" aria-labelledby="result-title">
                  <h2 id="result-title">
                    {spec.title} reads <OwnBadge net={net} />
                  </h2>
                  <PredictionPanel view={viewOf(net)} status={netStatus(session, net)} hasInput={input !== null} onRetry={session.retry} testId="prediction" column />
                </section>
              }
            />
          </div>
          {selected && <InspectPanel key={selected} net={net} id={selected} activations={viewOf(net).activations} model={modelOf} onClose={() => setSelected(null)} />}
          {!embed && (
            <>
              <StoryCard spec={spec} />
              <TrainingPanel spec={spec} metrics={metrics[net]} drawn={drawnScores[net]} />
              <ArchitectureCard spec={spec} />
            </>
          )}
        </main>
      )}
    </div>
  );
}

import * as d3 from 'd3';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { digitRegion } from '../models/graph';
import type { Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import { markDiagram, measureDiagram, MIN_TILE, paintDiagram, renderDiagram, unitAt, type BoxFit, type LabelLead, type Painted } from '../viz/diagram';
import { fitSizes, flowLayout, topLevelGroups } from '../viz/flowLayout';
import { allGroups } from '../viz/layout';
import { signal } from './benchHooks';
import { caption } from './captions';
import { ColorLegend } from './ColorLegend';
import { Figure1 } from './Figure1';
import { SaveFigure } from './SaveFigure';
import { NETS } from '../models/nets';
import type { FigurePart } from '../viz/figureExport';
import { diagramNodesOf, graphOf, groupsOf } from './graphs';
import './Diagram.css';

interface Props {
  net: NetId;
  /** The 28×28 digit the network sees (shown in the input box even before the network answers). */
  input: Float32Array | null;
  activations: Record<string, Activation> | null;
  selected: string | null;
  onSelect: (id: string | null) => void;
  step: number | null;
  onStep: (step: number | null) => void;
  /** The answer: the last column of the flow, right of the diagram. */
  answer: ReactNode;
  /** The attribution panel is open (its toggle lives in the toolbar). */
  why?: boolean;
  onWhy?: () => void;
  /** The robustness lab is open. */
  lab?: boolean;
  onLab?: () => void;
}

const STEP_MS = 900;
/** Room around the diagram inside its area, in CSS pixels. */
const MARGIN = 10;
/**
 * Narrower than this, on a page in its phone layout (the pad above the flow), the flow scrolls
 * sideways rather than fitting its width; a narrow area on a wider page (a small window, an embedding
 * frame) is fitted by scaling the flow down.
 */
const NARROW = 600;
const PHONE_LAYOUT = '(max-width: 760px)';

/** LeNet's maps are few and small: they get bigger tiles (the book's Figure 1 draws them large). */
const minTileOf = (net: NetId) => (net === 'lenet' ? 40 : MIN_TILE);

/**
 * The network drawn left to right as its data flow, sized to the space it has: every layer (or, for
 * the deep networks, every stage) with its live feature maps, folding and unfolding in place, a
 * step-through that lights the layers one by one, and the answer at the right end.
 */
export function Diagram({ net, input, activations: answered, selected, onSelect, step, onStep, answer, why, onWhy, lab, onLab }: Props) {
  const graph = graphOf(net);
  const nodes = diagramNodesOf(net);
  const groups = groupsOf(net);
  // What the network sees is known before it answers (and when it cannot): the input box shows it.
  const activations = useMemo(() => {
    const inputId = graph.order[0]!;
    if (answered || !input) return answered;
    return { [inputId]: { shape: [1, 28, 28], data: input } satisfies Activation };
  }, [answered, input, graph]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => topLevelGroups(graph));
  const [playing, setPlaying] = useState(false);
  const [lead, setLead] = useState<LabelLead>('paper');
  // LeNet can also be drawn as the book's Figure 1.
  const [figure, setFigure] = useState(false);
  const showFigure = figure && net === 'lenet';
  const [area, setArea] = useState<{ w: number; h: number } | null>(null);
  // Clearing the pad stops Play: there is nothing left to follow.
  const [shownActs, setShownActs] = useState(activations);
  if (activations !== shownActs) {
    setShownActs(activations);
    if (!activations && playing) setPlaying(false);
  }
  // On a phone the flow keeps readable boxes and scrolls sideways instead of shrinking to fit.
  const scroll = area !== null && area.w < NARROW && window.matchMedia(PHONE_LAYOUT).matches;
  const sizes = useMemo(() => fitSizes(graph, (scroll ? 900 : (area?.w ?? 900)) - 2 * MARGIN, (area?.h ?? 320) - 2 * MARGIN), [graph, area, scroll]);
  const layout = useMemo(() => flowLayout(graph, collapsed, sizes), [graph, collapsed, sizes]);
  // An inspected layer inside a folded block (from the address, a comparison link) is unfolded into view.
  const [revealed, setRevealed] = useState<string | null>(null);
  if (selected && selected !== revealed) {
    setRevealed(selected);
    const parts = graph.nodes[selected]?.path.split('/') ?? [];
    const ancestors = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    if (!layout.boxes.some((b) => b.id === selected) && ancestors.some((a) => collapsed.has(a))) {
      setCollapsed((c) => new Set([...c].filter((g) => !ancestors.includes(g))));
    }
  }
  const order = useMemo(() => {
    const pos = new Map(graph.order.map((id, i) => [id, i]));
    return layout.boxes.map((b) => b.id).sort((a, b) => pos.get(a)! - pos.get(b)!);
  }, [graph, layout]);
  const areaRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const rootRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const scrollRef = useRef(scroll);
  useLayoutEffect(() => {
    scrollRef.current = scroll;
  });
  const handlers = useRef({ select: (id: string) => onSelect(id), toggle: (id: string) => id });
  /** The block just unfolded, to zoom to once the new layout is drawn (null: fit the whole). */
  const focusRef = useRef<string | null>(null);

  useEffect(() => {
    handlers.current.select = (id) => onSelect(id);
    handlers.current.toggle = (id) => {
      setCollapsed((old) => {
        const next = new Set(old);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        // An unfolded block is brought into view at a readable size; folding shows the whole again.
        focusRef.current = next.has(id) ? null : id;
        return next;
      });
      return id;
    };
  }, [onSelect]);

  // The space the diagram has: it is laid out to fill it.
  useEffect(() => {
    const el = areaRef.current;
    if (!el) return;
    const measure = () => {
      const { width, height } = el.getBoundingClientRect();
      setArea((old) => (old && Math.abs(old.w - width) < 1 && Math.abs(old.h - height) < 1 ? old : { w: width, h: height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Fit: the whole diagram (or one region of it) in view, never enlarged, centred.
  const fit = (region?: { x: number; y: number; w: number; h: number }) => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (!svg || !zoom) return;
    const r = region ?? { x: 0, y: 0, w: layout.width, h: layout.height };
    const { width, height } = svg.getBoundingClientRect();
    const k = Math.min(1, scroll && !region ? Infinity : (width - 2 * MARGIN) / r.w, (height - 2 * MARGIN) / r.h);
    const x = scroll && !region ? MARGIN : (width - r.w * k) / 2 - r.x * k;
    const y = (height - r.h * k) / 2 - r.y * k;
    d3.select(svg).call(zoom.transform, d3.zoomIdentity.translate(x, y).scale(k));
  };

  useEffect(() => {
    const svg = svgRef.current;
    const root = rootRef.current;
    if (!svg || !root) return;
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.1, 3])
      // Wheel zooms only with Ctrl/⌘ held, so the page still scrolls past the diagram.
      // On a phone (the flow scrolls sideways) a touch scrolls: only the buttons zoom.
      .filter((event: Event) =>
        event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey : !(event as MouseEvent).button && !(event.type.startsWith('touch') && scrollRef.current),
      )
      .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => root.setAttribute('transform', event.transform.toString()));
    zoomRef.current = zoom;
    d3.select(svg).call(zoom).on('dblclick.zoom', null);
    // Keyboard users tab through layers and fold buttons: bring the focused one into view.
    const onFocus = (event: FocusEvent) => {
      const holder = (event.target as Element).closest('foreignObject');
      if (!holder) return;
      const { width, height } = svg.getBoundingClientRect();
      const t = d3.zoomTransform(svg);
      const x = Number(holder.getAttribute('x'));
      const y = Number(holder.getAttribute('y'));
      const w = Number(holder.getAttribute('width'));
      const h = Number(holder.getAttribute('height'));
      const [sx0, sy0] = t.apply([x, y]);
      const [sx1, sy1] = t.apply([x + w, y + h]);
      if (sx0 >= 0 && sy0 >= 0 && sx1 <= width && sy1 <= height) return;
      d3.select(svg).call(zoom.translateTo, x + w / 2, y + h / 2);
    };
    svg.addEventListener('focusin', onFocus);
    return () => {
      svg.removeEventListener('focusin', onFocus);
      d3.select(svg).on('.zoom', null);
      zoomRef.current = null;
    };
  }, []);

  // Structure: whenever the layout changes (before the pixels, which paint into its boxes); then each
  // box's canvas area is measured once, so painting a new input never reads the layout.
  const fits = useRef(new Map<string, BoxFit>());
  useLayoutEffect(() => {
    if (!rootRef.current) return;
    renderDiagram(
      rootRef.current,
      layout,
      nodes,
      groups,
      {
        select: (id) => handlers.current.select(id),
        toggle: (id) => handlers.current.toggle(id),
      },
      lead,
    );
    fits.current = measureDiagram(rootRef.current, nodes, minTileOf(net));
  }, [layout, nodes, groups, lead, net]);

  // Re-fit whenever the layout changes: a network opened, a block folded or unfolded, a resize.
  const fitRef = useRef(fit);
  useLayoutEffect(() => {
    fitRef.current = fit;
  });
  useLayoutEffect(() => {
    const frame = focusRef.current ? layout.frames.find((f) => f.id === focusRef.current) : undefined;
    focusRef.current = null;
    fitRef.current(frame);
  }, [layout]);

  // Pixels: whenever new activations arrive or the boxes change. Each layer keeps one colour range
  // while a drawing goes on (it only grows), so the maps do not flicker stroke by stroke.
  const painted = useRef(new Map<string, Painted>());
  const ranges = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    if (!rootRef.current) return;
    if (!activations) ranges.current.clear();
    const t = performance.now();
    painted.current = paintDiagram(rootRef.current, nodes, activations, ranges.current, fits.current);
    if (activations) signal('painted', performance.now() - t);
  }, [activations, layout, nodes, lead]);

  // Pointing at a feature-map pixel outlines, on the input box, the patch of the digit it sees.
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const inputId = graph.order[0]!;
    const clear = () => root.querySelectorAll('.diagram-rf').forEach((el) => el.remove());
    const onMove = (event: PointerEvent) => {
      const canvas = (event.target as Element).closest?.('canvas.fmap') as HTMLCanvasElement | null;
      const id = canvas?.closest<HTMLElement>('[data-layer]')?.dataset.layer;
      const p = id ? painted.current.get(id) : undefined;
      const unit = p && canvas ? unitAt(p, event.offsetX, event.offsetY) : null;
      const region = unit && id ? digitRegion(graph, id, unit.y, unit.x) : null;
      const target = root.querySelector<HTMLCanvasElement>(`[data-layer="${inputId}"] canvas.fmap`);
      if (!region || !target || id === inputId) return clear();
      let box = root.querySelector<HTMLDivElement>('.diagram-rf');
      if (!box) {
        box = document.createElement('div');
        box.className = 'rf-box diagram-rf';
        box.dataset.testid = 'diagram-rf';
        target.parentElement!.append(box);
      }
      const scale = target.offsetWidth / 28;
      box.style.left = `${target.offsetLeft + region.x * scale}px`;
      box.style.top = `${target.offsetTop + region.y * scale}px`;
      box.style.width = `${region.w * scale}px`;
      box.style.height = `${region.h * scale}px`;
    };
    root.addEventListener('pointermove', onMove);
    root.addEventListener('pointerleave', clear);
    return () => {
      root.removeEventListener('pointermove', onMove);
      root.removeEventListener('pointerleave', clear);
      clear();
    };
  }, [graph, layout]);

  useEffect(() => {
    if (rootRef.current) markDiagram(rootRef.current, order, step, selected);
  }, [order, step, selected, layout]);

  // A step past the end (e.g. `?step=999`, or blocks folded meanwhile) becomes the last layer.
  useEffect(() => {
    if (step !== null && step > order.length - 1) onStep(order.length - 1);
  }, [step, order.length, onStep]);

  // Keep the lit layer in view while stepping (same zoom, panned to it) when it is off screen.
  useEffect(() => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (step === null || !svg || !zoom) return;
    const b = layout.boxes.find((x) => x.id === order[Math.min(step, order.length - 1)]);
    if (!b) return;
    const t = d3.zoomTransform(svg);
    const { width, height } = svg.getBoundingClientRect();
    const [sx0, sy0] = t.apply([b.x, b.y]);
    const [sx1, sy1] = t.apply([b.x + b.w, b.y + b.h]);
    if (sx0 >= 0 && sx1 <= width && sy0 >= 0 && sy1 <= height) return;
    d3.select(svg).call(zoom.translateTo, b.x + b.w / 2, b.y + b.h / 2);
  }, [step, layout, order]);

  // Play: advance one layer per tick; stop at the end.
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const next = step === null ? 0 : step + 1;
      if (next >= order.length) {
        setPlaying(false);
        return;
      }
      onStep(next);
    }, STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing, step, order.length, onStep]);

  const current = step !== null ? order[Math.min(step, order.length - 1)] : undefined;
  // While stepping, the answer waits for the last layer like the rest of the flow.
  const answerAhead = step !== null && step < order.length - 1;
  const currentNode = current ? graph.nodes[current] : undefined;
  const box = current ? layout.boxes.find((b) => b.id === current) : undefined;
  const inputShape = currentNode?.inputs[0] ? graph.nodes[currentNode.inputs[0]]!.shape : null;
  const stepText = currentNode
    ? `${box?.group ? `${box.group.label} (folded, showing its output). ` : ''}${caption(currentNode, inputShape, current === graph.output)}`
    : 'Press Play to follow your digit through the network one layer at a time; click a layer to inspect it.';
  // The figure to save: the whole flow at its own size (whatever the zoom), or Figure 1, then the answer.
  const answerRef = useRef<HTMLDivElement>(null);
  const figureParts = (): FigurePart[] => {
    const flow = showFigure ? areaRef.current?.querySelector('.figure1') : rootRef.current;
    const parts: FigurePart[] = [];
    // The Why? panel, when open, leads the figure: the map beside the flow it explains.
    const why = document.querySelector('[data-testid=why]');
    if (why && activations) parts.push({ el: why });
    if (flow instanceof SVGGElement) parts.push({ el: flow, frame: flow });
    else if (flow) parts.push({ el: flow });
    if (answerRef.current && activations) parts.push({ el: answerRef.current });
    return parts;
  };
  const zoomBy = (k: number) => svgRef.current && zoomRef.current && d3.select(svgRef.current).call(zoomRef.current.scaleBy, k);

  return (
    <section className="card flow-card" aria-labelledby="diagram-title">
      <div className="flow-toolbar">
        <h2 id="diagram-title">Data flow</h2>
        <div className="stepbar" role="group" aria-label="Step through the layers">
          <button
            type="button"
            data-testid="step-play"
            className="primary"
            onClick={() => {
              if (!playing && (step === null || step >= order.length - 1)) onStep(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" data-testid="step-back" disabled={step === null || step === 0} onClick={() => onStep(Math.max(0, (step ?? 0) - 1))}>
            ◀ Back
          </button>
          <button type="button" data-testid="step-next" disabled={step !== null && step >= order.length - 1} onClick={() => onStep(step === null ? 0 : step + 1)}>
            Step ▶
          </button>
          <button
            type="button"
            data-testid="step-reset"
            disabled={step === null}
            onClick={() => {
              setPlaying(false);
              onStep(null);
            }}
          >
            Show all
          </button>
          <span className="step-count" data-testid="step-count">
            {step === null ? `${order.length} layers` : `Layer ${Math.min(step, order.length - 1) + 1} of ${order.length}`}
          </span>
        </div>
        <div className="diagram-tools">
          {net === 'lenet' && (
            <div className="segmented small" role="group" aria-label="Drawing">
              <button type="button" aria-pressed={!showFigure} data-testid="drawing-flow" onClick={() => setFigure(false)}>
                Data flow
              </button>
              <button type="button" aria-pressed={showFigure} data-testid="drawing-figure1" onClick={() => setFigure(true)} title="LeNet as the book's Figure 1 draws it">
                Figure 1
              </button>
            </div>
          )}
          {!showFigure && (
          <>
          <div className="segmented small" role="group" aria-label="Labels">
            <button type="button" aria-pressed={lead === 'paper'} data-testid="labels-paper" onClick={() => setLead('paper')} title="The book's widths, as in its figures">
              Book widths
            </button>
            <button type="button" aria-pressed={lead === 'shipped'} data-testid="labels-shipped" onClick={() => setLead('shipped')} title="The widths of the network running here">
              Shipped
            </button>
          </div>
          <button type="button" className="link" data-testid="diagram-expand-all" onClick={() => setCollapsed(new Set())}>
            Unfold all
          </button>
          <button type="button" className="link" data-testid="diagram-collapse-all" onClick={() => setCollapsed(new Set(allGroups(graph)))}>
            Fold all
          </button>
          <span className="sep" aria-hidden="true" />
          <span className="zoom-group" role="group" aria-label="Zoom">
            <span className="zoom-label" aria-hidden="true">
              Zoom
            </span>
            <button type="button" className="zoom" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.25)}>
              −
            </button>
            <button type="button" className="zoom" aria-label="Zoom in" onClick={() => zoomBy(1.25)}>
              +
            </button>
          </span>
          <button type="button" className="link" data-testid="diagram-fit" onClick={() => fit()}>
            Fit
          </button>
          </>
          )}
          <span className="sep" aria-hidden="true" />
          {onWhy && (
            <button type="button" className="why-toggle" aria-pressed={Boolean(why)} data-testid="why-toggle" onClick={onWhy} title="Which pixels of your digit drove the answer: five attribution methods">
              Why?
            </button>
          )}
          {onLab && (
            <button type="button" className="why-toggle" aria-pressed={Boolean(lab)} data-testid="robust-toggle" onClick={onLab} title="Move, turn, resize, thicken or erase part of your digit, and sweep how far each network holds it">
              Move &amp; turn
            </button>
          )}
          <SaveFigure parts={figureParts} title={`${NETS[net].title} (${NETS[net].year})${activations ? ' reading a drawn digit' : ''}${step !== null ? `, stepped to layer ${Math.min(step, order.length - 1) + 1} of ${order.length}` : ''}`} name={`convflow-${net}${showFigure ? '-figure1' : ''}`} />
        </div>
      </div>
      <div className="flow-body">
        <div className={`flow-area${scroll ? ' scroll' : ''}${showFigure ? ' figure' : ''}`} ref={areaRef}>
          <svg
            ref={svgRef}
            style={scroll ? { width: layout.width * Math.min(1, ((area?.h ?? 320) - 2 * MARGIN) / layout.height) + 2 * MARGIN } : undefined}
            className="diagram"
            data-testid="diagram"
            role="group"
            aria-label={`The network's layers, left to right; ${activations ? 'showing the feature maps of your digit' : 'draw a digit to see its feature maps'}`}
          >
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" />
              </marker>
            </defs>
            <g ref={rootRef} />
          </svg>
          {showFigure && area && <Figure1 activations={activations} width={area.w - 2 * MARGIN} height={area.h - 2 * MARGIN - 24} />}
        </div>
        <div className={`flow-answer${answerAhead ? ' ahead' : ''}`} data-testid="flow-answer" ref={answerRef}>
          {answerAhead && <p className="answer-wait">The answer comes at the last layer: step on, or Show all.</p>}
          {answer}
        </div>
      </div>
      <p className="step-caption" data-testid="step-caption" aria-live="polite">
        {currentNode && <strong>{box?.group ? box.group.id.split('/').at(-1) : currentNode.path}: </strong>}
        {stepText}
      </p>
      <div className="flow-legend">
        <div className="palette" aria-label="Box colours, as in the book's figures">
          <span className="swatch" data-color="conv" aria-hidden="true" /> convolution
          <span className="swatch" data-color="pool" aria-hidden="true" /> pooling
          <span className="swatch" data-color="plain" aria-hidden="true" /> dense and the rest
          <span className="swatch thin" aria-hidden="true" /> activation, dropout, flatten
          <span className="legend-note">
            Labels: the book&apos;s layer ({lead === 'paper' ? 'its widths' : 'as shipped here'}); last line: what runs here, channels@height×width, and +N channels not drawn (all in the
            inspect drawer).
          </span>
        </div>
        <ColorLegend />
      </div>
    </section>
  );
}

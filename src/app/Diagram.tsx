import * as d3 from 'd3';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import { digitRegion } from '../models/graph';
import { markDiagram, paintDiagram, renderDiagram, unitAt, type Painted } from '../viz/diagram';
import { allGroups, defaultCollapsed, layoutGraph } from '../viz/layout';
import { signal } from './benchHooks';
import { caption } from './captions';
import { ColorLegend } from './ColorLegend';
import { diagramNodesOf, graphOf } from './graphs';

interface Props {
  net: NetId;
  activations: Record<string, Activation> | null;
  selected: string | null;
  onSelect: (id: string | null) => void;
  step: number | null;
  onStep: (step: number | null) => void;
  /** Shown beside the diagram: the inspected layer. */
  aside: ReactNode;
}

const STEP_MS = 900;

/**
 * The network drawn as its data flow, with every visible layer's live feature maps; zoom and pan,
 * collapsible blocks, and a step-through that lights the layers one by one.
 */
export function Diagram({ net, activations, selected, onSelect, step, onStep, aside }: Props) {
  const graph = graphOf(net);
  const nodes = diagramNodesOf(net);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => defaultCollapsed(graph));
  const [playing, setPlaying] = useState(false);
  const layout = useMemo(() => layoutGraph(graph, collapsed), [graph, collapsed]);
  const order = useMemo(() => {
    const pos = new Map(graph.order.map((id, i) => [id, i]));
    return layout.boxes.map((b) => b.id).sort((a, b) => pos.get(a)! - pos.get(b)!);
  }, [graph, layout]);
  const svgRef = useRef<SVGSVGElement>(null);
  const rootRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const handlers = useRef({ select: (id: string) => onSelect(id), toggle: (id: string) => id });

  useEffect(() => {
    handlers.current.select = (id) => onSelect(id);
    handlers.current.toggle = (id) => {
      setCollapsed((old) => {
        const next = new Set(old);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      return id;
    };
  }, [onSelect]);

  const fit = () => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (!svg || !zoom) return;
    const { width, height } = svg.getBoundingClientRect();
    const margin = 24;
    // Readable first: fit the width (never below half size) and start at the top; pan for the rest.
    const k = Math.max(0.5, Math.min(1, (width - 2 * margin) / layout.width));
    const x = Math.max(margin, (width - layout.width * k) / 2);
    const y = layout.height * k + 2 * margin <= height ? (height - layout.height * k) / 2 : margin;
    d3.select(svg).call(zoom.transform, d3.zoomIdentity.translate(x, y).scale(k));
  };

  useEffect(() => {
    const svg = svgRef.current;
    const root = rootRef.current;
    if (!svg || !root) return;
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.15, 3])
      // Wheel zooms only with Ctrl/⌘ held, so the page still scrolls past the diagram.
      .filter((event: Event) => (event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey : !(event as MouseEvent).button))
      .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => root.setAttribute('transform', event.transform.toString()));
    zoomRef.current = zoom;
    d3.select(svg).call(zoom).on('dblclick.zoom', null);
    // Keyboard users tab through layers and block buttons: bring the focused one into view.
    const onFocus = (event: FocusEvent) => {
      const target = event.target as Element;
      const holder = target.closest('foreignObject');
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
    };
  }, []);

  // Structure: whenever the layout changes (before the pixels, which paint into its boxes).
  useLayoutEffect(() => {
    if (!rootRef.current) return;
    renderDiagram(rootRef.current, layout, nodes, {
      select: (id) => handlers.current.select(id),
      toggle: (id) => handlers.current.toggle(id),
    });
  }, [layout, nodes]);

  const fitRef = useRef(fit);
  useEffect(() => {
    fitRef.current = fit;
  });
  useEffect(() => {
    fitRef.current();
  }, [net]);

  // The inspect panel opening or closing changes the diagram's width: keep the network centred.
  const hasAside = Boolean(aside);
  useEffect(() => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (!svg || !zoom) return;
    const t = d3.zoomTransform(svg);
    const { width } = svg.getBoundingClientRect();
    const x = Math.max(24, (width - layout.width * t.k) / 2);
    d3.select(svg).call(zoom.transform, d3.zoomIdentity.translate(x, t.y).scale(t.k));
    // Only on the panel's opening and closing, not on every layout change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hasAside]);

  // Pixels: whenever new activations arrive or the boxes change.
  const painted = useRef(new Map<string, Painted>());
  // A layout effect: the maps are painted in the same frame as the prediction, not one frame later.
  useLayoutEffect(() => {
    if (!rootRef.current) return;
    const t = performance.now();
    painted.current = paintDiagram(rootRef.current, nodes, activations);
    if (activations) signal('painted', performance.now() - t);
  }, [activations, layout, nodes]);

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

  // Keep the lit layer in view while stepping (same zoom, panned to put it near the top third).
  useEffect(() => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (step === null || !svg || !zoom) return;
    const b = layout.boxes.find((x) => x.id === order[Math.min(step, order.length - 1)]);
    if (!b) return;
    const t = d3.zoomTransform(svg);
    const { width, height } = svg.getBoundingClientRect();
    const [sx, sy] = t.apply([b.x + b.w / 2, b.y + b.h / 2]);
    if (sx > 40 && sx < width - 40 && sy > 60 && sy < height - 60) return;
    d3.select(svg)
      .transition()
      .duration(250)
      .call(zoom.translateTo, b.x + b.w / 2, b.y + b.h / 2 + height / (6 * t.k));
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
  const currentNode = current ? graph.nodes[current] : undefined;
  const box = current ? layout.boxes.find((b) => b.id === current) : undefined;
  const inputShape = currentNode?.inputs[0] ? graph.nodes[currentNode.inputs[0]]!.shape : null;
  const stepText = currentNode
    ? `${box?.group ? `${box.group.label} (collapsed, showing its output). ` : ''}${caption(currentNode, inputShape, current === graph.output)}`
    : 'Press Play to follow the digit through the network one layer at a time.';

  return (
    <section className="card diagram-card" aria-labelledby="diagram-title">
      <div className="card-head">
        <h2 id="diagram-title">Data flow</h2>
        <div className="diagram-tools">
          <button type="button" className="link" data-testid="diagram-expand-all" onClick={() => setCollapsed(new Set())}>
            Expand all
          </button>
          <button type="button" className="link" data-testid="diagram-collapse-all" onClick={() => setCollapsed(new Set(allGroups(graph)))}>
            Collapse all
          </button>
          <span className="sep" aria-hidden="true" />
          <button type="button" className="icon" aria-label="Zoom out" onClick={() => svgRef.current && zoomRef.current && d3.select(svgRef.current).call(zoomRef.current.scaleBy, 1 / 1.25)}>
            −
          </button>
          <button type="button" className="icon" aria-label="Zoom in" onClick={() => svgRef.current && zoomRef.current && d3.select(svgRef.current).call(zoomRef.current.scaleBy, 1.25)}>
            +
          </button>
          <button type="button" className="link" data-testid="diagram-fit" onClick={fit}>
            Fit
          </button>
        </div>
      </div>
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
        <p className="step-caption" data-testid="step-caption" aria-live="polite">
          {currentNode && <strong>{box?.group ? box.group.id.split('/').at(-1) : currentNode.path}: </strong>}
          {stepText}
        </p>
      </div>
      <ColorLegend />
      <div className={`diagram-main${aside ? ' with-aside' : ''}`}>
      <svg ref={svgRef} className="diagram" data-testid="diagram" role="group" aria-label={`Diagram of the network's layers; ${activations ? 'showing the feature maps of your digit' : 'draw a digit to see its feature maps'}`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        <g ref={rootRef} />
      </svg>
      {aside}
      </div>
      <p className="hint">Drag to pan, Ctrl + wheel (or the buttons) to zoom. Click a layer (or press Enter on it) to inspect it; − and + fold and unfold blocks.</p>
    </section>
  );
}

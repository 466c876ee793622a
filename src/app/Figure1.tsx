import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { readRegion, type Window } from '../models/graph';
import type { Activation } from '../models/probe';
import { layerMax, mapPicture, paintPicture, vectorPicture } from '../viz/featureMaps';
import { diagramNodesOf, graphOf } from './graphs';
import './Figure1.css';

/** One stack of maps in the figure: the node it shows, and the words the book writes around it. */
interface Stack {
  id: string;
  kind: string;
  caption: [string, string];
  /** Side of a square at scale 1 (the book's proportions, kept readable). */
  side: number;
  /** The window this layer reads from the stack before it (null for the image). */
  window: Window | null;
}

interface Bar {
  id: string;
  kind: string;
  label: string;
  /** Bar height at scale 1 (in the book's proportions, 162 : 90 : 54). */
  height: number;
  probabilities?: boolean;
}

/** The book's Figure 1, as drawn: maps as offset stacks (after their activations), then dense bars. */
const STACKS: Stack[] = [
  { id: 'lenet/input', kind: '', caption: ['28x28 image', ''], side: 132, window: null },
  { id: 'lenet/sigmoid1', kind: 'convolution', caption: ['6@28x28', 'C1 feature map'], side: 118, window: { kernel: 5, stride: 1, padding: 2 } },
  { id: 'lenet/pool1', kind: 'pooling', caption: ['6@14x14', 'S2 feature map'], side: 80, window: { kernel: 2, stride: 2, padding: 0 } },
  { id: 'lenet/sigmoid2', kind: 'convolution', caption: ['16@10x10', 'C3 feature map'], side: 62, window: { kernel: 5, stride: 1, padding: 0 } },
  { id: 'lenet/pool2', kind: 'pooling', caption: ['16@5x5', 'S4 feature map'], side: 44, window: { kernel: 2, stride: 2, padding: 0 } },
];
const BARS: Bar[] = [
  { id: 'lenet/sigmoid3', kind: 'dense', label: '120 - F5 full', height: 150 },
  { id: 'lenet/sigmoid4', kind: 'dense', label: '84 - F6 full', height: 84 },
  { id: 'lenet/fc3', kind: 'dense', label: '10 - Out', height: 50, probabilities: true },
];
const GAP = 30;
const BAR_W = 18;
const TOP = 28;

/** How far each square of a stack of `n` sits from the one behind it. */
const offsetOf = (n: number) => (n <= 1 ? 0 : Math.min(8, 60 / (n - 1)));

interface Placed {
  x: number;
  y: number;
  side: number;
  n: number;
  offset: number;
}

/** Where each stack and bar sits at scale 1, left to right on one centre line. */
function figureLayout(graph: ReturnType<typeof graphOf>): { placed: Placed[]; bars: { x: number; y: number; height: number }[]; total: { w: number; h: number } } {
  const channels = (id: string) => graph.nodes[id]!.shape[0]!;
  const extent = (s: Stack) => s.side + offsetOf(channels(s.id)) * (channels(s.id) - 1);
  const maxH = Math.max(...STACKS.map(extent));
  const placed: Placed[] = [];
  let x = 0;
  for (const s of STACKS) {
    const n = channels(s.id);
    placed.push({ x, y: TOP + (maxH - extent(s)) / 2, side: s.side, n, offset: offsetOf(n) });
    x += extent(s) + GAP;
  }
  const bars: { x: number; y: number; height: number }[] = [];
  for (const b of BARS) {
    bars.push({ x, y: TOP + (maxH - b.height) / 2, height: b.height });
    x += BAR_W + GAP + 10;
  }
  return { placed, bars, total: { w: x - GAP, h: TOP + maxH + 40 } };
}

/**
 * LeNet drawn as the book's Figure 1, live: each layer's maps as a stack of squares (the front one
 * in full), labelled "6@28x28 / C1 feature map" below and by kind above, the dense layers as bars
 * of falling height. Pointing at a map joins the window it reads on the map before to the unit, with
 * four thin lines (a frustum), as the book draws the receptive field.
 */
export function Figure1({ activations, width, height }: { activations: Record<string, Activation> | null; width: number; height: number }) {
  const graph = graphOf('lenet');
  const nodes = diagramNodesOf('lenet');
  const [hover, setHover] = useState<{ stack: number; y: number; x: number } | null>(null);
  const canvases = useRef(new Map<string, HTMLCanvasElement>());

  const { placed, bars, total } = useMemo(() => figureLayout(graph), [graph]);
  const scale = Math.min(1.4, width / total.w, height / total.h);

  // Paint every square and bar from the activations (each stack shares one colour range).
  useLayoutEffect(() => {
    STACKS.forEach((s) => {
      const act = activations?.[s.id];
      const node = nodes[s.id]!;
      // One colour range for the whole stack, found once.
      const max = act ? layerMax(act.data, node.scale) : 0;
      for (let c = 0; c < graph.nodes[s.id]!.shape[0]!; c++) {
        const canvas = canvases.current.get(`${s.id}#${c}`);
        if (!canvas) continue;
        if (!act) {
          canvas.width = 0;
          continue;
        }
        paintPicture(canvas, mapPicture(act, node.scale, 1, 1, [c], max));
      }
    });
    BARS.forEach((b) => {
      const canvas = canvases.current.get(b.id);
      const act = activations?.[b.id];
      if (!canvas) return;
      if (!act) {
        canvas.width = 0;
        return;
      }
      if (b.probabilities) {
        const max = Math.max(...act.data);
        const exps = act.data.map((v) => Math.exp(v - max));
        const sum = exps.reduce((a, v) => a + v, 0);
        paintPicture(canvas, vectorPicture({ shape: [10], data: exps.map((e) => e / sum) }, 'positive', 1, 1));
      } else {
        paintPicture(canvas, vectorPicture(act, nodes[b.id]!.scale, 1));
      }
    });
  }, [activations, graph, nodes]);

  const frustum = (() => {
    if (!hover || hover.stack === 0) return null;
    const s = STACKS[hover.stack]!;
    const to = placed[hover.stack]!;
    const from = placed[hover.stack - 1]!;
    const [, h, w] = graph.nodes[s.id]!.shape as [number, number, number];
    const [, ph, pw] = graph.nodes[STACKS[hover.stack - 1]!.id]!.shape as [number, number, number];
    const r = readRegion(s.window!, hover.y, hover.x, ph, pw);
    // The front squares are the last ones of each stack.
    const fx = from.x + from.offset * (from.n - 1);
    const fy = from.y + from.offset * (from.n - 1);
    const tx = to.x + to.offset * (to.n - 1);
    const ty = to.y + to.offset * (to.n - 1);
    const win = { x0: fx + (r.x0 / pw) * from.side, y0: fy + (r.y0 / ph) * from.side, x1: fx + ((r.x1 + 1) / pw) * from.side, y1: fy + ((r.y1 + 1) / ph) * from.side };
    const unit = { x0: tx + (hover.x / w) * to.side, y0: ty + (hover.y / h) * to.side, x1: tx + ((hover.x + 1) / w) * to.side, y1: ty + ((hover.y + 1) / h) * to.side };
    return { win, unit };
  })();

  return (
    <div className="figure1" data-testid="figure1">
      <div className="figure1-box" style={{ width: total.w * scale, height: total.h * scale }}>
      <div className="figure1-inner" style={{ width: total.w, height: total.h, transform: `scale(${scale})` }}>
        {STACKS.map((s, k) => {
          const p = placed[k]!;
          return (
            <div key={s.id} className="f1-stack" data-layer={s.id}>
              <div className="f1-kind" style={{ left: p.x, top: 0, width: p.side + p.offset * (p.n - 1) }}>
                {s.kind}
              </div>
              {Array.from({ length: p.n }, (_, c) => {
                const front = c === p.n - 1;
                return (
                  <canvas
                    key={c}
                    ref={(el) => {
                      if (el) canvases.current.set(`${s.id}#${c}`, el);
                      else canvases.current.delete(`${s.id}#${c}`);
                    }}
                    className={`f1-map${front ? ' front' : ''}`}
                    data-testid={front ? `figure1-front-${s.id}` : undefined}
                    style={{ left: p.x + c * p.offset, top: p.y + c * p.offset, width: p.side, height: p.side, opacity: front ? 1 : 0.55 + (0.45 * c) / p.n }}
                    onPointerMove={
                      front
                        ? (e) => {
                            const [, h, w] = graph.nodes[s.id]!.shape as [number, number, number];
                            const rect = e.currentTarget.getBoundingClientRect();
                            const x = Math.min(w - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * w)));
                            const y = Math.min(h - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * h)));
                            setHover({ stack: k, y, x });
                          }
                        : undefined
                    }
                    onPointerLeave={front ? () => setHover(null) : undefined}
                  />
                );
              })}
              <div className="f1-caption" style={{ left: p.x, top: p.y + p.side + p.offset * (p.n - 1) + 4, width: Math.max(90, p.side + p.offset * (p.n - 1)) }}>
                {s.caption[0]}
                <br />
                {s.caption[1]}
              </div>
            </div>
          );
        })}
        {BARS.map((b, k) => {
          const p = bars[k]!;
          return (
            <div key={b.id} className="f1-bar-wrap" data-layer={b.id}>
              <div className="f1-kind" style={{ left: p.x - 10, top: 0, width: BAR_W + 20 }}>
                {b.kind}
              </div>
              <canvas
                ref={(el) => {
                  if (el) canvases.current.set(b.id, el);
                  else canvases.current.delete(b.id);
                }}
                className="f1-bar"
                data-testid={`figure1-bar-${b.id}`}
                style={{ left: p.x, top: p.y, width: BAR_W, height: p.height }}
              />
              <div className="f1-bar-label" style={{ left: p.x + BAR_W + 2, top: p.y, height: p.height }}>
                {b.label}
              </div>
            </div>
          );
        })}
        <svg className="f1-lines" width={total.w} height={total.h} aria-hidden="true">
          {frustum && (
            <g data-testid="figure1-frustum">
              <rect className="f1-window" x={frustum.win.x0} y={frustum.win.y0} width={frustum.win.x1 - frustum.win.x0} height={frustum.win.y1 - frustum.win.y0} />
              <rect className="f1-window" x={frustum.unit.x0} y={frustum.unit.y0} width={frustum.unit.x1 - frustum.unit.x0} height={frustum.unit.y1 - frustum.unit.y0} />
              {(
                [
                  ['x0', 'y0'],
                  ['x1', 'y0'],
                  ['x0', 'y1'],
                  ['x1', 'y1'],
                ] as const
              ).map(([a, b]) => (
                <line key={`${a}${b}`} x1={frustum.win[a]} y1={frustum.win[b]} x2={frustum.unit[a]} y2={frustum.unit[b]} />
              ))}
            </g>
          )}
        </svg>
      </div>
      </div>
      <p className="f1-hint">{hover && hover.stack > 0 ? `Unit (${hover.y}, ${hover.x}) of ${STACKS[hover.stack]!.caption[1]} reads the window outlined on the map before it.` : 'Point at a front map to see the window each unit reads.'}</p>
    </div>
  );
}

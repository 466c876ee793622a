import { OwnBadge } from './OwnBadge';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { NETS } from '../models/nets';
import type { Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import { actName, describeRow, TRANSITIONS, transitionChanges, type EvolveRow } from '../models/transitions';
import { paintActivation, steadyRange, tilesFor, type DiagramNode } from '../viz/diagram';
import { layerMax } from '../viz/featureMaps';
import { diagramNodesOf, graphOf } from './graphs';
import { PredictionPanel } from './PredictionPanel';
import { SaveFigure } from './SaveFigure';
import { STORY } from './story';
import type { NetView } from './usePrediction';
import { netStatus, type SessionState } from './useSession';
import './EvolveView.css';

type Acts = Record<string, Activation> | null;

/** The size of an element's content box, kept up to date. */
function useBoxSize<T extends HTMLElement>(): [RefObject<T | null>, { w: number; h: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      const h = Math.floor(el.clientHeight);
      setSize((s) => (s.w === w && s.h === h ? s : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

/**
 * Colour ranges that stay put while one drawing goes on (they only grow), so maps do not flicker
 * stroke by stroke; forgotten when the pad is cleared.
 */
function useRanges(hasInput: boolean): Map<string, number> {
  const [ranges] = useState(() => new Map<string, number>());
  // A cleared pad forgets them: the next drawing starts its own.
  useLayoutEffect(() => {
    if (!hasInput) ranges.clear();
  }, [hasInput, ranges]);
  return ranges;
}

interface MapProps {
  node: DiagramNode;
  act: Activation | undefined;
  lit: boolean;
  ranges: Map<string, number>;
  /** Show these channels only (the residual inset's x, g(x) and x + g(x) show the same ones). */
  channels?: number;
  /**
   * A colour range shared with other maps (`key`), fed with `now`, this input's range over all of
   * them, instead of this map's own.
   */
  range?: { key: string; now: number };
  minTile?: number;
  className?: string;
}

/** One layer's live feature maps, fitted to the box it is given, with "+N" for the channels left out. */
function LiveMap({ node, act, lit, ranges, channels, range, minTile = 24, className = '' }: MapProps) {
  const [box, size] = useBoxSize<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const show = lit && act !== undefined && size.w > 0 && size.h > 0;
  const shape = act?.shape ?? node.shape;
  const fit = tilesFor(shape, size.w, size.h, minTile);
  const total = shape.length === 3 ? shape[0]! : 1;
  const maxTiles = Math.min(fit.maxTiles, channels ?? Infinity);
  // A map asked for a few channels says so in its caption; the others count what they leave out.
  const hidden = shape.length === 3 && channels === undefined ? Math.max(0, total - maxTiles) : 0;
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    if (!show) {
      c.width = 0;
      c.height = 0;
      c.style.width = '0px';
      c.style.height = '0px';
      return;
    }
    const max = steadyRange(ranges, range?.key ?? node.id, range?.now ?? layerMax(act.data, node.scale));
    // The logits are drawn as ten cells here; the answer below the column shows them as probabilities.
    paintActivation(c, node.output ? { ...node, output: false } : node, act, maxTiles, size.w - (hidden ? 36 : 0), size.h, node.output ? 10 : fit.cols, max);
  });
  return (
    <div className={`evo-map ${className}`} ref={box}>
      <canvas ref={canvas} className="fmap" data-node={node.id} data-lit={show ? 'true' : 'false'} />
      {show && hidden > 0 && <span className="evo-more">+{hidden}</span>}
    </div>
  );
}

interface ColumnProps {
  net: NetId;
  rows: EvolveRow[];
  tags: string[][];
  pitchRows: number;
  view: NetView;
  session: SessionState;
  hasInput: boolean;
  step: number | null;
  ranges: Map<string, number>;
  side: 'from' | 'to';
  onOpen: (net: NetId, layer: string | null) => void;
  /** The row pointed at or focused (null when none), to say it in full below. */
  onPoint: (row: number | null) => void;
}

/** Chips shown on a row; the rest are counted ("+1") and said in full when the row is pointed at. */
const MAX_CHIPS = 2;

/** One network as a column of the book's rows, each with its live maps, ending in the network's answer. */
function Column({ net, rows, tags, pitchRows, view, session, hasInput, step, ranges, side, onOpen, onPoint }: ColumnProps) {
  const nodes = diagramNodesOf(net);
  const graph = graphOf(net);
  const acts: Acts = view.activations;
  const spec = NETS[net];
  return (
    <section className={`evo-col evo-${side}`} data-testid={`evolve-${side}`} data-net={net} aria-label={`${spec.title} (${spec.year})`}>
      <h2 className="evo-title">
        {spec.title} <span className="tab-year">{spec.year}</span> <OwnBadge net={net} />
      </h2>
      <ol className="evo-rows" style={{ '--rows': pitchRows } as CSSProperties}>
        {rows.map((row, k) => {
          const lit = step === null || k <= step;
          const changed = tags[k]!.length > 0;
          const node = nodes[row.node]!;
          const upscale = row.kind === 'input' && graph.inputScale !== 1 ? `→ ${spec.inputSize} × ${spec.inputSize}` : null;
          return (
            <li
              key={row.path}
              className={`evo-row book-${row.color}${lit ? '' : ' dim'}${step === k ? ' current' : ''}`}
              data-testid={`layer-${row.node}`}
              data-book-label={row.label.paper}
              data-changed={changed ? 'true' : 'false'}
              onMouseEnter={() => onPoint(k)}
              onMouseLeave={() => onPoint(null)}
              onFocus={() => onPoint(k)}
              onBlur={() => onPoint(null)}
            >
              <button
                type="button"
                className="evo-box"
                title={`${tags[k]!.length ? `What changed: ${tags[k]!.join('; ')}. ` : ''}${describeRow(row)} · shipped: ${row.parts?.shipped ?? row.label.shipped}, output ${node.shape.join('×')}. Open ${spec.title} at this layer.`}
                onClick={() => onOpen(net, row.kind === 'input' ? null : row.kind === 'block' ? graph.nodes[row.node]!.path : row.path)}
              >
                <span className="evo-label">
                  {row.label.paper}
                  {row.act && <span className="evo-act"> · {actName(row.act)}</span>}
                  {upscale && <span className="evo-act"> {upscale}</span>}
                </span>
                {changed && (
                  <span className="evo-tags">
                    {tags[k]!.slice(0, MAX_CHIPS).map((t) => (
                      <span className="evo-tag" key={t}>
                        {t}
                      </span>
                    ))}
                    {tags[k]!.length > MAX_CHIPS && <span className="evo-tag more">+{tags[k]!.length - MAX_CHIPS}</span>}
                  </span>
                )}
              </button>
              <LiveMap node={node} act={acts?.[row.node]} lit={lit} ranges={ranges} />
            </li>
          );
        })}
      </ol>
      <div className="evo-answer">
        <PredictionPanel view={view} status={netStatus(session, net)} hasInput={hasInput} onRetry={session.retry} testId={`prediction-${net}`} mini />
      </div>
    </section>
  );
}

/** A small block drawn as the book draws it: a titled outline holding its layers, each with its maps. */
function BlockInset({ title, note, net, layers, acts, lit, ranges }: { title: string; note: string; net: NetId; layers: { label: string; id: string; color: 'conv' | 'pool' }[]; acts: Acts; lit: boolean; ranges: Map<string, number> }) {
  const nodes = diagramNodesOf(net);
  return (
    <figure className="evo-block">
      <figcaption>
        <strong>{title}</strong> <span className="muted">{note}</span>
      </figcaption>
      <ol>
        {layers.map((l) => (
          <li key={l.id} className={`evo-block-row book-${l.color}`}>
            <span className="evo-block-label">{l.label}</span>
            <LiveMap node={nodes[l.id]!} act={acts?.[l.id]} lit={lit} ranges={ranges} minTile={22} />
          </li>
        ))}
      </ol>
    </figure>
  );
}

/** LeNet → AlexNet: what sigmoid and ReLU do to the same first-layer maps. */
function ActivationInset({ lenet, alexnet, lit, ranges }: { lenet: Acts; alexnet: Acts; lit: boolean; ranges: Map<string, number> }) {
  const pairs = [
    { net: 'lenet' as const, acts: lenet, pre: 'lenet/conv1', post: 'lenet/sigmoid1', fn: 'sigmoid', curve: 'M0,28 C14,28 16,4 30,4' },
    { net: 'alexnet' as const, acts: alexnet, pre: 'alexnet/conv1', post: 'alexnet/conv1_relu', fn: 'ReLU', curve: 'M0,28 L15,28 L30,4' },
  ];
  return (
    <figure className="evo-block">
      <figcaption>
        <strong>The first convolution, before and after its activation</strong>{' '}
        <span className="muted">sigmoid squeezes every value into 0…1, so empty paper sits at a grey 0.5; ReLU passes what is positive and silences the rest.</span>
      </figcaption>
      {pairs.map((p) => {
        const nodes = diagramNodesOf(p.net);
        return (
          <div className="evo-act-row" key={p.net}>
            <span className="evo-block-label">{NETS[p.net].title}</span>
            <LiveMap node={nodes[p.pre]!} act={p.acts?.[p.pre]} lit={lit} ranges={ranges} channels={2} minTile={22} />
            <svg className="evo-curve" viewBox="-2 0 34 42" width="34" height="42" role="img" aria-label={p.fn}>
              <path d={p.curve} />
              <text x="15" y="40">
                {p.fn}
              </text>
            </svg>
            <LiveMap node={nodes[p.post]!} act={p.acts?.[p.post]} lit={lit} ranges={ranges} channels={2} minTile={22} />
          </div>
        );
      })}
    </figure>
  );
}

const PATH_LABELS: [string, string][][] = [
  [['p1_1_relu', '1 × 1 Conv']],
  [
    ['p2_1_relu', '1 × 1 Conv'],
    ['p2_2_relu', '3 × 3 Conv, pad 1'],
  ],
  [
    ['p3_1_relu', '1 × 1 Conv'],
    ['p3_2_relu', '5 × 5 Conv, pad 2'],
  ],
  [
    ['p4_1', '3 × 3 MaxPool, pad 1'],
    ['p4_2_relu', '1 × 1 Conv'],
  ],
];

/** NiN → GoogLeNet: the Inception block of Figure 5, its four paths and their concatenation, live. */
function InceptionInset({ acts, lit, ranges }: { acts: Acts; lit: boolean; ranges: Map<string, number> }) {
  const block = 'googlenet/b3/inception1';
  const nodes = diagramNodesOf('googlenet');
  const graph = graphOf('googlenet');
  const concat = graph.nodes[`${block}/concat`]!;
  const input = graph.nodes[`${block}/p1_1`]!.inputs[0]!;
  // Where each path's channels sit in the concatenation.
  const counts = concat.inputs.map((id) => graph.nodes[id]!.shape[0]!);
  const spans = counts.map((count, i) => ({ from: counts.slice(0, i).reduce((a, b) => a + b, 0), count }));
  // The four parts share the concatenation's own colour range.
  const joined = acts?.[concat.id];
  const concatRange = joined ? { key: concat.id, now: layerMax(joined.data, nodes[concat.id]!.scale) } : undefined;
  return (
    <figure className="evo-block evo-inception">
      <figcaption>
        <strong>Inception block</strong> <span className="muted">b3's first, for your digit: four paths side by side (the first channel of each map), joined on channels</span>
      </figcaption>
      <div className="evo-inc-input">
        <span className="evo-block-label">Input · {graph.nodes[input]!.shape.join('×')}</span>
        <LiveMap node={nodes[input]!} act={acts?.[input]} lit={lit} ranges={ranges} channels={3} minTile={20} />
      </div>
      <div className="evo-paths">
        {PATH_LABELS.map((path, i) => (
          <div className={`evo-path path-${i + 1}`} key={i}>
            {path.map(([name, label]) => {
              const id = `${block}/${name}`;
              return (
                <div className="evo-path-step" key={id}>
                  <span className="evo-block-label">{label}</span>
                  <LiveMap node={nodes[id]!} act={acts?.[id]} lit={lit} ranges={ranges} channels={1} minTile={18} />
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div className="evo-concat" data-testid="evolve-concat">
        <span className="evo-block-label">
          Concatenation · {concat.shape.join('×')} = {spans.map((s) => s.count).join(' + ')} channels
        </span>
        <div className="evo-concat-parts">
          {spans.map((s, i) => (
            <ConcatPart key={i} index={i} node={nodes[concat.id]!} act={acts?.[concat.id]} from={s.from} count={s.count} lit={lit} ranges={ranges} range={concatRange} />
          ))}
        </div>
      </div>
    </figure>
  );
}

/** The channels of a concatenation that one path made, out of the concatenation's own output. */
function ConcatPart({
  index,
  node,
  act,
  from,
  count,
  lit,
  ranges,
  range,
}: {
  index: number;
  node: DiagramNode;
  act: Activation | undefined;
  from: number;
  count: number;
  lit: boolean;
  ranges: Map<string, number>;
  range: MapProps['range'];
}) {
  const part = useMemo(() => {
    if (!act) return undefined;
    const [, h, w] = act.shape as [number, number, number];
    return { shape: [count, h, w] as Activation['shape'], data: act.data.subarray(from * h * w, (from + count) * h * w) };
  }, [act, from, count]);
  return (
    <div className={`evo-concat-part path-${index + 1}`} title={`channels ${from}–${from + count - 1}: path ${index + 1}`}>
      <LiveMap node={node} act={part} lit={lit} ranges={ranges} channels={1} range={range} minTile={18} />
    </div>
  );
}

/** GoogLeNet → ResNet: both residual blocks of Figure 7, each with x, g(x) and x + g(x) as maps. */
function ResidualInset({ acts, lit, ranges }: { acts: Acts; lit: boolean; ranges: Map<string, number> }) {
  const graph = graphOf('resnet');
  const blocks = [
    { id: 'resnet/b2/res1', title: 'Residual block', x: 'x' },
    { id: 'resnet/b3/res1', title: 'with a 1 × 1 Conv on the shortcut', x: 'conv(x)' },
  ];
  return (
    <figure className="evo-block evo-residual">
      <figcaption>
        <strong>f(x) = x + g(x)</strong> <span className="muted">for your digit: the first channel of the shortcut (x, or its 1 × 1 Conv), of g(x) and of their sum, on one colour scale</span>
      </figcaption>
      {blocks.map((b) => {
        const add = graph.nodes[`${b.id}/add`]!;
        const [g, x] = add.inputs as [string, string];
        return <ResidualSum key={b.id} title={b.title} xLabel={b.x} ids={{ x, g, sum: add.id }} acts={acts} lit={lit} ranges={ranges} />;
      })}
    </figure>
  );
}

/**
 * Figure 7 in one line: x into g(x) (3 × 3 Conv · BN · ReLU · 3 × 3 Conv · BN, dashed), the shortcut
 * around it (through a 1 × 1 Conv in the second block), the "+" and the last ReLU.
 */
function ResidualGlyph({ withConv }: { withConv: boolean }) {
  const parts: [string, 'conv' | 'plain'][] = [
    ['3×3 Conv', 'conv'],
    ['BN', 'plain'],
    ['ReLU', 'plain'],
    ['3×3 Conv', 'conv'],
    ['BN', 'plain'],
  ];
  const widths = parts.map(([t]) => (t.length > 4 ? 48 : 26));
  const xs = widths.map((_, i) => 22 + widths.slice(0, i).reduce((a, b) => a + b + 4, 0));
  const end = xs.at(-1)! + widths.at(-1)!;
  const plus = end + 16;
  return (
    <svg className="evo-res-glyph" viewBox="0 0 276 46" role="img" aria-label={`x, then 3 × 3 Conv, batch norm, ReLU, 3 × 3 Conv, batch norm, added to ${withConv ? 'a 1 × 1 Conv of x' : 'x'}, then ReLU`}>
      <text x="2" y="17" className="evo-glyph-x">
        x
      </text>
      <line x1="10" y1="13" x2={xs[0]} y2="13" />
      <rect x={xs[0]! - 4} y="2" width={end - xs[0]! + 8} height="22" className="evo-glyph-dash" />
      {parts.map(([t, kind], i) => (
        <g key={i}>
          <rect x={xs[i]} y="5" width={widths[i]} height="16" className={`evo-glyph-box book-${kind}`} />
          <text x={xs[i]! + widths[i]! / 2} y="16" className="evo-glyph-text">
            {t}
          </text>
          {i > 0 && <line x1={xs[i - 1]! + widths[i - 1]!} y1="13" x2={xs[i]} y2="13" />}
        </g>
      ))}
      <line x1={end} y1="13" x2={plus - 7} y2="13" />
      <circle cx={plus} cy="13" r="7" className="evo-glyph-plus" />
      <text x={plus} y="16.5" className="evo-glyph-text">
        +
      </text>
      <line x1={plus + 7} y1="13" x2={plus + 14} y2="13" />
      <rect x={plus + 14} y="5" width="28" height="16" className="evo-glyph-box book-plain" />
      <text x={plus + 28} y="16" className="evo-glyph-text">
        ReLU
      </text>
      <path d={`M14,13 V38 H${plus} V20`} className="evo-glyph-shortcut" />
      {withConv && (
        <>
          <rect x={(14 + plus) / 2 - 22} y="30" width="44" height="15" className="evo-glyph-box book-conv" />
          <text x={(14 + plus) / 2} y="41" className="evo-glyph-text">
            1×1 Conv
          </text>
        </>
      )}
    </svg>
  );
}

function ResidualSum({ title, xLabel, ids, acts, lit, ranges }: { title: string; xLabel: string; ids: { x: string; g: string; sum: string }; acts: Acts; lit: boolean; ranges: Map<string, number> }) {
  const nodes = diagramNodesOf('resnet');
  const channels = 1;
  // One signed scale for the three, so the sum can be read off its parts.
  const signedNode = (id: string): DiagramNode => ({ ...nodes[id]!, scale: 'signed' });
  const key = `${ids.sum}|trio`;
  const range = acts?.[ids.sum] ? { key, now: Math.max(...[ids.x, ids.g, ids.sum].map((id) => layerMax(acts[id]!.data, 'signed'))) } : undefined;
  const cell = (id: string, label: ReactNode) => (
    <div className="evo-res-cell">
      <span className="evo-block-label">{label}</span>
      <LiveMap node={signedNode(id)} act={acts?.[id]} lit={lit} ranges={ranges} channels={channels} range={range} minTile={18} />
    </div>
  );
  return (
    <div className="evo-res" data-testid="evolve-residual" data-x={ids.x} data-g={ids.g} data-sum={ids.sum}>
      <span className="evo-res-title">{title}</span>
      <ResidualGlyph withConv={xLabel !== 'x'} />
      <div className="evo-res-maps">
        {cell(ids.x, xLabel)}
        <span className="evo-op">+</span>
        {cell(ids.g, 'g(x)')}
        <span className="evo-op">=</span>
        {cell(ids.sum, xLabel === 'x' ? 'x + g(x)' : 'sum')}
      </div>
    </div>
  );
}

/** The row of the new network at which its block inset is reached by the step-through. */
const INSET_ROW: Record<NetId, number> = { lenet: 1, alexnet: 3, vgg: 3, nin: 3, googlenet: 2, resnet: 0 };

interface Props {
  from: NetId;
  session: SessionState;
  viewOf: (net: NetId) => NetView;
  hasInput: boolean;
  step: number | null;
  onStep: (step: number | null) => void;
  onOpen: (net: NetId, layer: string | null) => void;
}

/**
 * The story as the book draws its changes (Figures 2–7): two networks side by side in the book's
 * notation, aligned row by row, what changed marked on the rows, the block the step introduces drawn
 * between them, and everything live on the person's digit.
 */
export function EvolveView({ from, session, viewOf, hasInput, step, onStep, onOpen }: Props) {
  const index = TRANSITIONS.findIndex((t) => t.from === from);
  const { to } = TRANSITIONS[index]!;
  const changes = useMemo(() => transitionChanges(NETS[from], NETS[to]), [from, to]);
  const pitchRows = Math.max(changes.from.length, changes.to.length);
  const ranges = useRanges(hasInput);
  const fromView = viewOf(from);
  const toView = viewOf(to);
  const insetLit = step === null || step >= INSET_ROW[from];
  const [pointed, setPointed] = useState<number | null>(null);
  // The row said in full below: the one pointed at, else the step-through's.
  const told = pointed ?? step;
  const tell = (k: number) => {
    const side = (rows: EvolveRow[], tags: string[][], net: NetId) => {
      const r = rows[k];
      if (!r) return `${NETS[net].title} has no row ${k + 1}`;
      return `${NETS[net].title}: ${describeRow(r)}${tags[k]!.length ? ` (${tags[k]!.join('; ')})` : ''}`;
    };
    return `Row ${k + 1} of ${pitchRows} · ${side(changes.from, changes.fromTags, from)} · ${side(changes.to, changes.toTags, to)}`;
  };

  let inset: ReactNode;
  const vggBlock = (acts: Acts) => (
    <BlockInset
      title="VGG block"
      note="block 3 of VGG-11, for your digit"
      net="vgg"
      acts={acts}
      lit={insetLit}
      ranges={ranges}
      layers={[
        { label: '3 × 3 Conv, pad 1', id: 'vgg/block3/conv1_relu', color: 'conv' },
        { label: '3 × 3 Conv, pad 1', id: 'vgg/block3/conv2_relu', color: 'conv' },
        { label: '2 × 2 MaxPool, stride 2', id: 'vgg/block3/pool', color: 'pool' },
      ]}
    />
  );
  if (from === 'lenet') inset = <ActivationInset lenet={fromView.activations} alexnet={toView.activations} lit={insetLit} ranges={ranges} />;
  else if (from === 'alexnet') inset = vggBlock(toView.activations);
  else if (from === 'vgg') {
    inset = (
      <>
        {vggBlock(fromView.activations)}
        <BlockInset
          title="NiN block"
          note="block 2 of NiN, for your digit"
          net="nin"
          acts={toView.activations}
          lit={insetLit}
          ranges={ranges}
          layers={[
            { label: '5 × 5 Conv, pad 2', id: 'nin/nin2/conv_relu', color: 'conv' },
            { label: '1 × 1 Conv', id: 'nin/nin2/mlp1_relu', color: 'conv' },
            { label: '1 × 1 Conv', id: 'nin/nin2/mlp2_relu', color: 'conv' },
          ]}
        />
      </>
    );
  } else if (from === 'nin') inset = <InceptionInset acts={toView.activations} lit={insetLit} ranges={ranges} />;
  else inset = <ResidualInset acts={toView.activations} lit={insetLit} ranges={ranges} />;

  const rowsShown = pitchRows;
  const cardRef = useRef<HTMLDivElement>(null);
  return (
    <div className="card evolve" data-testid="evolve" data-from={from} data-to={to} ref={cardRef}>
      <p className="evo-caption" data-testid="evolve-caption">
        <strong>
          {NETS[from].title} → {NETS[to].title}.
        </strong>{' '}
        {STORY[to].change}
      </p>
      <div className="evo-body">
        <Column net={from} rows={changes.from} tags={changes.fromTags} pitchRows={pitchRows} view={fromView} session={session} hasInput={hasInput} step={step} ranges={ranges} side="from" onOpen={onOpen} onPoint={setPointed} />
        <div className={`evo-inset${insetLit ? '' : ' dim'}`} data-testid="evolve-inset">
          {inset}
          <p className="evo-idea">
            <strong>The idea.</strong> {STORY[to].idea}
          </p>
        </div>
        <Column net={to} rows={changes.to} tags={changes.toTags} pitchRows={pitchRows} view={toView} session={session} hasInput={hasInput} step={step} ranges={ranges} side="to" onOpen={onOpen} onPoint={setPointed} />
      </div>
      <div className="evo-stepbar stepbar" role="group" aria-label="Step through both networks row by row">
        <button type="button" data-testid="evolve-step-back" disabled={step === null || step === 0} onClick={() => onStep(Math.max(0, (step ?? 0) - 1))}>
          ◀ Back
        </button>
        <button type="button" className="primary" data-testid="evolve-step-next" disabled={step !== null && step >= rowsShown - 1} onClick={() => onStep(step === null ? 0 : step + 1)}>
          {step === null ? 'Step through, row by row' : 'Next row ▶'}
        </button>
        <button type="button" data-testid="evolve-step-all" disabled={step === null} onClick={() => onStep(null)}>
          Show all
        </button>
        <span className={`muted evo-told${told === null ? ' intro' : ''}`} aria-live="polite" data-testid="evolve-told">
          {told === null ? `${changes.from.length} rows beside ${changes.to.length}; what changed is tagged. Point at a row to read it in full; click it to open its network there.` : tell(told)}
        </span>
        <SaveFigure
          parts={() => (cardRef.current ? [{ el: cardRef.current }] : [])}
          title={`${NETS[from].title} (${NETS[from].year}) → ${NETS[to].title} (${NETS[to].year})${hasInput ? ', reading a drawn digit' : ''}`}
          name={`convflow-${from}-to-${to}`}
        />
      </div>
    </div>
  );
}

/** The five steps of the story, with Previous / Next and the ← / → keys. */
export function EvolveNav({ from, onMove }: { from: NetId; onMove: (from: NetId) => void }) {
  const index = TRANSITIONS.findIndex((t) => t.from === from);
  const prev = TRANSITIONS[index - 1];
  const next = TRANSITIONS[index + 1];
  // Where the strip of steps scrolls (a phone), the current one is brought into it.
  const strip = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = strip.current;
    const current = el?.querySelector<HTMLElement>('[aria-current]');
    if (el && current && el.scrollWidth > el.clientWidth) el.scrollTo({ left: current.offsetLeft - (el.clientWidth - current.offsetWidth) / 2 });
  }, [index]);
  // ← and → move through the five steps (not while typing, and not with a modifier).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      if (e.key === 'ArrowLeft' && prev) {
        e.preventDefault();
        onMove(prev.from);
      } else if (e.key === 'ArrowRight' && next) {
        e.preventDefault();
        onMove(next.from);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prev, next, onMove]);

  return (
    <nav className="evo-nav" aria-label="The story's five steps">
        <button type="button" data-testid="evolve-prev" disabled={!prev} onClick={() => prev && onMove(prev.from)} title="Previous step of the story (←)">
          ← <span className="evo-word">Previous</span>
        </button>
        <ol className="evo-steps" ref={strip}>
          {TRANSITIONS.map((t, i) => (
            <li key={t.from}>
              <button type="button" aria-current={i === index ? 'step' : undefined} data-testid={`evolve-${t.from}`} onClick={() => onMove(t.from)}>
                {NETS[t.from].title} → {NETS[t.to].title}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" data-testid="evolve-next" disabled={!next} onClick={() => next && onMove(next.from)} title="Next step of the story (→)">
          <span className="evo-word">Next</span> →
        </button>
    </nav>
  );
}

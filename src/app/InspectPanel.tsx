import type * as tf from '@tensorflow/tfjs';
import { useEffect, useRef, useState } from 'react';
import { digitRegion, readRegion, sourcesOf, type NetGraph } from '../models/graph';
import type { Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import { mapPicture, paintPicture } from '../viz/featureMaps';
import { paintActivation, unitAt, type Painted } from '../viz/diagram';
import { diagramNodesOf, graphOf } from './graphs';

interface Props {
  net: NetId;
  id: string;
  activations: Record<string, Activation> | null;
  /** The loaded model, for the layer's weights (null while it loads). */
  model: () => tf.LayersModel | null;
  onClose: () => void;
}

const MAX_CHANNELS = 64;
const fmt = (n: number) => n.toLocaleString('en-US');

function stats(data: Float32Array) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    if (v === 0) zeros++;
  }
  return { min, max, mean: sum / data.length, zeros: zeros / data.length };
}

/** Each filter of a conv kernel (HWIO) as its k×k slice for the input channel it weighs most. */
function strongestSlices(values: Float32Array, [k, , ci, co]: number[]): Activation {
  const out = new Float32Array(co! * k! * k!);
  for (let o = 0; o < co!; o++) {
    let best = 0;
    let bestNorm = -1;
    for (let i = 0; i < ci!; i++) {
      let norm = 0;
      for (let p = 0; p < k! * k!; p++) norm += values[p * ci! * co! + i * co! + o]! ** 2;
      if (norm > bestNorm) [best, bestNorm] = [i, norm];
    }
    for (let p = 0; p < k! * k!; p++) out[o * k! * k! + p] = values[p * ci! * co! + best * co! + o]!;
  }
  return { shape: [co!, k!, k!], data: out };
}

interface Hover {
  channel: number;
  y: number;
  x: number;
}

/**
 * One layer up close: every channel, its filters, its costs and the statistics of its output; hovering
 * a pixel shows the patch of the digit it sees and the region of the previous layer it reads.
 */
export function InspectPanel({ net, id, activations, model, onClose }: Props) {
  const graph = graphOf(net);
  const node = graph.nodes[id]!;
  const dnode = diagramNodesOf(net)[id]!;
  const act = activations?.[id] ?? null;
  const mapsRef = useRef<HTMLCanvasElement>(null);
  const digitRef = useRef<HTMLCanvasElement>(null);
  const kernelRef = useRef<HTMLCanvasElement>(null);
  const painted = useRef<Painted | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [kernel, setKernel] = useState<{ id: string; slices: Activation } | null>(null);

  useEffect(() => {
    if (!mapsRef.current || !act) return;
    painted.current = paintActivation(mapsRef.current, dnode, act, MAX_CHANNELS, 440, 300, 8);
  }, [act, dnode]);

  const digit = activations?.[graph.order[0]!] ?? null;
  useEffect(() => {
    if (digitRef.current && digit) paintActivation(digitRef.current, diagramNodesOf(net)[graph.order[0]!]!, digit, 1, 140, 140);
  }, [digit, graph, net]);

  // The filters: read the kernel once per layer (the variables belong to the model: not disposed here).
  useEffect(() => {
    if (node.kind !== 'conv') return;
    const m = model();
    if (!m) return;
    let cancelled = false;
    const kernelVar = m.getLayer(id).getWeights()[0];
    if (!kernelVar) return;
    void kernelVar.data().then((values) => {
      if (!cancelled) setKernel({ id, slices: strongestSlices(values as Float32Array, kernelVar.shape) });
    });
    return () => {
      cancelled = true;
    };
  }, [id, node.kind, model]);

  useEffect(() => {
    if (kernelRef.current && kernel && kernel.id === id) paintPicture(kernelRef.current, mapPicture(kernel.slices, 'signed', MAX_CHANNELS, 8));
  }, [kernel, id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const p = painted.current;
    setHover(p ? unitAt(p, e.nativeEvent.offsetX, e.nativeEvent.offsetY) : null);
  };

  const region = hover ? digitRegion(graph, id, hover.y, hover.x) : null;
  const s = act ? stats(act.data) : null;
  const rf = node.rf;
  // The share of exact zeros says how sparse a ReLU layer's output is (sigmoid outputs are never 0).
  const afterRelu = node.afterRelu;
  const kernelShown = kernel && kernel.id === id ? kernel.slices : null;
  const inputs = inputViews(graph, id, hover);

  return (
    <aside className="inspect" aria-labelledby="inspect-title" data-testid="inspect">
      <div className="inspect-head">
        <h3 id="inspect-title">
          {node.path} <span className="muted">· {node.label}</span>
        </h3>
        <button type="button" className="link" onClick={onClose} data-testid="inspect-close">
          Close (Esc)
        </button>
      </div>
      <dl className="inspect-facts">
        <dt>Output</dt>
        <dd>{node.shape.join('×')}</dd>
        <dt>Parameters</dt>
        <dd>{node.params ? fmt(node.params) : '–'}</dd>
        <dt>Multiply-adds</dt>
        <dd>{node.macs ? fmt(node.macs) : '–'}</dd>
        <dt>Receptive field</dt>
        <dd>
          {rf
            ? `${rf.size}×${rf.size} model pixels${graph.inputScale > 1 ? ` (${(rf.size / graph.inputScale).toFixed(1)} digit pixels)` : ''}${rf.size / graph.inputScale >= 28 ? ', more than the whole 28×28 digit' : ''}, stride ${rf.jump}`
            : 'the whole digit'}
        </dd>
        {s && (
          <>
            <dt>Values</dt>
            <dd data-testid="inspect-stats">
              min {s.min.toFixed(3)} · max {s.max.toFixed(3)} · mean {s.mean.toFixed(3)}
              {afterRelu && ` · ${(s.zeros * 100).toFixed(1)}% zeros`}
            </dd>
          </>
        )}
      </dl>
      {!act ? (
        <p className="hint">Draw a digit to see this layer's output.</p>
      ) : (
        <div className="inspect-body">
          <figure>
            <canvas ref={mapsRef} className="fmap big" data-testid="inspect-maps" onPointerMove={onMove} onPointerLeave={() => setHover(null)} />
            <figcaption>
              {act.shape.length === 3
                ? `${Math.min(act.shape[0]!, MAX_CHANNELS)} of ${act.shape[0]} channels, ${act.shape[1]}×${act.shape[2]} each. Point at a pixel to see what it sees.`
                : `${act.shape[0]} values`}
            </figcaption>
          </figure>
          {act.shape.length === 3 && (
            <figure className="rf">
              <div className="rf-digit">
                <canvas ref={digitRef} className="fmap" />
                {region && (
                  <div
                    className="rf-box"
                    data-testid="rf-highlight"
                    style={{ left: `${(region.x / 28) * 100}%`, top: `${(region.y / 28) * 100}%`, width: `${(region.w / 28) * 100}%`, height: `${(region.h / 28) * 100}%` }}
                  />
                )}
              </div>
              <figcaption>{hover ? `Channel ${hover.channel}, pixel (${hover.y}, ${hover.x}) sees this patch of the digit` : 'The digit'}</figcaption>
              {activations &&
                inputs.map((v) => (
                  <InputMap key={v.id} net={net} view={v} act={activations[v.id] ?? null} hover={hover} window={node.window} />
                ))}
            </figure>
          )}
          {kernelShown && (
            <figure>
              <canvas ref={kernelRef} className="fmap kernels" data-testid="inspect-kernels" style={{ width: Math.min(440, (kernelShown.shape[2]! + 1) * Math.min(8, kernelShown.shape[0]!) * 8) }} />
              <figcaption>
                The {kernelShown.shape[0]} filters ({kernelShown.shape[1]}×{kernelShown.shape[2]}), each shown for the input channel it weighs most; blue negative, red
                positive.
              </figcaption>
            </figure>
          )}
        </div>
      )}
    </aside>
  );
}

/** One input map of the inspected layer, and which of its channels to show. */
interface InputView {
  id: string;
  /** The input's channels to show (null: its first four). */
  channels: number[] | null;
  caption: string;
}

const short = (id: string) => id.split('/').slice(1).join('/');

/**
 * The maps the inspected layer reads: a concatenation's channel comes from exactly one of its paths,
 * a residual add reads its body g(x) and its shortcut x (or the 1×1 convolution of x) at the same
 * channel, and any other layer reads its one input.
 */
function inputViews(graph: NetGraph, id: string, hover: Hover | null): InputView[] {
  const node = graph.nodes[id]!;
  if (node.inputs.length === 0) return [];
  if (node.kind === 'concat') {
    if (!hover) {
      let offset = 0;
      const parts = node.inputs.map((input) => {
        const c = graph.nodes[input]!.shape[0]!;
        const text = `${input.split('/').at(-1)} (channels ${offset}–${offset + c - 1})`;
        offset += c;
        return text;
      });
      return [{ id: node.inputs[0]!, channels: null, caption: `Its inputs, stacked on channels: ${parts.join(', ')}. Point at a channel to see the path it comes from.` }];
    }
    return sourcesOf(graph, id, hover.channel).map((s) => ({
      id: s.id,
      channels: [s.channel],
      caption: `…channel ${hover.channel} is channel ${s.channel} of ${short(s.id)}, copied unchanged`,
    }));
  }
  if (node.kind === 'add') {
    const channel = hover?.channel ?? 0;
    return sourcesOf(graph, id, channel).map((s, k) => ({
      id: s.id,
      channels: [s.channel],
      caption: `${k === 0 ? 'g(x), the body' : s.id === node.inputs[1] && graph.nodes[s.id]!.kind === 'conv' ? 'the 1×1 convolution of x' : 'x, the shortcut'}: channel ${s.channel} of ${short(s.id)}${hover ? ', added here pixel by pixel' : ''}`,
    }));
  }
  // The digit itself is shown above: a layer reading it does not show it twice.
  if (node.inputs[0] === graph.order[0]) return [];
  return [{ id: node.inputs[0]!, channels: null, caption: hover ? `…and reads this region of ${short(node.inputs[0]!)}` : `Its input: ${short(node.inputs[0]!)}` }];
}

/** An input map with, while a unit is pointed at, the region of it that the unit reads outlined. */
function InputMap({ net, view, act, hover, window }: { net: NetId; view: InputView; act: Activation | null; hover: Hover | null; window: NetGraph['nodes'][string]['window'] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const dnode = diagramNodesOf(net)[view.id];
  const spatial = act && act.shape.length === 3 ? act : null;
  const channels = spatial ? (view.channels ?? Array.from({ length: Math.min(4, spatial.shape[0]!) }, (_, i) => i)) : [];
  const key = channels.join(',');
  useEffect(() => {
    if (ref.current && spatial && dnode) paintPicture(ref.current, mapPicture(spatial, dnode.scale, 4, 4, key.split(',').map(Number)));
  }, [spatial, dnode, key]);
  if (!spatial) return null;
  const [, h, w] = spatial.shape as [number, number, number];
  const n = channels.length;
  const zoom = Math.min(6, 260 / Math.max(1, w * n + n - 1));
  const read = hover && window ? readRegion(window, hover.y, hover.x, h, w) : null;
  return (
    <>
      <div className="rf-prev" style={{ width: (w * n + n - 1) * zoom }} data-testid="inspect-input" data-input={view.id}>
        <canvas ref={ref} className="fmap" style={{ width: '100%' }} />
        {read &&
          channels.map((_, k) => (
            <div
              key={k}
              className="rf-box"
              data-testid="rf-read"
              style={{ left: (k * (w + 1) + read.x0) * zoom, top: read.y0 * zoom, width: (read.x1 - read.x0 + 1) * zoom, height: (read.y1 - read.y0 + 1) * zoom }}
            />
          ))}
      </div>
      <figcaption>{view.caption}</figcaption>
    </>
  );
}

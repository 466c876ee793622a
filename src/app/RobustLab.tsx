import type * as tf from '@tensorflow/tfjs';
import { useEffect, useRef, useState } from 'react';
import { yieldToPage } from '../models/probe';
import { IDENTITY, isIdentity, SHIFTS, sweepInputs, TURNS, type DigitTransform } from '../models/robust';
import { NETS, SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { MNIST_SIZE } from '../models/preprocess';
import { classProbabilities } from '../models/sweep';
import { paintGrey } from '../viz/digitImage';
import { heldRange, renderSweep } from '../viz/sweepChart';
import { DigitSelect } from './WhyPanel';

/** One colour per network, the same in every sweep. */
const NET_COLORS: Record<NetId, string> = { lenet: '#4e79a7', alexnet: '#f28e2b', vgg: '#e15759', nin: '#76b7b2', googlenet: '#59a14f', resnet: '#b07aa1' };

interface Props {
  transform: DigitTransform;
  onTransform: (t: DigitTransform) => void;
  /** The digit as preprocessed, before the lab's changes (null: nothing drawn). */
  digit: Float32Array | null;
  /** The digit the networks see now (after the changes). */
  seen: Float32Array | null;
  /** The networks loaded in this view, and what each answers now. */
  loaded: readonly { net: NetId; model: tf.LayersModel }[];
  answers: Partial<Record<NetId, number>>;
  onClose: () => void;
}

interface Sweep {
  cls: number;
  shift: Partial<Record<NetId, number[]>>;
  rotate: Partial<Record<NetId, number[]>>;
  done: boolean;
}

function Slider({ id, label, value, min, max, step, show, onChange }: { id: string; label: string; value: number; min: number; max: number; step: number; show: (v: number) => string; onChange: (v: number) => void }) {
  return (
    <label className="lab-slider">
      <span>{label}</span>
      <input type="range" min={min} max={max} step={step} value={value} data-testid={`robust-${id}`} onChange={(e) => onChange(Number(e.target.value))} aria-valuetext={show(value)} />
      <output>{show(value)}</output>
    </label>
  );
}

/** The digit the networks see, 28×28 scaled up; a click places the eraser there. */
function Preview({ digit, onPick }: { digit: Float32Array | null; onPick: (x: number, y: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGrey(ref.current, digit, MNIST_SIZE);
  }, [digit]);
  return (
    <canvas
      ref={ref}
      className="lab-preview"
      data-testid="robust-preview"
      role="img"
      aria-label="The digit the networks see after these changes; click to put the eraser there"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        onPick(((e.clientX - r.left) / r.width) * 28, ((e.clientY - r.top) / r.height) * 28);
      }}
    />
  );
}

function SweepChart({ xs, sweep, kind, unit, title }: { xs: number[]; sweep: Sweep; kind: 'shift' | 'rotate'; unit: string; title: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const series = SHIPPED_NETS.filter((n) => sweep[kind][n]).map((net) => ({ label: NETS[net].title, color: NET_COLORS[net], values: sweep[kind][net]! }));
    renderSweep(ref.current, xs, series, { width: 220, height: 110, title, unit });
  }, [sweep, kind, xs, unit, title]);
  return <svg ref={ref} className="sweep-svg" role="img" aria-label={title} />;
}

/** How far one network keeps the digit above one half along a sweep, in words. */
function held(sweep: Sweep, net: NetId, kind: 'shift' | 'rotate'): string {
  const values = sweep[kind][net];
  if (!values) return '–';
  const r = heldRange(kind === 'shift' ? SHIFTS : TURNS, values);
  const unit = kind === 'shift' ? ' px' : '°';
  const sign = (v: number) => (v > 0 ? `+${v}` : `${v}`);
  return r ? `${sign(r[0])} to ${sign(r[1])}${unit}` : 'not even as drawn';
}

/** The swept networks in the story's order. */
const inOrder = (sweep: Sweep) => SHIPPED_NETS.filter((n) => sweep.shift[n] || sweep.rotate[n]);

/**
 * The robustness lab (issue 16): move, turn, resize, thicken or thin, add noise to and erase part
 * of the digit before it reaches the networks; and sweep shift and turn to see how far each holds it.
 */
export function RobustLab({ transform: t, onTransform, digit, seen, loaded, answers, onClose }: Props) {
  const set = (patch: Partial<DigitTransform>) => onTransform({ ...t, ...patch });
  const counts = new Map<number, number>();
  for (const a of Object.values(answers)) counts.set(a!, (counts.get(a!) ?? 0) + 1);
  const now = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  // The digit meant, by default: what most networks answer for the digit as drawn (read while the lab
  // changes nothing, and kept while it does).
  const [asDrawn, setAsDrawn] = useState<{ digit: Float32Array | null; answer: number | null }>({ digit: null, answer: null });
  if (isIdentity(t) && (asDrawn.digit !== digit || asDrawn.answer !== now)) setAsDrawn({ digit, answer: now });
  const majority = asDrawn.digit === digit ? asDrawn.answer : isIdentity(t) ? now : null;
  const [intended, setIntended] = useState<number | null>(null);
  const cls = intended ?? majority;
  const [sweep, setSweep] = useState<Sweep | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const run = useRef(0);
  // A new drawing or change makes the curves stale: they are dropped, not kept beside a different digit.
  const [sweptFor, setSweptFor] = useState<{ digit: Float32Array | null; t: DigitTransform } | null>(null);
  const stale = sweptFor !== null && (sweptFor.digit !== digit || sweptFor.t !== t);

  const startSweep = async () => {
    if (!digit || cls === null) return;
    const id = ++run.current;
    const base = { ...t, dx: 0, rotate: 0 };
    const acc: Sweep = { cls, shift: {}, rotate: {}, done: false };
    setSweptFor({ digit, t });
    setSweep({ ...acc });
    const inputs = { shift: sweepInputs(digit, base, 'shift'), rotate: sweepInputs(digit, base, 'rotate') };
    for (const [i, { net, model }] of loaded.entries()) {
      setProgress(`${i} of ${loaded.length} networks…`);
      for (const kind of ['shift', 'rotate'] as const) {
        await yieldToPage();
        if (run.current !== id) return;
        try {
          acc[kind][net] = await classProbabilities(model, inputs[kind], cls);
        } catch {
          // A network that fails here is left out of the curves.
        }
        setSweep({ ...acc, shift: { ...acc.shift }, rotate: { ...acc.rotate } });
      }
    }
    setSweep({ ...acc, done: true });
    setProgress(null);
  };

  const shown = sweep && !stale ? sweep : null;
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    head.current?.scrollIntoView({ block: 'nearest' });
    head.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section className="card lab-card" aria-labelledby="lab-title" data-testid="robust-lab">
      <div className="why-head">
        <h2 id="lab-title" ref={head} tabIndex={-1}>Move, turn, thicken</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close the robustness lab" data-testid="robust-close">
          ✕
        </button>
      </div>
      <div className="lab-body">
        <Preview digit={seen} onPick={(x, y) => set({ erase: { x, y, size: 7 } })} />
        <div className="lab-sliders">
          <Slider id="shift-x" label="Right" value={t.dx} min={-8} max={8} step={1} show={(v) => `${v} px`} onChange={(dx) => set({ dx })} />
          <Slider id="shift-y" label="Down" value={t.dy} min={-8} max={8} step={1} show={(v) => `${v} px`} onChange={(dy) => set({ dy })} />
          <Slider id="rotate" label="Turn" value={t.rotate} min={-45} max={45} step={5} show={(v) => `${v}°`} onChange={(rotate) => set({ rotate })} />
          <Slider id="scale" label="Size" value={t.scale} min={0.6} max={1.4} step={0.05} show={(v) => `×${v.toFixed(2)}`} onChange={(scale) => set({ scale })} />
          <Slider id="thickness" label="Strokes" value={t.thickness} min={-2} max={2} step={1} show={(v) => (v === 0 ? 'as drawn' : v > 0 ? `+${v} px` : `${v} px`)} onChange={(thickness) => set({ thickness })} />
          <Slider id="noise" label="Noise" value={t.noise} min={0} max={0.5} step={0.05} show={(v) => `σ ${v.toFixed(2)}`} onChange={(noise) => set({ noise })} />
        </div>
      </div>
      <p className="lab-note">
        {t.erase ? (
          <>
            A 7×7 eraser blanks part of the digit.{' '}
            <button type="button" className="link" data-testid="robust-eraser-off" onClick={() => set({ erase: null })}>
              Remove it
            </button>
          </>
        ) : (
          'Click the digit above to blank a 7×7 square of it.'
        )}{' '}
        <button type="button" className="link" data-testid="robust-reset" disabled={isIdentity(t)} onClick={() => onTransform(IDENTITY)}>
          Undo all changes
        </button>
      </p>
      <div className="lab-sweep">
        <label className="why-field">
          <span>Digit meant</span>
          <DigitSelect testId="robust-intended" value={intended} onChange={setIntended} automatic="auto" automaticLabel={majority === null ? 'as answered' : `${majority}, as answered`} />
        </label>
        <button type="button" data-testid="robust-sweep" disabled={!digit || cls === null || progress !== null} onClick={() => void startSweep()}>
          {progress ?? 'Sweep shift and turn'}
        </button>
      </div>
      {progress !== null && <progress className="lab-progress" data-testid="sweep-progress" max={loaded.length} value={Object.keys(sweep?.rotate ?? {}).length} />}
      {shown && (
        <div className="sweep" data-testid="sweep-chart" data-done={shown.done ? 'true' : 'false'}>
          <SweepChart xs={SHIFTS} sweep={shown} kind="shift" unit="" title={`Probability of ${shown.cls}, moved right (px)`} />
          <SweepChart xs={TURNS} sweep={shown} kind="rotate" unit="°" title={`Probability of ${shown.cls}, turned`} />
          <table className="sweep-held" data-testid="sweep-told">
            <caption>Where each keeps {shown.cls} above 50% (from the digit unmoved and unturned, your other changes kept)</caption>
            <thead>
              <tr>
                <th scope="col">network</th>
                <th scope="col">moved</th>
                <th scope="col">turned</th>
              </tr>
            </thead>
            <tbody>
              {inOrder(shown).map((net) => (
                <tr key={net}>
                  <th scope="row">
                    <span className="sweep-dot" style={{ background: NET_COLORS[net] }} />
                    {NETS[net].title}
                  </th>
                  <td>{shown.done || shown.rotate[net] ? held(shown, net, 'shift') : '…'}</td>
                  <td>{shown.rotate[net] ? held(shown, net, 'rotate') : '…'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.done && (
            <p className="lab-note muted">
              The book: pooling over a window makes a layer&apos;s output barely change when its input moves by less than the window, so stacks of convolutions and pooling
              tolerate small shifts. Nothing here is built for turns: what a network tolerates it learned from its training digits (turned up to ±12°).
            </p>
          )}
        </div>
      )}
      {stale && <p className="lab-note muted">The drawing or its changes moved on since the last sweep: sweep again for curves of this digit.</p>}
    </section>
  );
}


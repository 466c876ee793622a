import { ATTRIBUTION_METHODS, type AttributionMethod } from '../models/attribution';
import { isBackendName, type BackendName } from '../models/backends';
import { SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { TRANSITIONS } from '../models/transitions';
import { decodeStrokes, encodeStrokes } from '../viz/strokeCodec';
import type { Stroke } from '../viz/strokes';

export type ViewName = 'single' | 'compare' | 'evolve' | 'learn';

const VIEWS: readonly string[] = ['single', 'compare', 'evolve', 'learn'];
/** The Learn view's experiments (issue 17), by number. */
export const EXPERIMENT_COUNT = 6;
/** The networks a transition can start from (every one but the last). */
const FROMS: readonly string[] = TRANSITIONS.map((t) => t.from);

/** The part of the view that lives in the URL, so a view can be shared. */
export interface UrlState {
  net: NetId;
  view: ViewName;
  /** A backend the user asked for; null lets the app choose. */
  backend: BackendName | null;
  /** The inspected layer's path in the network (e.g. "b3/inception1/p2_2"), not yet checked against it. */
  layer: string | null;
  /** The step-through position (0 = the input), or null when every layer is shown. */
  step: number | null;
  /** The comparison's step-through stage (0 = the first), or null when no stage is shown. */
  stage: number | null;
  /** The transition shown by the Transitions view: the network it starts from. */
  from: NetId;
  /** Embedded in another page (`?embed=1`): the pad and the data flow only, sized to the frame. */
  embed?: boolean;
  /** The attribution panel's method (`?why=gradcam`), or null when it is closed. */
  why?: AttributionMethod | null;
  /** The digit it explains when not the answer (`&toward=1`). */
  toward?: number | null;
  /** Grad-CAM's layer when not the last stage (`&cam=b4/res2/relu`, a path in the network). */
  cam?: string | null;
  /** The Learn view's experiment (`&exp=3`), or null for its training tab. */
  exp?: number | null;
  /** A drawing shared in the link (`d`), or null. */
  drawing: Stroke[] | null;
  /** The link carried a drawing (`d`) that could not be read (cut short, or not a drawing). */
  drawingUnreadable: boolean;
  /** Parameters that were present but not understood, to tell the user. */
  ignored: string[];
}

/** The state that makes a history entry: changing any of it is a step Back can undo. */
export type NavState = Omit<UrlState, 'ignored' | 'drawing' | 'drawingUnreadable'>;

export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  const net = params.get('net');
  const view = params.get('view');
  const backend = params.get('backend');
  const layer = params.get('layer');
  const step = params.get('step');
  const stage = params.get('stage');
  const from = params.get('from');
  const embed = params.get('embed');
  if (embed !== null && embed !== '1') ignored.push('embed');
  const why = params.get('why');
  const whyOk = why !== null && (ATTRIBUTION_METHODS as readonly string[]).includes(why);
  if (why !== null && !whyOk) ignored.push('why');
  const toward = params.get('toward');
  const towardOk = toward !== null && /^\d$/.test(toward);
  if (toward !== null && !towardOk) ignored.push('toward');
  const cam = params.get('cam');
  const camOk = cam !== null && cam.length <= 200 && /^[a-z0-9_]+(\/[a-z0-9_]+)*$/.test(cam);
  if (cam !== null && !camOk) ignored.push('cam');
  const layerOk = layer !== null && layer.length <= 200 && /^[a-z0-9_]+(\/[a-z0-9_]+)*$/.test(layer);
  const stepOk = step !== null && /^\d{1,4}$/.test(step);
  if (layer !== null && !layerOk) ignored.push('layer');
  if (step !== null && !stepOk) ignored.push('step');
  const stageOk = stage !== null && /^\d{1,4}$/.test(stage);
  if (stage !== null && !stageOk) ignored.push('stage');
  const exp = params.get('exp');
  const expOk = exp !== null && /^\d$/.test(exp) && Number(exp) >= 1 && Number(exp) <= EXPERIMENT_COUNT;
  if (exp !== null && !expOk) ignored.push('exp');
  const d = params.get('d');
  const drawing = d === null ? null : readDrawing(d);
  const drawingUnreadable = d !== null && drawing === null;
  const shipped = (SHIPPED_NETS as readonly string[]).includes(net ?? '');
  if (net !== null && !shipped) ignored.push('net');
  if (view !== null && !VIEWS.includes(view)) ignored.push('view');
  const fromOk = from !== null && FROMS.includes(from);
  if (from !== null && !fromOk) ignored.push('from');
  if (backend !== null && !isBackendName(backend)) ignored.push('backend');
  return {
    net: shipped ? (net as NetId) : SHIPPED_NETS[0]!,
    view: view !== null && VIEWS.includes(view) ? (view as ViewName) : 'single',
    backend: isBackendName(backend) ? backend : null,
    layer: layerOk ? layer : null,
    step: stepOk ? Number(step) : null,
    stage: stageOk ? Number(stage) : null,
    from: fromOk ? (from as NetId) : TRANSITIONS[0]!.from,
    embed: embed === '1',
    why: whyOk ? (why as AttributionMethod) : null,
    toward: towardOk ? Number(toward) : null,
    cam: camOk ? cam : null,
    exp: expOk ? Number(exp) : null,
    drawing,
    drawingUnreadable,
    ignored,
  };
}

/** The address of a view (search part, e.g. `?net=vgg&layer=block2%2Fconv1`). */
export function searchFor(state: NavState): string {
  const params = new URLSearchParams();
  params.set('net', state.net);
  if (state.view !== 'single') params.set('view', state.view);
  if (state.view === 'evolve') params.set('from', state.from);
  if (state.embed) params.set('embed', '1');
  if (state.why && (state.view === 'single' || state.view === 'compare')) params.set('why', state.why);
  if (state.why && state.view === 'single' && state.toward != null) params.set('toward', String(state.toward));
  if (state.why === 'gradcam' && state.view === 'single' && state.cam) params.set('cam', state.cam);
  if (state.backend) params.set('backend', state.backend);
  if (state.layer && state.view === 'single') params.set('layer', state.layer);
  if (state.step !== null && state.view !== 'compare') params.set('step', String(state.step));
  if (state.stage !== null && state.view === 'compare') params.set('stage', String(state.stage));
  if (state.view === 'learn' && state.exp) params.set('exp', String(state.exp));
  return `?${params.toString()}`;
}

/** What a Back should return to: the network, the view, the inspected layer, the transition and the experiment (not a step or the backend). */
function place(state: Pick<NavState, 'net' | 'view' | 'layer' | 'from' | 'exp'>): string {
  return `${state.net}|${state.view}|${state.view === 'single' ? (state.layer ?? '') : ''}|${state.view === 'evolve' ? state.from : ''}|${state.view === 'learn' ? (state.exp ?? '') : ''}`;
}

/**
 * Mirrors the state in the address. A change of place (network, view, inspected layer) adds a
 * history entry, so Back and Forward walk the person's navigation; anything else (a step, the
 * backend) replaces the current entry. The entry keeps the history state (the drawing, see
 * `rememberDrawing`). With `replace`, never adds an entry (the first write after the page opens).
 */
export function writeUrlState(state: NavState, replace = false): void {
  const url = new URL(window.location.href);
  const search = searchFor(state);
  if (url.search === search) return;
  const here = readUrlState(url.search);
  url.search = search;
  if (!replace && place(here) !== place(state)) window.history.pushState(window.history.state, '', url);
  else window.history.replaceState(window.history.state, '', url);
}

/** Keeps the drawing in this history entry's state, so leaving the app and coming Back restores it. */
export function rememberDrawing(strokes: readonly Stroke[]): void {
  const d = strokes.length ? encodeStrokes(strokes) : null;
  const old = (window.history.state ?? {}) as { d?: string | null };
  if ((old.d ?? null) === d) return;
  window.history.replaceState({ ...old, d }, '');
}

/** The drawing this history entry remembered, if any (and readable). */
export function rememberedDrawing(): Stroke[] | null {
  const d = (window.history.state as { d?: unknown } | null)?.d;
  return typeof d === 'string' ? readDrawing(d) : null;
}

/** An encoded drawing's strokes, or null when it is malformed or holds no stroke. */
function readDrawing(text: string): Stroke[] | null {
  try {
    const strokes = decodeStrokes(text);
    return strokes.length ? strokes : null;
  } catch {
    return null;
  }
}

/** The current view's address with the drawing included, to share. */
export function shareLink(strokes: readonly Stroke[]): string {
  const url = new URL(window.location.href);
  if (strokes.length) url.searchParams.set('d', encodeStrokes(strokes));
  else url.searchParams.delete('d');
  return url.toString();
}

import { isBackendName, type BackendName } from '../models/backends';
import { SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';
import { decodeStrokes, encodeStrokes } from '../viz/strokeCodec';
import type { Stroke } from '../viz/strokes';

export type ViewName = 'single' | 'compare';

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
  /** A drawing shared in the link (`d`), or null. */
  drawing: Stroke[] | null;
  /** Parameters that were present but not understood, to tell the user. */
  ignored: string[];
}

export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  const net = params.get('net');
  const view = params.get('view');
  const backend = params.get('backend');
  const layer = params.get('layer');
  const step = params.get('step');
  const layerOk = layer !== null && layer.length <= 200 && /^[a-z0-9_]+(\/[a-z0-9_]+)*$/.test(layer);
  const stepOk = step !== null && /^\d{1,4}$/.test(step);
  if (layer !== null && !layerOk) ignored.push('layer');
  if (step !== null && !stepOk) ignored.push('step');
  let drawing: Stroke[] | null = null;
  const d = params.get('d');
  if (d !== null) {
    try {
      drawing = decodeStrokes(d);
    } catch {
      ignored.push('d (drawing)');
    }
  }
  const shipped = (SHIPPED_NETS as readonly string[]).includes(net ?? '');
  if (net !== null && !shipped) ignored.push('net');
  if (view !== null && view !== 'compare' && view !== 'single') ignored.push('view');
  if (backend !== null && !isBackendName(backend)) ignored.push('backend');
  return {
    net: shipped ? (net as NetId) : SHIPPED_NETS[0]!,
    view: view === 'compare' ? 'compare' : 'single',
    backend: isBackendName(backend) ? backend : null,
    layer: layerOk ? layer : null,
    step: stepOk ? Number(step) : null,
    drawing,
    ignored,
  };
}

/** Writes the state into the current URL without adding a history entry. */
export function writeUrlState(state: Omit<UrlState, 'ignored' | 'drawing'>): void {
  const url = new URL(window.location.href);
  url.searchParams.set('net', state.net);
  if (state.view === 'compare') url.searchParams.set('view', 'compare');
  else url.searchParams.delete('view');
  if (state.backend) url.searchParams.set('backend', state.backend);
  else url.searchParams.delete('backend');
  if (state.layer && state.view === 'single') url.searchParams.set('layer', state.layer);
  else url.searchParams.delete('layer');
  if (state.step !== null && state.view === 'single') url.searchParams.set('step', String(state.step));
  else url.searchParams.delete('step');
  // A drawing is only put in a link on request (shareLink): it would change on every stroke.
  url.searchParams.delete('d');
  window.history.replaceState(null, '', url);
}

/** The current view's address with the drawing included, to share. */
export function shareLink(strokes: readonly Stroke[]): string {
  const url = new URL(window.location.href);
  if (strokes.length) url.searchParams.set('d', encodeStrokes(strokes));
  else url.searchParams.delete('d');
  return url.toString();
}

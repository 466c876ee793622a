import { isBackendName, type BackendName } from '../models/backends';
import { SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';

export type ViewName = 'single' | 'compare';

/** The part of the view that lives in the URL, so a view can be shared. */
export interface UrlState {
  net: NetId;
  view: ViewName;
  /** A backend the user asked for; null lets the app choose. */
  backend: BackendName | null;
  /** Parameters that were present but not understood, to tell the user. */
  ignored: string[];
}

export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  const net = params.get('net');
  const view = params.get('view');
  const backend = params.get('backend');
  const shipped = (SHIPPED_NETS as readonly string[]).includes(net ?? '');
  if (net !== null && !shipped) ignored.push('net');
  if (view !== null && view !== 'compare' && view !== 'single') ignored.push('view');
  if (backend !== null && !isBackendName(backend)) ignored.push('backend');
  return {
    net: shipped ? (net as NetId) : SHIPPED_NETS[0]!,
    view: view === 'compare' ? 'compare' : 'single',
    backend: isBackendName(backend) ? backend : null,
    ignored,
  };
}

/** Writes the state into the current URL without adding a history entry. */
export function writeUrlState(state: Pick<UrlState, 'net' | 'view' | 'backend'>): void {
  const url = new URL(window.location.href);
  url.searchParams.set('net', state.net);
  if (state.view === 'compare') url.searchParams.set('view', 'compare');
  else url.searchParams.delete('view');
  if (state.backend) url.searchParams.set('backend', state.backend);
  else url.searchParams.delete('backend');
  window.history.replaceState(null, '', url);
}

import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

/**
 * The page's offline copy (issue 15), as the app shows it: whether the service worker has saved
 * everything for offline use, whether a newer version is waiting, and whether the browser is offline.
 */
export interface OfflineState {
  /** The service worker saved this version for offline use (told once, on the first visit). */
  saved: boolean;
  /** A newer version is downloaded and waits for a reload. */
  updateReady: boolean;
  /** The browser says it has no network. */
  offline: boolean;
  /** The page is served by the saved copy (a service worker controls it). */
  controlled: boolean;
}

let state: OfflineState = {
  saved: false,
  updateReady: false,
  offline: typeof navigator !== 'undefined' && navigator.onLine === false,
  controlled: typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller),
};
const listeners = new Set<() => void>();
let update: ((reload?: boolean) => Promise<void>) | null = null;

function set(patch: Partial<OfflineState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/**
 * Registers the service worker (production builds; the dev server's module does nothing) and
 * follows the network. Failing to register (a browser without service workers, a private window)
 * leaves the app as it was: it still works online.
 */
export function startOffline(): void {
  window.addEventListener('online', () => set({ offline: false }));
  window.addEventListener('offline', () => set({ offline: true }));
  navigator.serviceWorker?.addEventListener('controllerchange', () => set({ controlled: true }));
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    onOfflineReady: () => set({ saved: true }),
    onNeedRefresh: () => set({ updateReady: true }),
    onRegisterError: () => undefined,
  });
}

/** Loads the waiting version: the new service worker takes over and the page reloads (the drawing is kept in the history entry). */
export function loadUpdate(): void {
  void update?.(true);
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export const useOffline = (): OfflineState => useSyncExternalStore(subscribe, () => state);

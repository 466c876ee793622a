import { existsSync } from 'node:fs';

/** Where a system's Chromium lives (Debian's package first). */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** A Chromium to drive: $CHROMIUM_PATH, else the system's, else Playwright's own (undefined: Playwright finds it). */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return SYSTEM_CHROMIUMS.find((p) => existsSync(p));
}

/** What the machine offers: each way to a Chromium, and whether apt can install one. */
export interface BrowserFacts {
  /** $CHROMIUM_PATH, if set, and whether that file exists. */
  env: string | undefined;
  envExists: boolean;
  /** The first system Chromium found, or null. */
  system: string | null;
  /** Playwright's own downloaded Chromium, if it is there. */
  playwright: string | null;
  root: boolean;
  apt: boolean;
}

export type BrowserPlan =
  | { kind: 'found'; path: string; source: 'CHROMIUM_PATH' | 'system' | 'Playwright' }
  | { kind: 'bad-env'; path: string }
  | { kind: 'apt' }
  | { kind: 'playwright-install' };

/**
 * How `npm test` gets its browser: one that is there ($CHROMIUM_PATH, the system's, Playwright's), else
 * Debian's package when running as root with apt, else Playwright's installer. A $CHROMIUM_PATH that
 * points nowhere is a mistake to report, not to paper over.
 */
export function browserPlan(f: BrowserFacts): BrowserPlan {
  if (f.env) return f.envExists ? { kind: 'found', path: f.env, source: 'CHROMIUM_PATH' } : { kind: 'bad-env', path: f.env };
  if (f.system) return { kind: 'found', path: f.system, source: 'system' };
  if (f.playwright) return { kind: 'found', path: f.playwright, source: 'Playwright' };
  return f.root && f.apt ? { kind: 'apt' } : { kind: 'playwright-install' };
}

export const chromiumArgs = [
  // WebGPU on SwiftShader where no GPU exists, so the WebGPU path really runs.
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

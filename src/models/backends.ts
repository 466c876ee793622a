import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasmTraining';

/** The tfjs backends the app can run on, fastest-first on a machine with a real GPU. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

export function isBackendName(value: string | null | undefined): value is BackendName {
  return value != null && (BACKENDS as readonly string[]).includes(value);
}

/** Where the wasm backend's binaries are served from (the app's own origin, never a CDN). */
export type WasmPaths = Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>;

export interface BackendOptions {
  wasmPaths?: WasmPaths;
}

export interface BackendFailure {
  backend: BackendName;
  reason: string;
}

export interface BackendResult {
  active: BackendName;
  /** Backends tried before the active one, and why each failed. */
  failures: BackendFailure[];
}

/** Loads the code of backends that are not part of the main bundle; webgl and cpu ship with tfjs. */
async function register(name: BackendName, options: BackendOptions): Promise<void> {
  if (name === 'webgpu') {
    const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
    if (!gpu) throw new Error('this browser has no WebGPU');
    if (!(await gpu.requestAdapter())) throw new Error('no WebGPU adapter is available');
    if (!tf.findBackendFactory('webgpu')) await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
    // tfjs's threaded build starts its threads from blob: scripts, which this page's
    // Content-Security-Policy (worker-src 'self') rightly refuses. On a cross-origin-isolated host it
    // would pick that build and fail; the single-threaded SIMD build is the one that runs here.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // Attribution (issue 16) differentiates the networks; the backend lacks a filter-gradient kernel.
    registerWasmTrainingKernels();
  }
}

async function tryBackend(name: BackendName, options: BackendOptions): Promise<void> {
  await register(name, options);
  if (!tf.findBackendFactory(name)) throw new Error('backend not available in this build');
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error('failed to initialise');
  await tf.ready();
  // A tiny op proves the backend can actually compute and read back.
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
  try {
    const [v] = await probe.data();
    if (v !== 3) throw new Error(`a test computation gave ${v}`);
  } finally {
    probe.dispose();
  }
}

/**
 * Starts the first backend of `order` that initialises and computes correctly, trying the rest in
 * turn. Throws only when none works.
 */
export async function startBackend(order: readonly BackendName[], options: BackendOptions = {}): Promise<BackendResult> {
  const failures: BackendFailure[] = [];
  for (const name of order) {
    try {
      await tryBackend(name, options);
      return { active: name, failures };
    } catch (err) {
      failures.push({ backend: name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${failures.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`);
}

/**
 * Forgets a backend's instance (e.g. after its GPU device was lost) but keeps its factory, so the
 * next start creates a fresh one (for WebGPU: a new adapter and device).
 */
export function resetBackend(name: BackendName): void {
  const factory = tf.findBackendFactory(name);
  if (!factory) return;
  try {
    tf.removeBackend(name);
  } catch {
    // Disposing a backend whose device is gone may fail; it is being dropped either way.
  }
  tf.registerBackend(name, factory, name === 'webgpu' ? 3 : 1);
}

/** Resolves with the reason if the active backend's GPU device is lost (WebGPU only); never otherwise. */
export function whenDeviceLost(): Promise<string> {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (tf.getBackend() !== 'webgpu' || !device?.lost) return new Promise(() => undefined);
  return device.lost.then((info) => info.message || info.reason || 'unknown reason');
}

/** The fallback order starting at `first`: the chosen backend, then the usual order without it. */
export function fallbackOrder(first: BackendName | null): BackendName[] {
  return first ? [first, ...BACKENDS.filter((b) => b !== first)] : [...BACKENDS];
}

/** What WebGPU offers here: a hardware adapter, only a software fallback (e.g. SwiftShader), or nothing. */
export type AdapterKind = 'hardware' | 'fallback' | 'none';

export async function webgpuAdapterKind(): Promise<AdapterKind> {
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'none';
    // Chromium moved the flag from the adapter to adapter.info; read whichever this browser has.
    const info = (adapter as unknown as { info?: { isFallbackAdapter?: boolean } }).info;
    return (info?.isFallbackAdapter ?? adapter.isFallbackAdapter) ? 'fallback' : 'hardware';
  } catch {
    return 'none';
  }
}

/**
 * The order to start backends in when the user has not chosen: WebGPU first on a hardware adapter;
 * otherwise WASM (fast on a CPU and quick to start) until the app has timed the others.
 */
export function autoOrder(kind: AdapterKind): BackendName[] {
  if (kind === 'hardware') return [...BACKENDS];
  return kind === 'fallback' ? ['wasm', 'webgl', 'cpu', 'webgpu'] : ['wasm', 'webgl', 'cpu'];
}

/** One backend's measured speed on a network, or why it could not run. */
export type BackendTiming = { backend: BackendName; firstMs: number; medianMs: number; runs: number } | { backend: BackendName; error: string };

/**
 * The backend to use after timing them: the fastest by median, except that the current one is kept
 * when it is within `slack` (10%) of the fastest, since switching reloads every network.
 */
export function fastestBackend(timings: readonly BackendTiming[], current: BackendName | null, slack = 0.1): BackendName | null {
  const ok = timings.filter((t): t is Extract<BackendTiming, { medianMs: number }> => 'medianMs' in t && Number.isFinite(t.medianMs));
  if (!ok.length) return null;
  const best = ok.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  const mine = ok.find((t) => t.backend === current);
  return mine && mine.medianMs <= best.medianMs * (1 + slack) ? mine.backend : best.backend;
}

/**
 * Moments the benchmark (scripts/bench.ts) and the browser tests wait for: a prediction delivered,
 * feature maps painted, a network warmed up. Each signal resolves the promises waiting for it with its time
 * (`performance.now()`).
 */
export type Signal = 'predicted' | 'painted' | 'warmed';

const waiting: Record<Signal, ((t: number) => void)[]> = { predicted: [], painted: [], warmed: [] };
const first: Partial<Record<Signal, number>> = {};
const took: Partial<Record<Signal, number>> = {};

/** Marks the moment; `ms` is how long the work that ends here took on its own (e.g. painting). */
export function signal(type: Signal, ms?: number): void {
  const t = performance.now();
  first[type] ??= t;
  if (ms !== undefined) took[type] = ms;
  for (const resolve of waiting[type].splice(0)) resolve(t);
}

/** Resolves at the next `type` signal. */
export function next(type: Signal): Promise<number> {
  return new Promise((resolve) => waiting[type].push(resolve));
}

/** When the first `type` signal came, in ms since navigation started; undefined before it. */
export function firstAt(type: Signal): number | undefined {
  return first[type];
}

/** How long the work behind the latest `type` signal took on its own, if it said. */
export function lastTook(type: Signal): number | undefined {
  return took[type];
}

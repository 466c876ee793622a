/**
 * Moments the benchmark (scripts/bench.ts) and the browser tests wait for: a prediction delivered,
 * feature maps painted. Each signal resolves the promises waiting for it with its time
 * (`performance.now()`).
 */
export type Signal = 'predicted' | 'painted';

const waiting: Record<Signal, ((t: number) => void)[]> = { predicted: [], painted: [] };
const first: Partial<Record<Signal, number>> = {};

export function signal(type: Signal): void {
  const t = performance.now();
  first[type] ??= t;
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

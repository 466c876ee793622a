/** The middle value (the upper one of an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}

/**
 * Runs `once` (which returns its own time in ms) up to `runs` times, starting no new run after
 * `deadline` (a `performance.now()` time): the median and how many ran.
 */
export async function timeUntil(once: () => Promise<number>, runs: number, deadline: number): Promise<{ medianMs: number; runs: number }> {
  const times: number[] = [];
  while (times.length < runs && performance.now() < deadline) times.push(await once());
  return { medianMs: median(times), runs: times.length };
}

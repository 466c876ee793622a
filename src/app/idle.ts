/**
 * Runs `task` when the page is idle, at the latest after `timeoutMs`; where the browser cannot say
 * when it is idle, after `fallbackMs`. Returns a function that cancels it.
 */
export function whenIdle(task: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, fallbackMs);
  return () => clearTimeout(id);
}

/**
 * The time of each model's first run (weights just uploaded, shaders compiled on a GPU backend), kept
 * apart so the page can report warm latency on its own. Keyed by the model object: a model rebuilt
 * after a switch starts again.
 */
const firstRun = new WeakMap<object, number>();

/** Records a run of `model` that took `ms`; returns whether it was the model's first. */
export function recordRun(model: object, ms: number): boolean {
  if (firstRun.has(model)) return false;
  firstRun.set(model, ms);
  return true;
}

/** How long `model`'s first run took, if it has run. */
export function firstRunMs(model: object): number | undefined {
  return firstRun.get(model);
}

import type * as tf from '@tensorflow/tfjs';
import {
  ATTRIBUTION_METHODS,
  defaultCamLayer,
  gradCamMap,
  gradientMap,
  integratedGradientsMap,
  occlusionMap,
  rankCorrelation,
  smoothGradMap,
  type Attribution,
  type AttributionMethod,
} from './attribution';
import type { NetId } from './spec';

/** What `npm run attribution` measured for each network, read by the app to label the methods. */
export interface AttributionFile {
  measuredAt: string;
  /** Rank correlation below which a method passes the randomisation check. */
  threshold: number;
  /** Which digits, e.g. "the ten MNIST test digits of public/samples". */
  digits: string;
  nets: Partial<Record<NetId, NetChecks>>;
}

export interface NetChecks {
  /** The layers re-initialised for the sanity check. */
  randomised: string[];
  /** Per method: median rank correlation of |map| between the trained and the randomised network. */
  sanity: Record<AttributionMethod, { rho: number; passes: boolean }>;
  /** Integrated Gradients: median |Σ attributions − (f(x) − f(0))| / |f(x) − f(0)| at each step count. */
  igError: Record<string, number>;
}

/** The settings the checks (and the app's first pass) use for each method. */
export async function methodMaps(model: tf.LayersModel, digit: Float32Array, cls: number): Promise<Record<AttributionMethod, Attribution>> {
  return {
    gradient: await gradientMap(model, digit, cls),
    smoothgrad: await smoothGradMap(model, digit, cls, { samples: 16 }),
    ig: await integratedGradientsMap(model, digit, cls, { steps: 32 }),
    gradcam: await gradCamMap(model, digit, cls, defaultCamLayer(model)),
    occlusion: await occlusionMap(model, digit, cls, { patch: 6, stride: 2 }),
  };
}

export const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Median over the digits of each method's rank correlation of |map|, trained against randomised. */
export async function sanityOf(trained: tf.LayersModel, randomised: tf.LayersModel, digits: { digit: Float32Array; label: number }[]): Promise<Record<AttributionMethod, number>> {
  const rhos = Object.fromEntries(ATTRIBUTION_METHODS.map((m) => [m, [] as number[]])) as Record<AttributionMethod, number[]>;
  for (const { digit, label } of digits) {
    const a = await methodMaps(trained, digit, label);
    const b = await methodMaps(randomised, digit, label);
    for (const m of ATTRIBUTION_METHODS) rhos[m].push(rankCorrelation(a[m].map.map(Math.abs), b[m].map.map(Math.abs)));
  }
  return Object.fromEntries(ATTRIBUTION_METHODS.map((m) => [m, median(rhos[m])])) as Record<AttributionMethod, number>;
}

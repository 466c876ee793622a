import type * as tf from '@tensorflow/tfjs';
import { useSyncExternalStore } from 'react';
import type { NetId } from '../models/spec';

/**
 * Weights the person trained in the Learn view (issue 17), standing in for a shipped network's
 * for the rest of the session: every view loads them instead, labelled as the person's own.
 */
export interface OwnWeights {
  net: NetId;
  artifacts: tf.io.ModelArtifacts;
  /** Held-out accuracy and digits seen when they were taken. */
  heldOut: number | null;
  images: number;
  /** Changes with every new set, so the views load it again. */
  revision: number;
}

let own: OwnWeights | null = null;
let revision = 0;
const listeners = new Set<() => void>();

export function setOwnWeights(next: Omit<OwnWeights, 'revision'> | null): void {
  own = next ? { ...next, revision: ++revision } : null;
  listeners.forEach((l) => l());
}

export function ownWeights(): OwnWeights | null {
  return own;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useOwnWeights(): OwnWeights | null {
  return useSyncExternalStore(subscribe, ownWeights);
}

/** The label a network's title carries while it runs on the person's own weights. */
export function ownLabel(o: OwnWeights): string {
  const acc = o.heldOut === null ? '' : `, ${(100 * o.heldOut).toFixed(1)}% of the 2,000 held-out digits`;
  return `Running on the weights you trained in Learn (${o.images.toLocaleString('en-US')} digits seen${acc}); the figures quoted for the shipped network are not theirs.`;
}

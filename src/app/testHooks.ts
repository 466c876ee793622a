import * as tf from '@tensorflow/tfjs';

declare global {
  interface Window {
    /** Read-only facts for browser tests and curious users: the tfjs backend and its memory. */
    convflow?: { backend: () => string; memory: () => { numTensors: number; numBytes: number } };
  }
}

/** Exposes the tensor count, so tests can check that repeated inferences do not leak. */
export function installTestHooks(): void {
  window.convflow = {
    backend: () => tf.getBackend(),
    memory: () => {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
  };
}

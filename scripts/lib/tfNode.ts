import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmTrainingKernels } from '../../src/models/wasmTraining';

const require = createRequire(import.meta.url);

/** Starts tfjs in Node on the wasm backend (SIMD, one thread), with the filter-gradient kernel added. */
export async function useWasmBackend(): Promise<void> {
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(dist + path.sep);
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('Could not start the tfjs wasm backend');
  await tf.ready();
}

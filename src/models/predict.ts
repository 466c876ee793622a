import * as tf from '@tensorflow/tfjs';
import { MNIST_SIZE } from './preprocess';

export interface Prediction {
  /** Softmax probabilities of the digits 0–9. */
  probabilities: Float32Array;
  digit: number;
  /** Wall time from input to probabilities read back, in milliseconds. */
  ms: number;
  /** Of that, the time the calling thread was busy issuing the work (the rest is waiting for it). */
  busyMs?: number;
}

/**
 * Classifies one 28×28 digit (784 row-major values in [0, 1], white on black). The tensors live only
 * inside the call: the result is plain data, read back asynchronously so WebGPU never blocks the page.
 */
export async function classify(model: tf.LayersModel, digit: Float32Array): Promise<Prediction> {
  if (digit.length !== MNIST_SIZE * MNIST_SIZE) throw new Error(`classify: expected 784 values, got ${digit.length}`);
  const start = performance.now();
  const probs = tf.tidy(() => {
    const x = tf.tensor4d(digit, [1, MNIST_SIZE, MNIST_SIZE, 1]);
    return tf.softmax(model.predict(x) as tf.Tensor2D);
  });
  try {
    const probabilities = (await probs.data()) as Float32Array;
    let digitOut = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[digitOut]!) digitOut = i;
    if (!probabilities.every(Number.isFinite)) throw new Error('the network produced a non-finite output');
    return { probabilities, digit: digitOut, ms: performance.now() - start };
  } finally {
    probs.dispose();
  }
}

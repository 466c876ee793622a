import * as tf from '@tensorflow/tfjs';
import { MNIST_SIZE } from './preprocess';

/**
 * The probability a network gives `cls` for each digit of a list, in one batch (issue 16's sweeps).
 * Plain numbers out; the tensors live only inside the call.
 */
export async function classProbabilities(model: tf.LayersModel, digits: Float32Array[], cls: number): Promise<number[]> {
  const n = digits.length;
  const flat = new Float32Array(n * MNIST_SIZE * MNIST_SIZE);
  digits.forEach((d, i) => flat.set(d, i * MNIST_SIZE * MNIST_SIZE));
  const p = tf.tidy(() => tf.softmax(model.predict(tf.tensor4d(flat, [n, MNIST_SIZE, MNIST_SIZE, 1])) as tf.Tensor2D).slice([0, cls], [n, 1]));
  try {
    return Array.from(await p.data());
  } finally {
    p.dispose();
  }
}

import * as tf from '@tensorflow/tfjs';

/**
 * Re-initialises every kernel with Glorot-uniform values from a seeded generator, so a training run
 * is reproducible (tfjs's own initialisers draw from an unseeded source). Biases and batch-norm
 * statistics keep their constant initial values.
 */
export function seedKernels(model: tf.LayersModel, rand: () => number): void {
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    const names = layer.weights.map((w) => w.originalName);
    const next = weights.map((w, i) => {
      if (!names[i]!.endsWith('kernel')) return w;
      const shape = w.shape;
      // Conv HWIO: fan-in = kh·kw·ci, fan-out = kh·kw·co. Dense [in, out].
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const fanIn = receptive * shape[shape.length - 2]!;
      const fanOut = receptive * shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = new Float32Array(w.size);
      for (let k = 0; k < values.length; k++) values[k] = (2 * rand() - 1) * limit;
      return tf.tensor(values, shape);
    });
    layer.setWeights(next);
    // getWeights() hands back the live variables; only the new tensors are ours to free.
    next.forEach((t, i) => t !== weights[i] && t.dispose());
  }
}

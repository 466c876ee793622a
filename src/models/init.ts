import * as tf from '@tensorflow/tfjs';

/** How biases start: at zero (Keras), or uniform in ±1/√fan-in as PyTorch, and so the book's code, leaves them. */
export type BiasInit = 'zeros' | 'torch';

/**
 * How kernels start: Glorot-uniform (the book's `init_cnn`), or He-uniform (±√(6/fan-in)), which keeps
 * the signal's size through a long chain of ReLU layers without batch norm.
 */
export type KernelInit = 'glorot' | 'he';

/**
 * Re-initialises every kernel as `kernelInit` says (Glorot-uniform by default) from a seeded
 * generator, so a training run is reproducible (tfjs's own initialisers draw from an unseeded source),
 * and the biases as `biasInit` says. Batch-norm parameters keep their constant initial values.
 */
export function seedKernels(model: tf.LayersModel, rand: () => number, biasInit: BiasInit = 'zeros', kernelInit: KernelInit = 'glorot'): void {
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    const names = layer.weights.map((w) => w.originalName);
    const kernel = weights.find((_, i) => names[i]!.endsWith('kernel'));
    const next = weights.map((w, i) => {
      if (biasInit === 'torch' && kernel && names[i]!.endsWith('bias')) {
        const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
        const bound = 1 / Math.sqrt(fanIn);
        return tf.tensor(Float32Array.from({ length: w.size }, () => (2 * rand() - 1) * bound), w.shape);
      }
      if (!names[i]!.endsWith('kernel')) return w;
      const shape = w.shape;
      // Conv HWIO: fan-in = kh·kw·ci, fan-out = kh·kw·co. Dense [in, out].
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const fanIn = receptive * shape[shape.length - 2]!;
      const fanOut = receptive * shape[shape.length - 1]!;
      const limit = kernelInit === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      const values = new Float32Array(w.size);
      for (let k = 0; k < values.length; k++) values[k] = (2 * rand() - 1) * limit;
      return tf.tensor(values, shape);
    });
    layer.setWeights(next);
    // getWeights() hands back the live variables; only the new tensors are ours to free.
    next.forEach((t, i) => t !== weights[i] && t.dispose());
  }
}

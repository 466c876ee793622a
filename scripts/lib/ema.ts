import * as tf from '@tensorflow/tfjs';

/**
 * An exponential moving average of a model's weights (Polyak averaging), batch norm's running
 * statistics included. `update()` after each training step; `swapIn()` puts the average into the
 * model (to evaluate or save it) and returns the function that puts the training weights back.
 */
export class WeightAverage {
  private readonly shadow: tf.Variable[];

  /**
   * @param steps how many updates the average has already had (a resumed run), for the warm-up.
   * @param start the weights to start from (a checkpointed average); default the model's own.
   */
  constructor(
    private readonly model: tf.LayersModel,
    private readonly decay: number,
    private steps = 0,
    start?: tf.Tensor[],
  ) {
    if (!(decay > 0 && decay < 1)) throw new Error(`The averaging decay must lie between 0 and 1, not ${decay}`);
    const weights = model.weights;
    if (start && start.length !== weights.length) throw new Error(`The saved average has ${start.length} weights, the model ${weights.length}`);
    this.shadow = weights.map((w, i) => tf.variable((start?.[i] ?? w.read()).clone(), false));
  }

  /** The decay of the next update: smaller for the first steps, so the untrained start fades fast. */
  get currentDecay(): number {
    return Math.min(this.decay, (1 + this.steps) / (10 + this.steps));
  }

  update(): void {
    const d = this.currentDecay;
    const weights = this.model.weights;
    tf.tidy(() => {
      this.shadow.forEach((s, i) => s.assign(s.mul(d).add(weights[i]!.read().mul(1 - d))));
    });
    this.steps++;
  }

  /** Puts the average into the model; the returned function restores the training weights. */
  swapIn(): () => void {
    const weights = this.model.weights;
    const training = weights.map((w) => w.read().clone());
    // A variable's assign() shares the tensor's data, so each copy can be let go once written.
    const put = (values: tf.Tensor[]) => weights.forEach((w, i) => w.write(values[i]!));
    put(this.shadow);
    return () => {
      put(training);
      training.forEach((t) => t.dispose());
    };
  }

  dispose(): void {
    this.shadow.forEach((s) => s.dispose());
  }
}

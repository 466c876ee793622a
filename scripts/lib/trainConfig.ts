import type { NetId } from '../../src/models/spec';

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** Peak Adam learning rate. */
  learningRate: number;
  warmupEpochs: number;
  augment: boolean;
  seed: number;
  /** Train on the first `limit` digits only (quick checks); undefined = all 60,000. */
  limit?: number;
}

/** The configuration each shipped network was trained with. */
export const TRAIN_CONFIG: Record<NetId, TrainConfig> = {
  lenet: { epochs: 30, batchSize: 128, learningRate: 3e-3, warmupEpochs: 1, augment: true, seed: 1998 },
};

import { describe, expect, it } from 'vitest';
import { stageOf, totalEpochs, TRAIN_CONFIG, type TrainConfig } from './trainConfig';

describe('a recipe with a fine-tuning stage', () => {
  const cfg: TrainConfig = {
    ...TRAIN_CONFIG.alexnet,
    epochs: 8,
    fineTune: { epochs: 2, learningRate: 2.5e-4, warmupEpochs: 0.1, drawn: { ...TRAIN_CONFIG.lenet.drawn!, probability: 0.3, elasticProbability: 0.2 } },
  };

  it('runs the first stage, then the second with its own rate, schedule and pad augmentation', () => {
    expect(totalEpochs(cfg)).toBe(10);
    expect(stageOf(cfg, 7)).toMatchObject({ fineTune: false, epoch: 7, cfg: { learningRate: 1e-3, epochs: 8 } });
    const second = stageOf(cfg, 9);
    expect(second).toMatchObject({ fineTune: true, epoch: 1, cfg: { learningRate: 2.5e-4, epochs: 2, warmupEpochs: 0.1, augment: true } });
    expect(second.cfg.drawn).toMatchObject({ probability: 0.3, elasticProbability: 0.2 });
    expect(second.cfg.fineTune).toBeUndefined();
  });

  it('is the plain recipe where there is no second stage', () => {
    expect(totalEpochs(TRAIN_CONFIG.vgg)).toBe(TRAIN_CONFIG.vgg.epochs);
    expect(stageOf(TRAIN_CONFIG.vgg, 3)).toEqual({ cfg: TRAIN_CONFIG.vgg, epoch: 3, fineTune: false });
  });
});

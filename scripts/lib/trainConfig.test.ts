import { describe, expect, it } from 'vitest';
import { averaging, stageOf, totalEpochs, TRAIN_CONFIG, type TrainConfig } from './trainConfig';

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
    const plain: TrainConfig = { ...TRAIN_CONFIG.vgg, fineTune: undefined };
    expect(totalEpochs(plain)).toBe(plain.epochs);
    expect(stageOf(plain, 3)).toEqual({ cfg: plain, epoch: 3, fineTune: false });
  });
});

describe('weight averaging', () => {
  it('covers the whole run when the recipe averages, the fine-tuning stage only when that stage does', () => {
    const base: TrainConfig = { ...TRAIN_CONFIG.vgg, fineTune: undefined, emaDecay: undefined };
    expect(averaging(base)).toBeUndefined();
    expect(averaging({ ...base, emaDecay: 0.999 })).toEqual({ from: 0, decay: 0.999 });
    const stage = { epochs: 2, learningRate: 2.5e-4, warmupEpochs: 0.1, drawn: TRAIN_CONFIG.vgg.drawn! };
    expect(averaging({ ...base, fineTune: stage })).toBeUndefined();
    expect(averaging({ ...base, fineTune: { ...stage, emaDecay: 0.99 } })).toEqual({ from: base.epochs, decay: 0.99 });
    // A whole-run average takes in the stage too.
    expect(averaging({ ...base, emaDecay: 0.999, fineTune: { ...stage, emaDecay: 0.99 } })).toEqual({ from: 0, decay: 0.999 });
  });
});

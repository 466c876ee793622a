import { describe, expect, it } from 'vitest';
import { drawnScoreLine } from './drawnLine';

const score = {
  redrawn: 0.985,
  redrawnCount: 10_000,
  hand: 0.998,
  handCount: 1260,
  perDigit: [0.994, 0.988, 0.985, 0.991, 0.979, 0.985, 0.984, 0.982, 0.984, 0.975],
};

describe('the drawn-digit line of the training card', () => {
  it('gives both drawn sets and the two weakest re-drawn digits to a tenth of a percent', () => {
    const line = drawnScoreLine(score, 0.9949);
    expect(line).toContain('98.5% of 10,000 MNIST test digits re-drawn');
    expect(line).toContain('99.8% of 1,260 hand-written stroke drawings');
    // 97.5% and 97.9% would both round to 98%, like most of the other digits.
    expect(line).toContain('reads worst: 9 (97.5%) and 4 (97.9%).');
  });

  it('compares the re-drawn digits with the same digits as scanned, and says why they read worse', () => {
    const line = drawnScoreLine(score, 0.9949);
    expect(line).toContain('(against 99.49% of them as scanned)');
    expect(line).toContain('smooth lines of one width');
    // A hand-written set read better than MNIST is not called worse.
    expect(line).not.toMatch(/less well/);
  });

  it('makes no such claim where the re-drawn digits read as well as the scanned ones', () => {
    const line = drawnScoreLine({ ...score, redrawn: 0.995 }, 0.993);
    expect(line).not.toContain('as scanned');
    expect(line).not.toContain('smooth lines');
  });
});

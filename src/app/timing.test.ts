import { describe, expect, it } from 'vitest';
import { median, timeUntil } from './timing';

describe('timing', () => {
  it('median takes the middle value (the upper one of an even count), NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('runs until the count or the deadline, whichever comes first', async () => {
    let calls = 0;
    const once = async () => ++calls;
    expect(await timeUntil(once, 5, Infinity)).toEqual({ medianMs: 3, runs: 5 });
    calls = 0;
    expect(await timeUntil(once, 5, performance.now() - 1)).toEqual({ medianMs: NaN, runs: 0 });
    expect(calls).toBe(0);
  });
});

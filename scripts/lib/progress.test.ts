import { describe, expect, it } from 'vitest';
import { formatSeconds } from './progress';

describe('formatSeconds', () => {
  it('never prints 60 seconds', () => {
    expect(formatSeconds(2699.6)).toBe('45m00s');
    expect(formatSeconds(59.6)).toBe('1m00s');
    expect(formatSeconds(42.2)).toBe('42s');
    expect(formatSeconds(185)).toBe('3m05s');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeStrokes, encodeStrokes, MAX_SHARED_POINTS } from './strokeCodec';
import type { Stroke } from './strokes';

describe('stroke codec', () => {
  it('round-trips strokes to within half a quantisation step', () => {
    const strokes: Stroke[] = [
      [
        [0.1, 0.2],
        [0.5, 0.55],
        [0.9, 0.123],
      ],
      [[0.3, 0.7]],
    ];
    const back = decodeStrokes(encodeStrokes(strokes));
    expect(back.map((s) => s.length)).toEqual([3, 1]);
    back.flat().forEach(([x, y], i) => {
      const [ox, oy] = strokes.flat()[i]!;
      expect(Math.abs(x - ox)).toBeLessThanOrEqual(1 / 510 + 1e-9);
      expect(Math.abs(y - oy)).toBeLessThanOrEqual(1 / 510 + 1e-9);
    });
    expect(encodeStrokes(strokes)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('thins a very long drawing to the point budget, keeping each stroke', () => {
    const long: Stroke = Array.from({ length: 10000 }, (_, i) => [i / 10000, 0.5]);
    const back = decodeStrokes(encodeStrokes([long, [[0, 0]]]));
    expect(back).toHaveLength(2);
    expect(back[0]!.length).toBeLessThanOrEqual(MAX_SHARED_POINTS + 1);
    expect(back[0]!.at(-1)![0]).toBeCloseTo(1, 2);
  });

  it('rejects malformed text', () => {
    for (const bad of ['<script>', 'AAE', 'AAA', '%%', 'A'.repeat(70000)]) expect(() => decodeStrokes(bad), bad).toThrow();
  });
});

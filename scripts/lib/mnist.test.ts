import { describe, expect, it } from 'vitest';
import { holdOut, type MnistSplit } from './mnist';

function fakeSplit(count: number): MnistSplit {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images[i * 784] = i % 256;
    images[i * 784 + 1] = Math.floor(i / 256);
    labels[i] = i % 10;
  }
  return { images, labels, count };
}

describe('holdOut', () => {
  it('keeps every digit for training when nothing is held out', () => {
    expect(holdOut(fakeSplit(50), 0)).toEqual({ trainIndices: Array.from({ length: 50 }, (_, i) => i) });
  });

  it('holds out a fixed, disjoint choice, with its own images and labels', () => {
    const split = fakeSplit(1000);
    const a = holdOut(split, 100);
    const b = holdOut(split, 100);
    expect(a.trainIndices).toEqual(b.trainIndices);
    expect(a.trainIndices).toHaveLength(900);
    expect(a.validation!.count).toBe(100);
    const held = new Set<number>();
    for (let k = 0; k < 100; k++) {
      const i = a.validation!.images[k * 784]! + 256 * a.validation!.images[k * 784 + 1]!;
      expect(a.validation!.labels[k]).toBe(i % 10);
      held.add(i);
    }
    expect(held.size).toBe(100);
    expect(a.trainIndices.some((i) => held.has(i))).toBe(false);
    // Not simply the first or the last digits.
    expect(Math.max(...held)).toBeGreaterThan(900);
    expect(Math.min(...held)).toBeLessThan(100);
  });

  it('refuses to hold out every digit', () => {
    expect(() => holdOut(fakeSplit(10), 10)).toThrow(/Cannot hold out/);
  });
});

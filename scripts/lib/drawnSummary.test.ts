import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_NETS } from '../../src/models/nets';

/** The figures the app's training card shows are the ones `npm run drawn` measured on the shipped weights. */
describe('public/weights/drawn.json', () => {
  const app = JSON.parse(readFileSync('public/weights/drawn.json', 'utf8')) as { nets: Record<string, { redrawn: number; hand: number; perDigit: number[]; redrawnCount: number }> };
  const bench = JSON.parse(readFileSync('bench/drawn.json', 'utf8')) as { results: { net: string; weights: string; redrawn: { accuracy: number; count: number }; hand: { accuracy: number } }[] };
  it.each(SHIPPED_NETS)('%s: as measured in bench/drawn.json', (net) => {
    const r = bench.results.find((x) => x.net === net)!;
    expect(r.weights).toBe(`public/weights/${net}`);
    expect(app.nets[net]!.redrawn).toBeCloseTo(r.redrawn.accuracy, 4);
    expect(app.nets[net]!.hand).toBeCloseTo(r.hand.accuracy, 4);
    expect(app.nets[net]!.redrawnCount).toBe(r.redrawn.count);
    expect(app.nets[net]!.perDigit).toHaveLength(10);
  });
});

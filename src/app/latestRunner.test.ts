import { describe, expect, it } from 'vitest';
import { LatestRunner, type RunResult } from './latestRunner';

function harness() {
  const frames: (() => void)[] = [];
  const started: number[] = [];
  const resolvers: ((v: string) => void)[] = [];
  const results: RunResult<string>[] = [];
  const runner = new LatestRunner<number, string>(
    (n) => {
      started.push(n);
      return new Promise<string>((resolve) => resolvers.push(resolve));
    },
    (r) => results.push(r),
    (cb) => frames.push(cb),
  );
  const frame = () => frames.splice(0).forEach((cb) => cb());
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { runner, frames, started, resolvers, results, frame, settle };
}

describe('LatestRunner', () => {
  it('runs at most once per frame, on the newest input', () => {
    const h = harness();
    h.runner.submit(1);
    h.runner.submit(2);
    h.runner.submit(3);
    expect(h.frames.length).toBe(1);
    expect(h.started).toEqual([]);
    h.frame();
    expect(h.started).toEqual([3]);
  });

  it('never queues a stale input behind a running job', async () => {
    const h = harness();
    h.runner.submit(1);
    h.frame();
    h.runner.submit(2);
    h.runner.submit(3);
    h.frame(); // a job is running: nothing new starts
    expect(h.started).toEqual([1]);
    h.resolvers[0]!('one');
    await h.settle();
    h.frame();
    expect(h.started).toEqual([1, 3]);
    h.resolvers[1]!('three');
    await h.settle();
    expect(h.results.map((r) => [r.version, r.output])).toEqual([
      [1, 'one'],
      [3, 'three'],
    ]);
    expect(h.runner.latest).toBe(3);
  });

  it('reports errors with their version and keeps going', async () => {
    const frames: (() => void)[] = [];
    const results: RunResult<number>[] = [];
    const runner = new LatestRunner<number, number>(
      async (n) => {
        if (n < 0) throw new Error('bad');
        return n * 2;
      },
      (r) => results.push(r),
      (cb) => frames.push(cb),
    );
    runner.submit(-1);
    frames.splice(0).forEach((cb) => cb());
    await new Promise((r) => setTimeout(r, 0));
    runner.submit(4);
    frames.splice(0).forEach((cb) => cb());
    await new Promise((r) => setTimeout(r, 0));
    expect((results[0]!.error as Error).message).toBe('bad');
    expect(results[1]).toEqual({ version: 2, output: 8 });
  });

  it('invalidate drops the waiting input and makes the running one stale', async () => {
    const h = harness();
    h.runner.submit(1);
    h.frame();
    h.runner.submit(2);
    const v = h.runner.invalidate();
    h.resolvers[0]!('one');
    await h.settle();
    h.frame();
    expect(h.started).toEqual([1]);
    expect(h.results[0]!.version).toBeLessThan(v);
  });
});

/**
 * The long-session soak, shared by the browser test (short) and `npm run soak` (full length): many
 * inferences through the whole page (input → probe → feature maps painted) with network switches in
 * between, sampling tf.memory() and the JS heap (after a forced GC) as it goes.
 */
import type { Page } from '@playwright/test';

export const SOAK_NETS = ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet'] as const;

export interface SoakSample {
  inferences: number;
  switches: number;
  net: string;
  numTensors: number;
  numBytes: number;
  heapMB: number;
}

export interface SoakReport {
  samples: SoakSample[];
  /** Per network: the tensor counts seen on each visit (equal when nothing leaks). */
  tensorsByNet: Record<string, number[]>;
  heapFirstCycleMB: number;
  heapLastMB: number;
  heapMaxMB: number;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/** Runs `inferences` inputs spread over `switches` + 1 visits to the networks, in turn. */
/** A step that never finishes fails the soak with what was waited for, instead of hanging it. */
const STEP_LIMIT_MS = 30_000;

async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`soak: ${what} painted nothing in ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function soak(page: Page, base: string, inferences: number, switches: number, log?: (s: SoakSample) => void): Promise<SoakReport> {
  await page.goto(`${base}/?net=lenet&backend=wasm`);
  await page.waitForFunction(() => window.convflow?.firstAt('warmed') !== undefined);
  const samples: SoakSample[] = [];
  const tensorsByNet: Record<string, number[]> = {};
  const perVisit = Math.max(1, Math.round(inferences / (switches + 1)));
  let done = 0;
  for (let visit = 0; visit <= switches; visit++) {
    const net = SOAK_NETS[visit % SOAK_NETS.length]!;
    if (visit > 0) {
      // The new network's diagram painted with its own answer to the current digit.
      const painted = page.evaluate(() => window.convflow!.next('painted'));
      await page.getByTestId(`net-${net}`).click();
      await within(painted, `switch ${visit} (to ${net})`);
    }
    const n = visit === switches ? inferences - done : Math.min(perVisit, inferences - done);
    await page.evaluate(async ([count, limit]) => {
      const c = window.convflow!;
      for (let i = 0; i < count; i++) {
        const painted = c.next('painted');
        await c.showSample(i);
        let timer = 0;
        const late = new Promise((_, reject) => {
          timer = window.setTimeout(() => reject(new Error(`soak: no feature maps painted ${limit} ms after sample ${i}`)), limit);
        });
        await Promise.race([painted, late]).finally(() => clearTimeout(timer));
      }
    }, [n, STEP_LIMIT_MS] as const);
    done += n;
    const memory = await page.evaluate(() => window.convflow!.memory());
    const sample = { inferences: done, switches: visit, net, numTensors: memory.numTensors, numBytes: memory.numBytes, heapMB: await heapMB(page) };
    samples.push(sample);
    (tensorsByNet[net] ??= []).push(memory.numTensors);
    log?.(sample);
  }
  const firstCycle = samples.slice(0, SOAK_NETS.length);
  return {
    samples,
    tensorsByNet,
    heapFirstCycleMB: Math.max(...firstCycle.map((s) => s.heapMB)),
    heapLastMB: samples.at(-1)!.heapMB,
    heapMaxMB: Math.max(...samples.map((s) => s.heapMB)),
  };
}

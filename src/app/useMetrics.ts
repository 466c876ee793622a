import { useEffect, useState } from 'react';
import type { NetId } from '../models/spec';

/** The parts of a network's metrics.json (written by its training run) that the page shows. */
export interface Metrics {
  testAccuracy: number;
  testCount: number;
  /** confusion[true][predicted] counts over the test set. */
  confusion: number[][];
  epochs: { epoch: number; trainLoss: number; trainAccuracy: number; testAccuracy: number }[];
  weightBytes: number;
  wallSeconds: number;
  config: { epochs: number; batchSize: number; learningRate: number };
}

function isMetrics(m: unknown): m is Metrics {
  const x = m as Partial<Metrics> | null;
  return !!x && typeof x.testAccuracy === 'number' && Array.isArray(x.confusion) && Array.isArray(x.epochs);
}

/** Loads `weights/<net>/metrics.json` for each network; a network is absent until its file arrives. */
export function useMetrics(nets: readonly NetId[]): Partial<Record<NetId, Metrics>> {
  const [metrics, setMetrics] = useState<Partial<Record<NetId, Metrics>>>({});
  const key = nets.join(',');
  useEffect(() => {
    let cancelled = false;
    for (const net of key.split(',') as NetId[]) {
      fetch(`${import.meta.env.BASE_URL}weights/${net}/metrics.json`)
        .then((r) => (r.ok ? r.json() : null))
        .then((m: unknown) => {
          if (!cancelled && isMetrics(m)) setMetrics((all) => ({ ...all, [net]: m }));
        })
        .catch(() => undefined);
    }
    return () => {
      cancelled = true;
    };
  }, [key]);
  return metrics;
}

import { useEffect, useState } from 'react';
import type { NetId } from '../models/spec';

/** The few figures of a network's metrics.json that the page shows. */
export interface TrainingSummary {
  testAccuracy: number;
  testCount: number;
  epochs: number;
  wallSeconds: number;
}

/** Loads `weights/<net>/metrics.json`; null while loading or when it is missing. */
export function useMetrics(net: NetId): TrainingSummary | null {
  const [summary, setSummary] = useState<{ net: NetId; value: TrainingSummary } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(`${import.meta.env.BASE_URL}weights/${net}/metrics.json`)
      .then((r) => (r.ok ? r.json() : null))
      .then((m: { testAccuracy?: number; testCount?: number; epochs?: unknown[]; wallSeconds?: number } | null) => {
        if (cancelled || !m || typeof m.testAccuracy !== 'number') return;
        setSummary({
          net,
          value: { testAccuracy: m.testAccuracy, testCount: m.testCount ?? 0, epochs: m.epochs?.length ?? 0, wallSeconds: m.wallSeconds ?? 0 },
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [net]);
  return summary?.net === net ? summary.value : null;
}

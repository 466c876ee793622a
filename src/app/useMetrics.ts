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
  /** Where training digits were held out to choose the epoch: the epoch whose weights ship. */
  selectedEpoch?: number;
  config: {
    epochs: number;
    /** How many training digits it trained on (60,000 unless some were held out). */
    trainDigits?: number;
    /** How many training digits were held out to choose the epoch. */
    validation?: number;
    /** Set where the shipped weights are an exponential moving average of the training weights. */
    emaDecay?: number;
    batchSize: number;
    learningRate: number;
    /** The pad-matching augmentation, where the first stage had it. */
    drawnAugmentation?: DrawnShare | null;
    /** A second stage from the first stage's weights (training for the pad). */
    fineTune?: { epochs: number; learningRate: number; drawn: DrawnShare; emaDecay?: number };
  };
}

/** What share of the training digits were re-drawn with the pad's brush, and elastically distorted. */
export interface DrawnShare {
  probability: number;
  elasticProbability: number;
  /** Share of the re-drawn 1s given a flag (absent: none). */
  flagOnes?: number;
}

function isMetrics(m: unknown): m is Metrics {
  const x = m as Partial<Metrics> | null;
  return !!x && typeof x.testAccuracy === 'number' && Array.isArray(x.confusion) && Array.isArray(x.epochs);
}

/** Each network's training record, fetched once per page (a failed fetch is tried again next time). */
const records = new Map<NetId, Promise<Metrics | null>>();

function loadMetrics(net: NetId): Promise<Metrics | null> {
  let record = records.get(net);
  if (!record) {
    record = fetch(`${import.meta.env.BASE_URL}weights/${net}/metrics.json`)
      .then((r) => (r.ok ? r.json() : null))
      .then((m: unknown) => (isMetrics(m) ? m : null))
      .catch(() => null);
    records.set(net, record);
    void record.then((m) => m ?? records.delete(net));
  }
  return record;
}

/** Loads `weights/<net>/metrics.json` for each network; a network is absent until its file arrives. */
export function useMetrics(nets: readonly NetId[]): Partial<Record<NetId, Metrics>> {
  const [metrics, setMetrics] = useState<Partial<Record<NetId, Metrics>>>({});
  const key = nets.join(',');
  useEffect(() => {
    let cancelled = false;
    for (const net of key.split(',') as NetId[]) {
      void loadMetrics(net).then((m) => {
        if (!cancelled && m) setMetrics((all) => (all[net] === m ? all : { ...all, [net]: m }));
      });
    }
    return () => {
      cancelled = true;
    };
  }, [key]);
  return metrics;
}

/** How well one network reads digits drawn with the pad's brush (`npm run drawn` on the shipped weights). */
export interface DrawnScore {
  redrawn: number;
  redrawnCount: number;
  hand: number;
  handCount: number;
  /** Share of re-drawn digits read right, per true digit 0–9. */
  perDigit: number[];
}

const weightsFiles = new Map<string, Promise<unknown>>();

/**
 * A JSON file of `weights/` (`name`), fetched once per page and read by `read`; `empty` until it
 * arrives, and when it cannot be fetched or parsed (the page then leaves out what it would show).
 */
export function useWeightsFile<T>(name: string, read: (json: unknown) => T, empty: T): T {
  const [value, setValue] = useState<T>(empty);
  useEffect(() => {
    let cancelled = false;
    let file = weightsFiles.get(name);
    if (!file) {
      file = fetch(`${import.meta.env.BASE_URL}weights/${name}`)
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null);
      weightsFiles.set(name, file);
    }
    void file.then((json) => !cancelled && json !== null && setValue(read(json)));
    return () => {
      cancelled = true;
    };
    // `read` and `empty` describe the file; a new one each render must not fetch again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);
  return value;
}

const NO_SCORES: Partial<Record<NetId, DrawnScore>> = {};

/** `weights/drawn.json`: each network's drawn-digit scores (the card leaves the line out without them). */
export const useDrawnScores = (): Partial<Record<NetId, DrawnScore>> =>
  useWeightsFile('drawn.json', (f) => (f as { nets?: Partial<Record<NetId, DrawnScore>> }).nets ?? NO_SCORES, NO_SCORES);

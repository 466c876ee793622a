import type * as tf from '@tensorflow/tfjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Cancelled, methodPasses, type Attribution, type AttributionMethod, type RunOptions } from '../models/attribution';
import type { AttributionFile } from '../models/attributionChecks';
import type { NetId } from '../models/spec';
import { useWeightsFile } from './useMetrics';

export interface AttributionState {
  /** The latest result for these inputs (or, while it is computed, the previous inputs' result). */
  result: Attribution | null;
  /** A result for these inputs, or a better pass, is being computed. */
  refining: boolean;
  error: string | null;
}

/** A first pass slower than this (ms) waits for the pen to rest this long before it starts. */
const REST_ABOVE_MS = 24;
const REST_MS = 150;

interface Job {
  model: tf.LayersModel;
  digit: Float32Array;
  method: AttributionMethod;
  cls: number;
  layer: string | null;
}

/**
 * The attribution of `method` toward `cls` for the digit, recomputed when any of them changes; a
 * newer digit stops the running one between batches. Off (all null) while `method` is null.
 */
export function useAttribution(
  model: tf.LayersModel | null,
  digit: Float32Array | null,
  method: AttributionMethod | null,
  cls: number | null,
  layer: string | null,
  /** Changes whenever the person draws (the strokes): a costly pass waits until it stops changing. */
  activity?: unknown,
): AttributionState {
  const job = useMemo<Job | null>(() => (model && digit && method !== null && cls !== null ? { model, digit, method, cls, layer } : null), [model, digit, method, cls, layer]);
  const [state, setState] = useState<AttributionState & { job: Job | null }>({ job: null, result: null, refining: false, error: null });
  // What the last first pass cost: a cheap method follows the pen; a costly one (a whole backward
  // pass through GoogLeNet is one long task) waits until the pen rests, so drawing stays smooth.
  const lastMs = useRef(REST_ABOVE_MS + 1);
  const lastActivity = useRef(0);
  useEffect(() => {
    lastActivity.current = performance.now();
  }, [activity]);
  useEffect(() => {
    if (!job) return;
    let stopped = false;
    const opts: RunOptions = { cancelled: () => stopped, yieldBetween: true };
    const list = methodPasses(job.method, job.model, job.digit, job.cls, job.layer, opts);
    // After the page has painted the answer: attribution never holds up the drawing.
    let timer = 0;
    const compute = async () => {
      for (const [i, run] of list.entries()) {
        try {
          const result = await run();
          if (i === 0) lastMs.current = result.ms;
          if (stopped) return;
          setState({ job, result, refining: i < list.length - 1, error: null });
        } catch (err) {
          if (stopped || err instanceof Cancelled) return;
          setState({ job, result: null, refining: false, error: err instanceof Error ? err.message : String(err) });
          return;
        }
      }
    };
    const start = () => {
      const quiet = performance.now() - lastActivity.current;
      if (lastMs.current > REST_ABOVE_MS && quiet < REST_MS) timer = window.setTimeout(start, REST_MS - quiet);
      else void compute();
    };
    timer = window.setTimeout(start, 0);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [job]);
  if (!job) return { result: null, refining: false, error: null };
  if (state.job !== job) return { result: state.error ? null : state.result, refining: true, error: null };
  return state;
}

/** `weights/attribution.json`: which methods pass the randomisation check, per network (null until read). */
export const useAttributionChecks = (): AttributionFile | null => useWeightsFile<AttributionFile | null>('attribution.json', (f) => f as AttributionFile, null);

/**
 * One method's first-pass map for several networks, each toward its own answer, computed one
 * network after another (a newer digit stops the run between batches and networks).
 */
export function useAttributions(
  loaded: readonly { net: NetId; model: tf.LayersModel }[],
  digit: Float32Array | null,
  method: AttributionMethod | null,
  answers: Partial<Record<NetId, number>>,
): { maps: Partial<Record<NetId, Attribution>>; busy: boolean; errors: Partial<Record<NetId, string>> } {
  const key = method && digit ? `${method}|${loaded.map((l) => `${l.net}:${answers[l.net] ?? ''}`).join(',')}` : null;
  const [state, setState] = useState<{ key: string | null; digit: Float32Array | null; maps: Partial<Record<NetId, Attribution>>; errors: Partial<Record<NetId, string>>; done: boolean }>({
    key: null,
    digit: null,
    maps: {},
    errors: {},
    done: true,
  });
  useEffect(() => {
    if (!key || !digit || !method) return;
    let stopped = false;
    const opts: RunOptions = { cancelled: () => stopped, yieldBetween: true };
    const timer = window.setTimeout(async () => {
      const maps: Partial<Record<NetId, Attribution>> = {};
      const errors: Partial<Record<NetId, string>> = {};
      for (const { net, model } of loaded) {
        const cls = answers[net];
        if (cls === undefined) continue;
        try {
          maps[net] = await methodPasses(method, model, digit, cls, null, opts)[0]!();
        } catch (err) {
          if (stopped || err instanceof Cancelled) return;
          errors[net] = err instanceof Error ? err.message : String(err);
        }
        if (stopped) return;
        setState({ key, digit, maps: { ...maps }, errors: { ...errors }, done: false });
      }
      setState({ key, digit, maps, errors, done: true });
    }, 0);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // `loaded` and `answers` are part of `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, digit]);
  if (!key || !digit) return { maps: {}, busy: false, errors: {} };
  const current = state.key === key && state.digit === digit;
  return { maps: state.maps, busy: !current || !state.done, errors: current ? state.errors : {} };
}

import { describe, expect, it } from 'vitest';
import { autoOrder, fallbackOrder, fastestBackend, type BackendTiming } from './backends';

describe('backend choice', () => {
  it('starts on WebGPU only with a hardware adapter', () => {
    expect(autoOrder('hardware')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(autoOrder('fallback')).toEqual(['wasm', 'webgl', 'cpu', 'webgpu']);
    expect(autoOrder('none')).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('falls back in the usual order after the chosen backend', () => {
    expect(fallbackOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(fallbackOrder(null)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  const timings: BackendTiming[] = [
    { backend: 'wasm', firstMs: 20, medianMs: 1.0, runs: 9 },
    { backend: 'webgl', firstMs: 300, medianMs: 0.8, runs: 9 },
    { backend: 'cpu', firstMs: 5, medianMs: 3, runs: 9 },
    { backend: 'webgpu', error: 'no adapter' },
  ];

  it('picks the fastest by median, ignoring failures', () => {
    expect(fastestBackend(timings, 'cpu')).toBe('webgl');
    expect(fastestBackend(timings, null)).toBe('webgl');
  });

  it('keeps the current backend when it is within the slack of the fastest', () => {
    expect(fastestBackend(timings, 'wasm', 0.3)).toBe('wasm');
    expect(fastestBackend(timings, 'wasm', 0.1)).toBe('webgl');
  });

  it('has no answer when nothing ran', () => {
    expect(fastestBackend([{ backend: 'webgpu', error: 'x' }], 'wasm')).toBeNull();
    expect(fastestBackend([{ backend: 'wasm', firstMs: 1, medianMs: NaN, runs: 0 }], 'wasm')).toBeNull();
  });
});

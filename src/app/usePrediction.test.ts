// @vitest-environment happy-dom
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { createElement, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModel } from '../../scripts/lib/modelFiles';
import type { Picture } from './inputHistory';
import { usePrediction } from './usePrediction';
import type { LoadedNet, SessionState } from './useSession';

/** The ten MNIST test digits the app ships, as pictures to put on the pad. */
function samples(): { label: number; picture: Picture }[] {
  const json = JSON.parse(readFileSync('public/samples/mnist-test.json', 'utf8')) as { digits: { index: number; label: number; pixels: string }[] };
  return json.digits.map((d) => ({
    label: d.label,
    picture: { ink: { width: 28, height: 28, data: Float32Array.from(Buffer.from(d.pixels, 'base64'), (b) => b / 255) }, caption: `#${d.index}` },
  }));
}

describe('usePrediction under StrictMode (mounted, unmounted and mounted again, as in development)', () => {
  let loaded: LoadedNet[] = [];
  let root: Root;
  let hook: ReturnType<typeof usePrediction> | null = null;
  const session = (): SessionState => ({
    backendStatus: { phase: 'ready' },
    nets: { lenet: { phase: 'ready' } },
    backend: 'cpu',
    failures: [],
    current: () => loaded,
    sessionKey: 'lenet|cpu|0|ready|1',
    retry: () => undefined,
    deviceLost: null,
  });
  const stable = session();
  function Host() {
    hook = usePrediction(stable);
    return null;
  }

  beforeAll(async () => {
    await tf.setBackend('cpu');
    loaded = [{ net: 'lenet', backend: 'cpu', model: await loadModel('public/weights/lenet') }];
    root = createRoot(document.createElement('div'));
    root.render(createElement(StrictMode, null, createElement(Host)));
    await vi.waitFor(() => expect(hook).not.toBeNull());
  });

  afterAll(() => {
    root.unmount();
    loaded.forEach((l) => l.model.dispose());
  });

  it('answers every input, with the digit it shows, and keeps the tensor count flat', async () => {
    let before = -1;
    for (const { label, picture } of samples()) {
      hook!.setPicture(picture);
      await vi.waitFor(
        () => {
          expect(hook!.picture).toBe(picture);
          expect(hook!.viewOf('lenet').state).toBe('ready');
        },
        { timeout: 20_000, interval: 20 },
      );
      expect(hook!.viewOf('lenet').prediction!.digit).toBe(label);
      expect(hook!.input).not.toBeNull();
      if (before < 0) before = tf.memory().numTensors;
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('undoes back to the previous picture, and that is answered too', async () => {
    const [a, b] = samples();
    hook!.setPicture(a!.picture);
    hook!.setPicture(b!.picture);
    await vi.waitFor(() => expect(hook!.viewOf('lenet').prediction?.digit).toBe(b!.label), { timeout: 20_000 });
    hook!.undo();
    await vi.waitFor(() => {
      expect(hook!.picture).toBe(a!.picture);
      expect(hook!.viewOf('lenet').state).toBe('ready');
      expect(hook!.viewOf('lenet').prediction!.digit).toBe(a!.label);
    }, { timeout: 20_000 });
  });
});

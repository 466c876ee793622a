import { expect, test } from '@playwright/test';
import { DIGITS, draw, place, readPrediction, watchErrors } from './helpers';

/**
 * A seeded fuzz of the drawing pad: 1,200 random pointer sequences dispatched on the pad — mouse,
 * pen and touch mixed, several pointers at once, points far outside the canvas, pointercancel,
 * zero-length strokes, strokes of 10,000 points, ups without downs — then the app must still be
 * sane: no uncaught exception, no NaN on screen, a settled state, and a real digit read correctly.
 */
test('1,200 random pointer sequences leave the app working and truthful', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto('/?net=lenet&backend=wasm');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', 'idle');
  const stats = await page.evaluate(async () => {
    let seed = 20261128;
    const rand = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="draw-canvas"]')!;
    const clearButton = document.querySelector<HTMLButtonElement>('[data-testid="clear"]')!;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const kinds = { normal: 0, cancel: 0, zero: 0, far: 0, long: 0, multi: 0, orphan: 0, lost: 0 };
    const fire = (type: string, id: number, pointerType: string, x: number, y: number) => {
      const r = canvas.getBoundingClientRect();
      canvas.dispatchEvent(
        new PointerEvent(type, { pointerId: id, pointerType, isPrimary: id === 1, clientX: r.left + x * r.width, clientY: r.top + y * r.height, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true }),
      );
    };
    const coord = () => (rand() < 0.1 ? pick([-1e6, -500, 1e6, 3.5, -2.5, 1e9]) : rand());
    for (let i = 0; i < 1200; i++) {
      const type = pick(['mouse', 'pen', 'touch'] as const);
      const id = 1 + Math.floor(rand() * 4);
      const kind = pick(['normal', 'normal', 'cancel', 'zero', 'far', 'multi', 'orphan', 'lost', ...(i % 100 === 0 ? (['long'] as const) : [])] as const);
      kinds[kind]++;
      const x = rand();
      const y = rand();
      if (kind === 'orphan') {
        fire(pick(['pointermove', 'pointerup', 'pointercancel']), id, type, coord(), coord());
      } else if (kind === 'zero') {
        fire('pointerdown', id, type, x, y);
        fire('pointerup', id, type, x, y);
      } else if (kind === 'multi') {
        // Two pointers down at once, moves interleaved, released in either order.
        const other = id === 4 ? 1 : id + 1;
        fire('pointerdown', id, type, x, y);
        fire('pointerdown', other, 'touch', rand(), rand());
        for (let k = 0; k < 10; k++) {
          fire('pointermove', id, type, x + k / 40, y);
          fire('pointermove', other, 'touch', rand(), rand());
        }
        fire('pointerup', pick([id, other]), type, x, y);
        fire('pointerup', id, type, x, y);
        fire('pointerup', other, 'touch', x, y);
      } else {
        const n = kind === 'long' ? 10_000 : 2 + Math.floor(rand() * 30);
        fire('pointerdown', id, type, x, y);
        for (let k = 0; k < n; k++) {
          const far = kind === 'far';
          fire('pointermove', id, type, far ? coord() : x + Math.sin(k / 7) * 0.3, far ? coord() : y + Math.cos(k / 5) * 0.3);
        }
        if (kind === 'lost') fire('lostpointercapture', id, type, x, y);
        else fire(kind === 'cancel' ? 'pointercancel' : 'pointerup', id, type, x, y);
      }
      // Let React render and the networks run now and then; start afresh sometimes.
      if (i % 25 === 0) await frame();
      if (i % 150 === 149 && !clearButton.disabled) clearButton.click();
    }
    await frame();
    return kinds;
  });
  // Every kind of sequence was sent.
  for (const [kind, n] of Object.entries(stats)) expect(n, kind).toBeGreaterThan(0);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-state', /^(ready|idle)$/);
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|undefined|Infinity/);
  // The pad still works: clear, draw a 7, read a 7.
  if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
  await draw(page, place(DIGITS['7']!, 0.8));
  expect(await readPrediction(page)).toEqual({ digit: '7', backend: 'wasm' });
  expect(errors).toEqual([]);
});

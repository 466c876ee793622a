/**
 * Checks the Node brush (src/models/strokeRender.ts) against the pad's real one: the hand-written
 * templates are painted by `drawStrokes` (src/viz/strokes.ts) on a 280-pixel canvas in headless
 * Chromium, as the app's rasterize.ts does, and by the Node brush at 280 and at 112 pixels; all three
 * go through `toMnist` and the 28×28 digits are compared.
 *
 *   npx tsx scripts/brushCheck.ts
 */
import { chromium } from '@playwright/test';
import { toMnist } from '../src/models/preprocess';
import { strokesToMnist } from '../src/models/strokeRender';
import { drawStrokes, PEN_WIDTH } from '../src/viz/strokes';
import { chromiumPath, chromiumArgs } from './lib/browser';
import { HAND_TEMPLATES } from './lib/handDigits';

const SIZE = 280;

function compare(a: Float32Array, b: Float32Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  a.forEach((v, i) => {
    const d = Math.abs(v - b[i]!);
    max = Math.max(max, d);
    sum += d;
  });
  return { max, mean: sum / a.length };
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.setContent('<canvas id="c" width="280" height="280"></canvas>');
    // The pad's own function, compiled by tsx, with its one free name bound.
    const source = `const PEN_WIDTH = ${PEN_WIDTH}; ${drawStrokes.toString()}; return drawStrokes;`;
    const rows: { name: string; node280: { max: number; mean: number }; node112: { max: number; mean: number } }[] = [];
    for (const t of HAND_TEMPLATES) {
      const red = await page.evaluate(
        ({ source, strokes, size }) => {
          const draw = new Function(source)() as (ctx: CanvasRenderingContext2D, s: unknown, n: number) => void;
          const canvas = document.getElementById('c') as HTMLCanvasElement;
          const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
          draw(ctx, strokes, size);
          const rgba = ctx.getImageData(0, 0, size, size).data;
          return Array.from({ length: size * size }, (_, i) => rgba[i * 4]!);
        },
        { source, strokes: t.strokes, size: SIZE },
      );
      const canvasDigit = toMnist({ width: SIZE, height: SIZE, data: Float32Array.from(red, (v) => v / 255) })!;
      rows.push({
        name: `${t.label}: ${t.name}`,
        node280: compare(canvasDigit, strokesToMnist(t.strokes, { size: SIZE })!),
        node112: compare(canvasDigit, strokesToMnist(t.strokes, { size: 112 })!),
      });
    }
    const worst = (k: 'node280' | 'node112') => Math.max(...rows.map((r) => r[k].max));
    const meanOf = (k: 'node280' | 'node112') => rows.reduce((s, r) => s + r[k].mean, 0) / rows.length;
    console.log(`${rows.length} templates, 28×28 ink difference from Chromium's canvas (${await browser.version()}):`);
    console.log(`| Node brush at | mean per pixel | worst pixel |`);
    console.log(`|---|---|---|`);
    console.log(`| 280 px | ${meanOf('node280').toFixed(4)} | ${worst('node280').toFixed(3)} |`);
    console.log(`| 112 px | ${meanOf('node112').toFixed(4)} | ${worst('node112').toFixed(3)} |`);
    const hardest = [...rows].sort((a, b) => b.node112.max - a.node112.max).slice(0, 3);
    console.log(`largest at 112 px: ${hardest.map((r) => `${r.name} (${r.node112.max.toFixed(3)})`).join('; ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});

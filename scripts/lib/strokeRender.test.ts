/**
 * The Node brush (src/models/strokeRender.ts) against the pad's own (src/viz/strokes.ts): the models
 * layer may not import the viz layer, so this test, outside both, checks they agree. It records the
 * canvas calls `drawStrokes` makes and compares their geometry with the Node brush's paths.
 */
import { describe, expect, it } from 'vitest';
import { flattenStroke, PEN_WIDTH, type Point, type Stroke } from '../../src/models/strokeRender';
import { drawStrokes, PEN_WIDTH as PAD_PEN_WIDTH } from '../../src/viz/strokes';

type Call = { op: string; args: number[] };

/** A stand-in 2-D context that records path operations and the pen's settings. */
function recorder() {
  const calls: Call[] = [];
  const state: Record<string, unknown> = {};
  const ctx = new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      return (...args: number[]) => calls.push({ op: prop, args });
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, calls, state };
}

/** The pad's path for each stroke, sampled densely from the recorded moveTo/quadraticCurveTo/lineTo calls. */
function recordedPaths(calls: Call[]): Point[][] {
  const out: Point[][] = [];
  let cur: Point[] = [];
  for (const { op, args } of calls) {
    if (op === 'beginPath') cur = [];
    else if (op === 'moveTo' || op === 'lineTo') cur.push([args[0]!, args[1]!]);
    else if (op === 'quadraticCurveTo') {
      const [sx, sy] = cur[cur.length - 1]!;
      const [cx, cy, ex, ey] = args as [number, number, number, number];
      for (let k = 1; k <= 50; k++) {
        const t = k / 50;
        cur.push([(1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t * t * ex, (1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t * t * ey]);
      }
    } else if (op === 'stroke') out.push(cur);
    else if (op === 'arc') out.push([[args[0]!, args[1]!]]);
  }
  return out;
}

function distanceToPolyline(p: Point, line: Point[]): number {
  if (line.length === 1) return Math.hypot(p[0] - line[0]![0], p[1] - line[0]![1]);
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!;
    const [bx, by] = line[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy));
  }
  return best;
}

describe('the Node brush matches the pad’s', () => {
  it('uses the same pen width', () => {
    expect(PEN_WIDTH).toBe(PAD_PEN_WIDTH);
  });

  it('follows the same path as the pad’s canvas calls, with round caps and joins at the pen width', () => {
    const size = 280;
    const strokes: Stroke[] = [
      [[0.3, 0.25], [0.45, 0.22], [0.62, 0.25], [0.66, 0.3], [0.58, 0.45], [0.5, 0.62], [0.46, 0.8]],
      [[0.4, 0.5], [0.62, 0.49]],
      [[0.7, 0.7]],
    ];
    const { ctx, calls, state } = recorder();
    drawStrokes(ctx, strokes, size);
    expect(state.lineCap).toBe('round');
    expect(state.lineJoin).toBe('round');
    expect(state.lineWidth).toBeCloseTo(PEN_WIDTH * size, 9);
    const pad = recordedPaths(calls);
    expect(pad).toHaveLength(strokes.length);
    strokes.forEach((stroke, k) => {
      const node = flattenStroke(stroke.map(([x, y]): Point => [x * size, y * size]));
      // Every point of either path lies within a few hundredths of a pixel of the other.
      const worst = Math.max(...pad[k]!.map((p) => distanceToPolyline(p, node)), ...node.map((p) => distanceToPolyline(p, pad[k]!)));
      expect(worst).toBeLessThan(0.1);
    });
  });
});

/**
 * Digits written by hand as pen strokes, in the common ways people draw each one (7 with and without
 * a crossbar, 9 in one stroke or as a circle and a line, open and closed 4, 1 plain or with flag and
 * base, 2 with and without a loop, ...). Pad coordinates: (0, 0) top-left, (1, 1) bottom-right; the
 * strokes are in drawing order, each from where the pen goes down to where it lifts.
 *
 * This set is for measuring only: no training run ever sees it.
 */
import { drawOnPad, MOUSE_VARIATION, type DrawVariation } from '../../src/models/drawnAugment';
import { seededRandom } from '../../src/models/random';
import type { Point, Stroke } from '../../src/models/strokeRender';

/**
 * Points on an ellipse about (cx, cy) with radii (rx, ry), from angle a0 to a1 in degrees, screen
 * style: 0° is to the right, 90° is down, so increasing angles go clockwise on the pad.
 */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number): Point[] {
  const n = Math.max(4, Math.ceil(Math.abs(a1 - a0) / 12));
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = ((a0 + ((a1 - a0) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

/** One stroke made of pieces drawn without lifting the pen (repeated joint points dropped). */
function pen(...pieces: Point[][]): Stroke {
  const out: Stroke = [];
  for (const piece of pieces) {
    for (const p of piece) {
      const last = out[out.length - 1];
      if (!last || Math.hypot(last[0] - p[0], last[1] - p[1]) > 1e-6) out.push(p);
    }
  }
  return out;
}

/** A straight piece through the given points, with samples between them as a moving pen leaves. */
function line(...pts: Point[]): Point[] {
  const out: Point[] = [pts[0]!];
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1]!;
    const [bx, by] = pts[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 0.05));
    for (let k = 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

/** A figure eight in one stroke (a Gerono lemniscate), top loop `top` and bottom loop `bottom` wide. */
function eight(top: number, bottom: number, height = 0.3, start = 0): Point[] {
  return Array.from({ length: 41 }, (_, i) => {
    const t = start + (2 * Math.PI * i) / 40;
    const upper = Math.cos(t) > 0;
    return [0.5 + (upper ? top : bottom) * Math.sin(2 * t), 0.5 - height * Math.cos(t)];
  });
}

export interface HandTemplate {
  label: number;
  name: string;
  strokes: Stroke[];
}

const T = (label: number, name: string, ...strokes: Stroke[]): HandTemplate => ({ label, name, strokes });

/** The templates: 5 to 9 ways of drawing each digit. */
export const HAND_TEMPLATES: HandTemplate[] = [
  T(0, 'oval, anticlockwise from the top', pen(arc(0.5, 0.5, 0.17, 0.28, -90, -440))),
  T(0, 'oval, clockwise, overshooting', pen(arc(0.5, 0.5, 0.18, 0.27, -100, 275))),
  T(0, 'narrow', pen(arc(0.5, 0.5, 0.11, 0.28, -80, -445))),
  T(0, 'round', pen(arc(0.5, 0.5, 0.22, 0.25, -90, 270))),
  T(0, 'left open at the top', pen(arc(0.5, 0.5, 0.17, 0.28, -75, 245))),
  T(0, 'pointed top', pen(line([0.5, 0.22], [0.4, 0.3]), arc(0.5, 0.52, 0.15, 0.26, -150, -400), line([0.6, 0.3], [0.5, 0.22]))),

  T(1, 'plain', pen(line([0.5, 0.2], [0.5, 0.8]))),
  T(1, 'slanted', pen(line([0.56, 0.2], [0.45, 0.8]))),
  T(1, 'with a flag', pen(line([0.41, 0.32], [0.53, 0.2], [0.53, 0.8]))),
  T(1, 'flag and base', pen(line([0.41, 0.32], [0.53, 0.2], [0.53, 0.8])), pen(line([0.4, 0.8], [0.66, 0.8]))),
  T(1, 'long flag, slanted', pen(line([0.36, 0.38], [0.56, 0.2], [0.5, 0.8]))),
  T(1, 'short flag, base in one stroke', pen(line([0.44, 0.28], [0.53, 0.2], [0.53, 0.8], [0.42, 0.8])), pen(line([0.53, 0.8], [0.64, 0.8]))),

  T(2, 'swan neck and base', pen(arc(0.5, 0.36, 0.16, 0.14, 200, 380), line([0.65, 0.42], [0.33, 0.78], [0.7, 0.78]))),
  T(2, 'loop at the bottom', pen(arc(0.5, 0.36, 0.16, 0.14, 200, 380), line([0.65, 0.42], [0.37, 0.74]), arc(0.37, 0.69, 0.05, 0.05, 90, 450), line([0.37, 0.74], [0.7, 0.77]))),
  T(2, 'Z-like', pen(line([0.32, 0.26], [0.62, 0.22]), arc(0.55, 0.32, 0.1, 0.1, -60, 40), line([0.63, 0.38], [0.32, 0.78], [0.7, 0.78]))),
  T(2, 'curved neck', pen(arc(0.5, 0.38, 0.17, 0.16, 190, 400), [[0.6, 0.55], [0.48, 0.66], [0.36, 0.76]], line([0.36, 0.77], [0.68, 0.75]))),
  T(2, 'base lifting at the end', pen(arc(0.5, 0.35, 0.16, 0.13, 210, 375), line([0.65, 0.4], [0.34, 0.78]), [[0.45, 0.79], [0.58, 0.78], [0.7, 0.72]])),
  T(2, 'narrow with a round loop', pen(arc(0.5, 0.34, 0.13, 0.12, 200, 380), line([0.62, 0.4], [0.42, 0.75]), arc(0.42, 0.69, 0.06, 0.06, 90, 450), line([0.42, 0.75], [0.64, 0.78]))),

  T(3, 'two bumps', pen(arc(0.48, 0.35, 0.15, 0.13, -150, 90), arc(0.48, 0.63, 0.17, 0.15, -90, 150))),
  T(3, 'flat top', pen(line([0.32, 0.22], [0.66, 0.22], [0.47, 0.45]), arc(0.48, 0.62, 0.17, 0.16, -100, 150))),
  T(3, 'two strokes', pen(arc(0.49, 0.35, 0.15, 0.13, -160, 100)), pen(arc(0.49, 0.63, 0.17, 0.15, -100, 150))),
  T(3, 'pointed middle', pen(arc(0.48, 0.35, 0.15, 0.13, -150, 60), line([0.55, 0.46], [0.42, 0.49], [0.55, 0.5]), arc(0.48, 0.64, 0.17, 0.15, -60, 150))),
  T(3, 'narrow', pen(arc(0.5, 0.34, 0.11, 0.12, -160, 90), arc(0.5, 0.62, 0.13, 0.16, -90, 160))),
  T(3, 'small top, big bottom', pen(arc(0.5, 0.31, 0.11, 0.1, -160, 90), arc(0.48, 0.6, 0.19, 0.19, -90, 145))),

  T(4, 'open, two strokes', pen(line([0.45, 0.2], [0.3, 0.58], [0.72, 0.58])), pen(line([0.6, 0.35], [0.6, 0.82]))),
  T(4, 'closed', pen(line([0.58, 0.2], [0.3, 0.6], [0.72, 0.6])), pen(line([0.58, 0.2], [0.58, 0.82]))),
  T(4, 'open, upright arm', pen(line([0.35, 0.2], [0.33, 0.55], [0.68, 0.55])), pen(line([0.62, 0.22], [0.62, 0.82]))),
  T(4, 'open, crossbar past the stem', pen(line([0.42, 0.22], [0.3, 0.6], [0.74, 0.58])), pen(line([0.62, 0.3], [0.58, 0.82]))),
  T(4, 'closed, one stroke', pen(line([0.62, 0.82], [0.6, 0.2], [0.3, 0.6], [0.72, 0.6]))),
  T(4, 'closed, narrow top', pen(line([0.53, 0.2], [0.32, 0.6], [0.72, 0.6])), pen(line([0.56, 0.2], [0.58, 0.82]))),
  T(4, 'open, short stem', pen(line([0.4, 0.2], [0.32, 0.52], [0.7, 0.52])), pen(line([0.6, 0.3], [0.6, 0.75]))),

  T(5, 'stem and bowl, then the bar', pen(line([0.38, 0.22], [0.36, 0.47]), arc(0.49, 0.62, 0.17, 0.16, -125, 150)), pen(line([0.38, 0.22], [0.66, 0.21]))),
  T(5, 'bar first, one stroke', pen(line([0.66, 0.22], [0.38, 0.22], [0.36, 0.47]), arc(0.49, 0.62, 0.17, 0.16, -125, 150))),
  T(5, 'full bowl', pen(line([0.37, 0.2], [0.35, 0.45]), arc(0.5, 0.62, 0.2, 0.18, -130, 160)), pen(line([0.37, 0.2], [0.68, 0.2]))),
  T(5, 'flat bowl', pen(line([0.38, 0.22], [0.35, 0.5]), arc(0.5, 0.64, 0.17, 0.13, -110, 150)), pen(line([0.4, 0.21], [0.67, 0.24]))),
  T(5, 'slanted bar drawn last', pen(line([0.4, 0.24], [0.36, 0.48]), arc(0.48, 0.63, 0.16, 0.16, -130, 140)), pen(line([0.4, 0.24], [0.7, 0.19]))),

  T(6, 'one stroke', pen([[0.62, 0.2], [0.5, 0.3], [0.4, 0.45], [0.35, 0.62]], arc(0.5, 0.64, 0.15, 0.14, 180, -180))),
  T(6, 'small loop', pen([[0.6, 0.2], [0.48, 0.32], [0.4, 0.5], [0.38, 0.68]], arc(0.48, 0.7, 0.1, 0.1, 180, -170))),
  T(6, 'straight stem', pen(line([0.55, 0.2], [0.38, 0.62]), arc(0.5, 0.64, 0.14, 0.15, 170, -180))),
  T(6, 'loop left open', pen([[0.63, 0.22], [0.5, 0.3], [0.4, 0.45], [0.35, 0.62]], arc(0.5, 0.64, 0.15, 0.14, 180, -120))),
  T(6, 'round stem', pen(arc(0.62, 0.5, 0.27, 0.3, -100, -190), arc(0.5, 0.64, 0.15, 0.15, 180, -180))),

  T(7, 'plain', pen(line([0.3, 0.22], [0.68, 0.22], [0.45, 0.8]))),
  T(7, 'with a crossbar', pen(line([0.3, 0.22], [0.68, 0.22], [0.45, 0.8])), pen(line([0.42, 0.5], [0.64, 0.5]))),
  T(7, 'curved stem', pen(line([0.3, 0.22], [0.68, 0.22]), [[0.6, 0.4], [0.52, 0.6], [0.5, 0.8]])),
  T(7, 'with a serif', pen(line([0.3, 0.3], [0.3, 0.22], [0.68, 0.22], [0.45, 0.8]))),
  T(7, 'crossbar and curved stem', pen(line([0.32, 0.22], [0.7, 0.22]), [[0.62, 0.4], [0.55, 0.6], [0.52, 0.8]]), pen(line([0.44, 0.5], [0.7, 0.5]))),
  T(7, 'steep, long crossbar', pen(line([0.33, 0.2], [0.66, 0.2], [0.55, 0.82])), pen(line([0.45, 0.5], [0.74, 0.5]))),
  T(7, 'short bar, long stem', pen(line([0.4, 0.22], [0.63, 0.22], [0.5, 0.8]))),
  T(7, 'wavy top', pen([[0.3, 0.25], [0.4, 0.2], [0.52, 0.25], [0.68, 0.2]], line([0.68, 0.2], [0.48, 0.8]))),

  T(8, 'one stroke', pen(eight(0.16, 0.16))),
  T(8, 'two circles', pen(arc(0.5, 0.34, 0.12, 0.12, -90, 270)), pen(arc(0.5, 0.62, 0.15, 0.15, -90, 270))),
  T(8, 'big bottom loop', pen(eight(0.13, 0.19))),
  T(8, 'narrow, overshooting', pen(eight(0.1, 0.11, 0.3, -0.3))),
  T(8, 'snowman in one stroke', pen(arc(0.5, 0.34, 0.12, 0.12, 90, -270), arc(0.5, 0.62, 0.15, 0.14, -90, 270))),

  T(9, 'one stroke with a loop', pen(arc(0.5, 0.35, 0.14, 0.13, 0, -360), line([0.64, 0.35], [0.62, 0.8]))),
  T(9, 'circle and line', pen(arc(0.5, 0.35, 0.14, 0.13, -20, -385)), pen(line([0.64, 0.3], [0.62, 0.8]))),
  T(9, 'curved tail', pen(arc(0.5, 0.35, 0.14, 0.13, 0, -360), [[0.64, 0.45], [0.63, 0.65], [0.57, 0.77], [0.46, 0.8]])),
  T(9, 'slanted stem', pen(arc(0.52, 0.34, 0.14, 0.12, 0, -360), line([0.66, 0.34], [0.55, 0.8]))),
  T(9, 'loop clockwise from the top left', pen(arc(0.5, 0.35, 0.14, 0.13, -150, 200), line([0.63, 0.32], [0.62, 0.8]))),
  T(9, 'small loop, long stem', pen(arc(0.5, 0.3, 0.11, 0.1, 0, -360), line([0.61, 0.3], [0.6, 0.82]))),
  T(9, 'loop left open', pen(arc(0.5, 0.35, 0.14, 0.13, -40, -320), line([0.61, 0.43], [0.62, 0.8]))),
  T(9, 'stem from above the loop', pen(arc(0.5, 0.36, 0.13, 0.12, -90, -450)), pen(line([0.63, 0.22], [0.63, 0.8]))),
  T(9, 'round loop, short stem', pen(arc(0.48, 0.4, 0.18, 0.17, 0, -360), line([0.66, 0.4], [0.64, 0.78]))),
];

/** One drawing of the hand set: its digit, the template it came from, and the strokes on the pad. */
export interface HandSample {
  label: number;
  template: string;
  strokes: Stroke[];
}

/**
 * `perTemplate` drawings of every template, each bent by one draw of `variation` (mouse-like
 * rotation, shear, aspect, wobble, size on the pad), reproducibly from `seed`.
 */
export function handSamples(perTemplate: number, seed = 7, variation: DrawVariation = MOUSE_VARIATION): HandSample[] {
  const rand = seededRandom(seed);
  const out: HandSample[] = [];
  for (const t of HAND_TEMPLATES) {
    for (let k = 0; k < perTemplate; k++) {
      out.push({ label: t.label, template: `${t.label}: ${t.name}`, strokes: drawOnPad(t.strokes, rand, variation).strokes });
    }
  }
  return out;
}

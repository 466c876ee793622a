/**
 * Saving what a view shows as a figure for slides (issue 15): the live page is read once into a
 * plain list of shapes (boxes, text lines, feature-map images, SVG paths), which is then written as
 * a standalone SVG file or painted into a PNG at twice the resolution. Nothing is rasterised through
 * the page (the Content-Security-Policy allows no data: or blob: images), so both files come from
 * the same list and look alike.
 */

/** An affine map [a, b, c, d, e, f], as SVG's `matrix()` and canvas's `transform()` take it. */
export type Matrix = [number, number, number, number, number, number];

export type FigureItem =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r: number; fill: string | null; stroke: string | null; strokeWidth: number; dash: number[] | null; opacity: number }
  | { kind: 'text'; x: number; y: number; text: string; size: number; weight: string; family: string; style: string; fill: string; opacity: number; rotate?: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; source: HTMLCanvasElement; pixelated: boolean; opacity: number }
  | { kind: 'path'; d: string; matrix: Matrix; fill: string | null; stroke: string | null; strokeWidth: number; dash: string | null; opacity: number; extent: Extent };

/** A region in figure units. */
export interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Figure {
  width: number;
  height: number;
  items: FigureItem[];
}

/** One region of the page to put in a figure. */
export interface FigurePart {
  el: Element;
  /**
   * An SVG group whose own coordinates the part is drawn in (a zoomable diagram: the figure holds
   * all of it, at its natural size, whatever the zoom and pan on screen). Without it, the part is
   * drawn as the page lays it out.
   */
  frame?: SVGGraphicsElement;
}

/** What the figure leaves out: the controls around the content, and text only screen readers get. */
const SKIP = 'select, input, .sr-only, .stepbar, .fold-toggle, .unfold-toggle, .answer-wait, .diagram-rf, .f1-hint, .prediction .hint, .prediction .timing, .why-methods, .why-field, .why-head button, [data-figure-skip]';
const PAD = 16;
const GAP = 28;
const TITLE_SIZE = 16;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const transparent = (color: string) => color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color) || color === 'none';

interface Mapper {
  /** A point on screen in the part's coordinates. */
  point(x: number, y: number): [number, number];
  /** The part's unit in screen pixels. */
  scale: number;
  /** Screen → part, for an SVG element's own coordinates (its screen matrix composed with it). */
  inverse: DOMMatrix;
}

function mapperOf(part: FigurePart): Mapper {
  let inverse: DOMMatrix;
  if (part.frame) inverse = DOMMatrix.fromMatrix(part.frame.getScreenCTM() ?? undefined).inverse();
  else {
    const r = part.el.getBoundingClientRect();
    inverse = new DOMMatrix([1, 0, 0, 1, -r.left, -r.top]);
  }
  const scale = 1 / Math.hypot(inverse.a, inverse.b) || 1;
  return {
    point: (x, y) => {
      const p = inverse.transformPoint(new DOMPoint(x, y));
      return [p.x, p.y];
    },
    scale,
    inverse,
  };
}

/** How much an HTML element is scaled on screen (a foreignObject in a zoomed SVG, a CSS transform). */
function screenScale(el: HTMLElement): number {
  const w = el.offsetWidth;
  return w > 0 ? el.getBoundingClientRect().width / w : 1;
}

function rectItems(cs: CSSStyleDeclaration, r: DOMRect, map: Mapper, k: number, opacity: number): FigureItem[] {
  const fill = transparent(cs.backgroundColor) ? null : cs.backgroundColor;
  const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((side) => {
    const width = parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`)) || 0;
    const style = cs.getPropertyValue(`border-${side.toLowerCase()}-style`);
    const color = cs.getPropertyValue(`border-${side.toLowerCase()}-color`);
    return width > 0 && style !== 'none' && style !== 'hidden' && !transparent(color) ? { width, style, color } : null;
  });
  const [x0, y0] = map.point(r.left, r.top);
  const [x1, y1] = map.point(r.right, r.bottom);
  const unit = k / map.scale;
  const radius = (parseFloat(cs.borderTopLeftRadius) || 0) * unit;
  const same = sides.every((b) => b && sides[0] && b.width === sides[0].width && b.color === sides[0].color && b.style === sides[0].style);
  const all = same ? sides[0]! : null;
  const items: FigureItem[] = [];
  if (fill || all) {
    items.push({ kind: 'rect', x: x0, y: y0, w: x1 - x0, h: y1 - y0, r: radius, fill, stroke: all?.color ?? null, strokeWidth: (all?.width ?? 0) * unit, dash: all && all.style === 'dashed' ? [4 * unit, 3 * unit] : null, opacity });
  }
  if (!all) {
    // Borders on some sides only (a path's coloured rule): each drawn as a strip inside the box.
    const w = sides.map((b) => (b?.width ?? 0) * unit);
    const strips: [number, number, number, number][] = [
      [x0, y0, x1 - x0, w[0]!],
      [x1 - w[1]!, y0, w[1]!, y1 - y0],
      [x0, y1 - w[2]!, x1 - x0, w[2]!],
      [x0, y0, w[3]!, y1 - y0],
    ];
    sides.forEach((b, i) => {
      if (!b) return;
      const [x, y, sw, sh] = strips[i]!;
      items.push({ kind: 'rect', x, y, w: sw, h: sh, r: 0, fill: b.color, stroke: null, strokeWidth: 0, dash: null, opacity });
    });
  }
  return items;
}

function cased(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  return text;
}

/** A text node as lines: each word measured where the page put it, words on one line joined. */
function textItems(node: Text, cs: CSSStyleDeclaration, map: Mapper, k: number, opacity: number, clip: Clip | null): FigureItem[] {
  const text = node.data;
  if (!text.trim() || transparent(cs.color)) return [];
  const range = document.createRange();
  const size = (parseFloat(cs.fontSize) || 12) * (k / map.scale);
  const font = { size, weight: cs.fontWeight, family: cs.fontFamily || FONT, style: cs.fontStyle, fill: cs.color, opacity };
  if (cs.writingMode.startsWith('vertical')) {
    // Written up or down a thin bar: one line, turned, centred where the page shows it.
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    const [x, y] = map.point((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    // vertical-rl reads top to bottom; a half turn on it (or an ancestor still written vertically) reads bottom to top.
    let turned = false;
    for (let el = node.parentElement; el && getComputedStyle(el).writingMode.startsWith('vertical'); el = el.parentElement) {
      const t = getComputedStyle(el).transform;
      if (t !== 'none' && new DOMMatrix(t).a < 0) turned = !turned;
    }
    return [{ kind: 'text', x, y, text: cased(text.trim(), cs.textTransform), ...font, rotate: turned ? -90 : 90 }];
  }
  const lines: { left: number; top: number; bottom: number; text: string; cut: boolean }[] = [];
  const place = (piece: string, r: DOMRect, join: string) => {
    const line = lines.at(-1);
    const hidden = clip && (r.right > clip.right + 1 || r.top >= clip.bottom - 1);
    if (line && Math.abs(line.top - r.top) < r.height / 2) {
      if (hidden) line.cut = true;
      else if (!line.cut) line.text += join + piece;
    } else if (!hidden) lines.push({ left: r.left, top: r.top, bottom: r.bottom, text: piece, cut: false });
    else if (line && r.top < (clip?.bottom ?? Infinity)) line.cut = true;
  };
  for (const m of text.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (rects.length === 0) continue;
    if (rects.length === 1) {
      place(m[0], rects[0]!, ' ');
      continue;
    }
    // A word the page broke across lines (after a dash): placed character by character.
    for (let i = 0; i < m[0].length; i++) {
      range.setStart(node, m.index + i);
      range.setEnd(node, m.index + i + 1);
      const r = range.getClientRects()[0];
      if (r && r.width > 0) place(m[0][i]!, r, i === 0 ? ' ' : '');
    }
  }
  range.detach();
  const ellipsis = cs.textOverflow === 'ellipsis';
  return lines.map((l) => {
    const [x, y] = map.point(l.left, (l.top + l.bottom) / 2);
    return { kind: 'text', x, y, text: cased(l.text, cs.textTransform) + (l.cut && ellipsis ? '…' : ''), ...font };
  });
}

/** An SVG shape's outline as path data in its own coordinates. */
function pathData(el: SVGElement): string | null {
  const n = (name: string) => (el as unknown as Record<string, SVGAnimatedLength>)[name]!.baseVal.value;
  switch (el.tagName) {
    case 'path':
      return el.getAttribute('d');
    case 'line':
      return `M${n('x1')},${n('y1')}L${n('x2')},${n('y2')}`;
    case 'rect': {
      const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')].map(round) as [number, number, number, number];
      const r = round(Math.min(n('rx') || n('ry'), w / 2, h / 2));
      if (r < 0.5) return `M${x},${y}h${w}v${h}h${-w}z`;
      return `M${x + r},${y}h${w - 2 * r}a${r},${r} 0 0 1 ${r},${r}v${h - 2 * r}a${r},${r} 0 0 1 ${-r},${r}h${-(w - 2 * r)}a${r},${r} 0 0 1 ${-r},${-r}v${-(h - 2 * r)}a${r},${r} 0 0 1 ${r},${-r}z`;
    }
    case 'circle':
    case 'ellipse': {
      const [cx, cy] = [n('cx'), n('cy')];
      const rx = el.tagName === 'circle' ? n('r') : n('rx');
      const ry = el.tagName === 'circle' ? n('r') : n('ry');
      return `M${cx - rx},${cy}a${rx},${ry} 0 1 0 ${2 * rx},0a${rx},${ry} 0 1 0 ${-2 * rx},0z`;
    }
    case 'polyline':
    case 'polygon': {
      const pts = (el.getAttribute('points') ?? '').trim().split(/[\s,]+/).map(Number);
      if (pts.length < 4) return null;
      let d = `M${pts[0]},${pts[1]}`;
      for (let i = 2; i + 1 < pts.length; i += 2) d += `L${pts[i]},${pts[i + 1]}`;
      return el.tagName === 'polygon' ? `${d}z` : d;
    }
    default:
      return null;
  }
}

/** The arrowhead a `marker-end` draws, as a filled triangle at the path's end (its own coordinates). */
function arrowHead(el: SVGGeometryElement, width: number): string | null {
  const len = el.getTotalLength();
  if (!(len > 1)) return null;
  const end = el.getPointAtLength(len);
  const back = el.getPointAtLength(Math.max(0, len - 1));
  const [dx, dy] = [end.x - back.x, end.y - back.y];
  const l = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / l, dy / l];
  const size = Math.max(6, width * 4);
  const [bx, by] = [end.x - ux * size, end.y - uy * size];
  return `M${end.x},${end.y}L${bx - uy * size * 0.5},${by + ux * size * 0.5}L${bx + uy * size * 0.5},${by - ux * size * 0.5}z`;
}

function svgItems(el: SVGElement, map: Mapper, opacity: number, out: FigureItem[]): void {
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return;
  if (el.tagName === 'defs' || el.tagName === 'marker' || el.tagName === 'title') return;
  const alpha = opacity * (parseFloat(cs.opacity) || (cs.opacity === '0' ? 0 : 1));
  if (alpha === 0) return;
  if (el.tagName === 'foreignObject') {
    for (const child of el.children) htmlItems(child, map, alpha, out);
    return;
  }
  if (el.tagName === 'text') {
    const r = el.getBoundingClientRect();
    const ctm = (el as SVGGraphicsElement).getScreenCTM();
    const k = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    const [x, y] = map.point(r.left, (r.top + r.bottom) / 2);
    const text = el.textContent?.trim();
    if (text) out.push({ kind: 'text', x, y, text, size: (parseFloat(cs.fontSize) || 12) * (k / map.scale), weight: cs.fontWeight, family: cs.fontFamily || FONT, style: cs.fontStyle, fill: transparent(cs.fill) ? cs.color : cs.fill, opacity: alpha });
    return;
  }
  const d = pathData(el);
  if (d) {
    const ctm = (el as SVGGraphicsElement).getScreenCTM();
    if (!ctm) return;
    const m = map.inverse.multiply(DOMMatrix.fromMatrix(ctm));
    const matrix: Matrix = [m.a, m.b, m.c, m.d, m.e, m.f];
    const fill = transparent(cs.fill) ? null : cs.fill;
    const stroke = transparent(cs.stroke) ? null : cs.stroke;
    const strokeWidth = parseFloat(cs.strokeWidth) || 1;
    const dash = cs.strokeDasharray && cs.strokeDasharray !== 'none' ? cs.strokeDasharray.replace(/px/g, '') : null;
    const bb = (el as SVGGraphicsElement).getBBox();
    const pad = strokeWidth / 2 + (cs.markerEnd && cs.markerEnd !== 'none' ? strokeWidth * 4 : 0);
    const corners = [
      [bb.x - pad, bb.y - pad],
      [bb.x + bb.width + pad, bb.y + bb.height + pad],
      [bb.x - pad, bb.y + bb.height + pad],
      [bb.x + bb.width + pad, bb.y - pad],
    ].map(([x, y]) => m.transformPoint(new DOMPoint(x, y)));
    const extent = { x0: Math.min(...corners.map((c) => c.x)), y0: Math.min(...corners.map((c) => c.y)), x1: Math.max(...corners.map((c) => c.x)), y1: Math.max(...corners.map((c) => c.y)) };
    if (fill || stroke) out.push({ kind: 'path', d, matrix, fill, stroke, strokeWidth, dash, opacity: alpha, extent });
    if (stroke && cs.markerEnd && cs.markerEnd !== 'none' && el instanceof SVGGeometryElement) {
      const head = arrowHead(el, strokeWidth);
      if (head) out.push({ kind: 'path', d: head, matrix, fill: stroke, stroke: null, strokeWidth: 0, dash: null, opacity: alpha, extent });
    }
    return;
  }
  for (const child of el.children) if (child instanceof SVGElement) svgItems(child, map, alpha, out);
}

/** Where an element that hides its overflow cuts its text, on screen. */
interface Clip {
  right: number;
  bottom: number;
}

/** What an element's `::after` writes, when it is text (a string or an attribute's value). */
function pseudoText(el: HTMLElement): string | null {
  const content = getComputedStyle(el, '::after').content;
  if (!content || content === 'none' || content === 'normal') return null;
  const attr = /^attr\(([\w-]+)\)$/.exec(content);
  if (attr) return el.getAttribute(attr[1]!) || null;
  const str = /^"(.*)"$/.exec(content);
  return str?.[1] || null;
}

function htmlItems(el: Element, map: Mapper, opacity: number, out: FigureItem[], outer: Clip | null = null): void {
  if (el.matches(SKIP)) return;
  if (el instanceof SVGElement) {
    svgItems(el, map, opacity, out);
    return;
  }
  if (!(el instanceof HTMLElement)) return;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return;
  const alpha = opacity * parseFloat(cs.opacity || '1');
  if (alpha === 0) return;
  const whole = el.getBoundingClientRect();
  // What an ancestor that hides its overflow lets show of this element.
  const r = outer ? new DOMRect(whole.x, whole.y, Math.max(0, Math.min(whole.right, outer.right) - whole.x), Math.max(0, Math.min(whole.bottom, outer.bottom) - whole.y)) : whole;
  const k = screenScale(el);
  if (r.width > 0 && r.height > 0) {
    out.push(...rectItems(cs, r, map, k, alpha));
  }
  if (el instanceof HTMLCanvasElement) {
    if (el.width > 0 && el.height > 0 && r.width > 0 && r.height > 0) {
      const [x0, y0] = map.point(whole.left, whole.top);
      const [x1, y1] = map.point(whole.right, whole.bottom);
      out.push({ kind: 'image', x: x0, y: y0, w: x1 - x0, h: y1 - y0, source: el, pixelated: cs.imageRendering === 'pixelated' || cs.imageRendering === 'crisp-edges', opacity: alpha });
    }
    return;
  }
  let clip = outer;
  if (cs.overflowX === 'hidden' || cs.overflowX === 'clip') {
    clip = { right: Math.min(r.right, outer?.right ?? Infinity), bottom: Math.min(r.bottom, outer?.bottom ?? Infinity) };
  }
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out.push(...textItems(child as Text, cs, map, k, alpha, clip));
    else if (child instanceof Element) htmlItems(child, map, alpha, out, clip);
  }
  const after = pseudoText(el);
  if (after && r.width > 0) {
    // Text that CSS adds after the content (a "2×" badge): set just after the element's last child.
    const ps = getComputedStyle(el, '::after');
    const last = el.lastElementChild?.getBoundingClientRect();
    const [x, y] = map.point((last ? last.right : whole.left) + (parseFloat(ps.marginLeft) || 0) * k, (whole.top + whole.bottom) / 2);
    out.push({ kind: 'text', x, y, text: after, size: (parseFloat(ps.fontSize) || 10) * (k / map.scale), weight: ps.fontWeight, family: ps.fontFamily || FONT, style: ps.fontStyle, fill: ps.color, opacity: alpha });
  }
}

function bounds(items: FigureItem[]): Extent {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number) => {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  };
  for (const it of items) {
    if (it.kind === 'rect' || it.kind === 'image') {
      add(it.x, it.y);
      add(it.x + it.w, it.y + it.h);
    } else if (it.kind === 'text') {
      const long = it.text.length * it.size * 0.55;
      if (it.rotate) {
        add(it.x - it.size / 2, it.y - long / 2);
        add(it.x + it.size / 2, it.y + long / 2);
      } else {
        add(it.x, it.y - it.size / 2);
        add(it.x + long, it.y + it.size / 2);
      }
    } else {
      add(it.extent.x0, it.extent.y0);
      add(it.extent.x1, it.extent.y1);
    }
  }
  return { x0, y0, x1, y1 };
}

function shift(it: FigureItem, dx: number, dy: number): FigureItem {
  if (it.kind === 'path') {
    const [a, b, c, d, e, f] = it.matrix;
    const { x0, y0, x1, y1 } = it.extent;
    return { ...it, matrix: [a, b, c, d, e + dx, f + dy], extent: { x0: x0 + dx, y0: y0 + dy, x1: x1 + dx, y1: y1 + dy } };
  }
  return { ...it, x: it.x + dx, y: it.y + dy };
}

/** A line's width in a font, measured by the browser. */
function textWidth(text: string, font: string): number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return text.length * TITLE_SIZE * 0.6;
  ctx.font = font;
  return ctx.measureText(text).width;
}

/**
 * Reads the parts from the page and lays them out left to right (each centred on the tallest),
 * under a title line.
 */
export function collectFigure(parts: FigurePart[], title: string): Figure {
  const placed: { items: FigureItem[]; b: ReturnType<typeof bounds> }[] = [];
  for (const part of parts) {
    const map = mapperOf(part);
    const items: FigureItem[] = [];
    if (part.frame) for (const child of part.frame.children) htmlItems(child, map, 1, items);
    else htmlItems(part.el, map, 1, items);
    if (items.length) placed.push({ items, b: bounds(items) });
  }
  const top = PAD + TITLE_SIZE * 1.8;
  const tallest = Math.max(0, ...placed.map((p) => p.b.y1 - p.b.y0));
  const items: FigureItem[] = [{ kind: 'text', x: PAD, y: PAD + TITLE_SIZE / 2, text: title, size: TITLE_SIZE, weight: '600', family: FONT, style: 'normal', fill: '#1f2937', opacity: 1 }];
  let x = PAD;
  for (const p of placed) {
    const h = p.b.y1 - p.b.y0;
    const dx = x - p.b.x0;
    const dy = top + (tallest - h) / 2 - p.b.y0;
    items.push(...p.items.map((it) => shift(it, dx, dy)));
    x += p.b.x1 - p.b.x0 + GAP;
  }
  const width = Math.ceil(Math.max(x - GAP + PAD, PAD * 2 + textWidth(title, `600 ${TITLE_SIZE}px ${FONT}`)));
  return { width, height: Math.ceil(top + tallest + PAD), items };
}

const round = (v: number) => Math.round(v * 100) / 100;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => String(round(v));

/** The figure as a standalone SVG document (the maps embedded as PNG images). */
export function figureSvg(fig: Figure): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fig.width}" height="${fig.height}" viewBox="0 0 ${fig.width} ${fig.height}">`,
    `<rect width="${fig.width}" height="${fig.height}" fill="#ffffff"/>`,
  ];
  const op = (o: number) => (o < 1 ? ` opacity="${num(o)}"` : '');
  for (const it of fig.items) {
    if (it.kind === 'rect') {
      out.push(
        `<rect x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}"${it.r ? ` rx="${num(it.r)}"` : ''} fill="${it.fill ?? 'none'}"${it.stroke ? ` stroke="${it.stroke}" stroke-width="${num(it.strokeWidth)}"` : ''}${it.dash ? ` stroke-dasharray="${it.dash.map(num).join(' ')}"` : ''}${op(it.opacity)}/>`,
      );
    } else if (it.kind === 'text') {
      const turn = it.rotate ? ` text-anchor="middle" transform="rotate(${it.rotate} ${num(it.x)} ${num(it.y)})"` : '';
      out.push(
        `<text x="${num(it.x)}" y="${num(it.y)}"${turn} dominant-baseline="central" font-family="${esc(it.family)}" font-size="${num(it.size)}" font-weight="${it.weight}"${it.style !== 'normal' ? ` font-style="${it.style}"` : ''} fill="${it.fill}"${op(it.opacity)} xml:space="preserve">${esc(it.text)}</text>`,
      );
    } else if (it.kind === 'image') {
      out.push(
        `<image x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}" preserveAspectRatio="none"${it.pixelated ? ' style="image-rendering:pixelated"' : ''}${op(it.opacity)} href="${it.source.toDataURL('image/png')}"/>`,
      );
    } else {
      out.push(
        `<path d="${it.d}" transform="matrix(${it.matrix.map(num).join(' ')})" fill="${it.fill ?? 'none'}"${it.stroke ? ` stroke="${it.stroke}" stroke-width="${num(it.strokeWidth)}"` : ''}${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}${op(it.opacity)}/>`,
      );
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The figure painted into a canvas at `scale` device pixels per figure unit. */
export function figureCanvas(fig: Figure, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(fig.width * scale);
  canvas.height = Math.round(fig.height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, fig.width, fig.height);
  for (const it of fig.items) {
    ctx.save();
    ctx.globalAlpha = it.opacity;
    if (it.kind === 'rect') {
      ctx.beginPath();
      ctx.roundRect(it.x, it.y, it.w, it.h, Math.min(it.r, it.w / 2, it.h / 2));
      if (it.fill) {
        ctx.fillStyle = it.fill;
        ctx.fill();
      }
      if (it.stroke) {
        ctx.strokeStyle = it.stroke;
        ctx.lineWidth = it.strokeWidth;
        if (it.dash) ctx.setLineDash(it.dash);
        ctx.stroke();
      }
    } else if (it.kind === 'text') {
      ctx.font = `${it.style === 'normal' ? '' : `${it.style} `}${it.weight} ${it.size}px ${it.family}`;
      ctx.fillStyle = it.fill;
      ctx.textBaseline = 'middle';
      if (it.rotate) {
        ctx.translate(it.x, it.y);
        ctx.rotate((it.rotate * Math.PI) / 180);
        ctx.textAlign = 'center';
        ctx.fillText(it.text, 0, 0);
      } else ctx.fillText(it.text, it.x, it.y);
    } else if (it.kind === 'image') {
      ctx.imageSmoothingEnabled = !it.pixelated;
      ctx.drawImage(it.source, it.x, it.y, it.w, it.h);
    } else {
      ctx.transform(...it.matrix);
      const p = new Path2D(it.d);
      if (it.fill) {
        ctx.fillStyle = it.fill;
        ctx.fill(p);
      }
      if (it.stroke) {
        ctx.strokeStyle = it.stroke;
        ctx.lineWidth = it.strokeWidth;
        if (it.dash) ctx.setLineDash(it.dash.split(/[\s,]+/).map(Number));
        ctx.stroke(p);
      }
    }
    ctx.restore();
  }
  return canvas;
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the parts as `<name>.svg`, or `<name>.png` at twice the resolution. */
export async function saveFigure(parts: FigurePart[], title: string, name: string, format: 'svg' | 'png'): Promise<void> {
  const fig = collectFigure(parts, title);
  if (format === 'svg') {
    download(new Blob([figureSvg(fig)], { type: 'image/svg+xml' }), `${name}.svg`);
    return;
  }
  const canvas = figureCanvas(fig, 2);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the figure as PNG.');
  download(blob, `${name}.png`);
}

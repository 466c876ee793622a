import * as d3 from 'd3';
import type { BookColor } from '../models/bookLabel';
import type { MapScale } from './colors';
import { layerMax, mapPicture, paintPicture, paintProbabilityColumn, vectorPicture, type MapData, type Picture } from './featureMaps';
import type { Layout, LayoutBox } from './layout';


/** What the diagram needs to know of a graph node (plain data; the app derives it from the network). */
export interface DiagramNode {
  id: string;
  /** Short name, e.g. "conv1" or "inception1". */
  name: string;
  /** e.g. "Conv 5×5, 6 filters, padding 2". */
  label: string;
  /** The book's label at the paper's widths ("5 × 5 Conv (6), pad 2") and at the shipped widths. */
  bookLabel: string;
  shippedLabel: string;
  /** What kind of operation, in the book's Figure 1 words: "convolution", "pooling", "dense"… */
  kindWord: string;
  color: BookColor;
  /** Drawn as a thin bar between boxes (activation, dropout, flatten), as the book's figures omit them. */
  thin: boolean;
  shape: readonly number[];
  scale: MapScale;
  /** The logits: drawn as the ten class probabilities. */
  output: boolean;
}

/** What a collapsed group's box says: its name, its book label, and the repeated unit ("2×"). */
export interface GroupInfo {
  kindWord: string;
  bookLabel: string;
  shippedLabel: string;
  /** e.g. "2×" for a stage of two Inception blocks; empty when nothing repeats. */
  badge: string;
  /** The kinds of its parts in order, drawn as the book's glyph of thin bars. */
  glyph: BookColor[];
}

export interface DiagramHandlers {
  select(id: string): void;
  toggle(groupId: string): void;
}

/** Which scale leads each box's label: the book's (paper) widths, or the shipped ones. */
export type LabelLead = 'paper' | 'shipped';

/** Smallest side of a feature map in a box, in CSS pixels (LeNet's maps get more room). */
export const MIN_TILE = 32;


/** A box's shape as the book writes it: "6@28x28" for maps, "120" for a vector. */
export const shapeText = (shape: readonly number[]) => (shape.length === 3 ? `${shape[0]}@${shape[1]}×${shape[2]}` : shape.join('×'));

/** A kind word short enough for a narrow box: "conv", "pool", "norm"; stage and block names kept. */
export function shortKind(kind: string): string {
  const short: Record<string, string> = { convolution: 'conv', pooling: 'pool', normalisation: 'norm', concatenation: 'concat', addition: 'add', 'Inception block': 'Inception', 'residual block': 'residual' };
  return short[kind] ?? kind.replace(/^stage /, '').replace(/ block$/, '');
}

/** A polyline with its corners rounded (radius `r`, less where a segment is short), as in Figures 5 and 7. */
export function roundedPath(points: [number, number][], r = 8): string {
  if (points.length === 0) return '';
  let d = `M${points[0]![0]},${points[0]![1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[i + 1]!;
    const inLen = Math.hypot(x1 - x0, y1 - y0);
    const outLen = Math.hypot(x2 - x1, y2 - y1);
    const k = Math.min(r, inLen / 2, outLen / 2);
    if (k < 0.5) {
      d += `L${x1},${y1}`;
      continue;
    }
    const ax = x1 - ((x1 - x0) / inLen) * k;
    const ay = y1 - ((y1 - y0) / inLen) * k;
    const bx = x1 + ((x2 - x1) / outLen) * k;
    const by = y1 + ((y2 - y1) / outLen) * k;
    d += `L${ax},${ay}Q${x1},${y1} ${bx},${by}`;
  }
  const last = points.at(-1)!;
  return `${d}L${last[0]},${last[1]}`;
}

/**
 * Draws the structure of a laid-out network into `root` (an SVG group): group frames with a fold
 * button, edges with arrowheads (identity shortcuts dashed), a box per visible layer (its kind, its
 * maps' canvas, its book label and shape) and a thin bar per activation, dropout or flatten. Keyed
 * joins, so re-rendering keeps existing canvases.
 */
export function renderDiagram(
  root: SVGGElement,
  layout: Layout,
  nodes: Record<string, DiagramNode>,
  groups: Record<string, GroupInfo>,
  handlers: DiagramHandlers,
  lead: LabelLead,
): void {
  const g = d3.select(root);

  g.selectAll<SVGGElement, null>('g.frames')
    .data([null])
    .join('g')
    .attr('class', 'frames')
    .selectAll<SVGGElement, Layout['frames'][number]>('g.frame')
    .data(layout.frames, (f) => f.id)
    .join((enter) => {
      const f = enter.append('g').attr('class', 'frame');
      f.append('rect').attr('rx', 8);
      const head = f.append('foreignObject').attr('class', 'frame-head').attr('height', 22);
      const div = head.append('xhtml:div').attr('class', 'frame-label');
      div.append('xhtml:button').attr('type', 'button').attr('class', 'fold-toggle').text('Fold');
      div.append('xhtml:span');
      return f;
    })
    .attr('data-type', (f) => f.type)
    .call((f) =>
      f
        .select('rect')
        .attr('x', (d) => d.x)
        .attr('y', (d) => d.y)
        .attr('width', (d) => d.w)
        .attr('height', (d) => d.h),
    )
    .call((f) =>
      f
        .select('foreignObject')
        .attr('x', (d) => d.x + 4)
        .attr('y', (d) => d.y + 1)
        .attr('width', (d) => Math.max(0, d.w - 8)),
    )
    .call((f) =>
      f
        .select('span')
        .text((d) => groups[d.id]?.[lead === 'paper' ? 'bookLabel' : 'shippedLabel'] ?? d.label)
        .attr('title', (d) => d.label),
    )
    .call((f) =>
      f
        .select<HTMLButtonElement>('button')
        .attr('aria-label', (d) => `Fold ${d.label} into one box`)
        .attr('aria-expanded', 'true')
        .attr('data-testid', (d) => `toggle-${d.id}`)
        .on('click', (event: MouseEvent, d) => {
          event.stopPropagation();
          handlers.toggle(d.id);
        }),
    );

  const edgeLayer = g.selectAll<SVGGElement, null>('g.edges').data([null]).join('g').attr('class', 'edges');
  edgeLayer
    .selectAll<SVGPathElement, Layout['edges'][number]>('path.edge')
    .data(layout.edges, (e) => `${e.from}>${e.to}`)
    .join('path')
    .attr('class', (e) => `edge ${e.kind}`)
    .attr('d', (e) => roundedPath(e.points))
    .attr('marker-end', 'url(#arrow)');

  g.selectAll<SVGGElement, null>('g.boxes')
    .data([null])
    .join('g')
    .attr('class', 'boxes')
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .data(layout.boxes, (b) => b.id)
    .join((enter) => {
      const fo = enter.append('foreignObject').attr('class', 'box');
      // The unfold button sits beside the box's own button, not inside it (no nested controls).
      const wrap = fo.append('xhtml:div').attr('class', 'box-wrap');
      const div = wrap.append('xhtml:div').attr('class', 'node').attr('tabindex', 0).attr('role', 'button');
      div.append('xhtml:div').attr('class', 'node-kind');
      div.append('xhtml:div').attr('class', 'node-glyph');
      div.append('xhtml:div').attr('class', 'node-canvas').append('xhtml:canvas').attr('class', 'fmap').attr('width', 0).attr('height', 0);
      div.append('xhtml:div').attr('class', 'node-label');
      div.append('xhtml:div').attr('class', 'node-foot');
      wrap.append('xhtml:button').attr('type', 'button').attr('class', 'unfold-toggle');
      return fo;
    })
    .attr('x', (b) => b.x)
    .attr('y', (b) => b.y)
    .attr('width', (b) => b.w)
    .attr('height', (b) => b.h)
    .each(function (b) {
      const node = nodes[b.id];
      const group = b.group ? groups[b.group.id] : undefined;
      const thin = !b.group && Boolean(node?.thin);
      const div = d3.select(this).select<HTMLDivElement>('div.node');
      const book = group ? group.bookLabel : (node?.bookLabel ?? '');
      const shipped = group ? group.shippedLabel : (node?.shippedLabel ?? '');
      const [first, second] = lead === 'paper' ? [book, shipped] : [shipped, book];
      const name = b.group ? b.group.id : (node?.name ?? b.id);
      div
        .attr('data-testid', thin ? `thin-${b.id}` : `layer-${b.id}`)
        .attr('data-layer', b.id)
        .attr('data-book-label', book)
        .attr('data-color', b.group ? 'plain' : (node?.color ?? 'plain'))
        .attr('aria-label', `${name}: ${first}${b.group ? `, ${b.group.label}` : ''}, output ${shapeText(node?.shape ?? [])}`)
        .attr('aria-description', 'Press Enter to inspect this layer.')
        .classed('thin', thin)
        .classed('collapsed-group', Boolean(b.group))
        .on('click', () => handlers.select(b.id))
        .on('keydown', (event: KeyboardEvent) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            handlers.select(b.id);
          }
        });
      // The kind in full, and short for a narrow box (CSS picks one), so it is never cut.
      const kind = thin ? first : group ? group.kindWord : (node?.kindWord ?? '');
      div
        .select('.node-kind')
        .selectAll('span')
        .data([kind, shortKind(kind)])
        .join('xhtml:span')
        .attr('class', (_, i) => (i === 0 ? 'long' : 'short'))
        .text((t) => t);
      div
        .select('.node-glyph')
        .selectAll('span')
        .data(group?.glyph ?? [])
        .join('xhtml:span')
        .attr('data-color', (c) => c);
      div.select('.node-glyph').attr('data-badge', group?.badge || null);
      div
        .select('.node-label')
        .text(thin ? '' : first)
        .attr('title', second && second !== first ? `${first} (${lead === 'paper' ? 'here' : 'in the book'}: ${second})` : first);
      d3.select(this)
        .select<HTMLButtonElement>('.unfold-toggle')
        .style('display', b.group ? 'inline-flex' : 'none')
        .text('Unfold')
        .attr('aria-label', b.group ? `Unfold ${b.group.label}` : null)
        .attr('aria-expanded', b.group ? 'false' : null)
        .attr('data-testid', b.group ? `toggle-${b.group.id}` : null)
        .on('click', (event: MouseEvent) => {
          event.stopPropagation();
          if (b.group) handlers.toggle(b.group.id);
        });
    });
}

/** What one box's canvas shows, so a pointer position can be turned back into (channel, y, x). */
export interface Painted {
  picture: Picture;
  /** Channel tiles: columns, and the tile size in map pixels; null for vectors and bars. */
  tiles: { cols: number; h: number; w: number } | null;
  /** CSS pixels per picture pixel. */
  zoom: number;
}

/** Sets a canvas's CSS size, touching the style only when it changes (each write invalidates layout). */
function setSize(canvas: HTMLCanvasElement, width: string, height: string): void {
  if (canvas.style.width !== width) canvas.style.width = width;
  if (canvas.style.height !== height) canvas.style.height = height;
}

/** Draws one activation into a canvas, fitted into a box of `maxW`×`maxH` CSS pixels. */
export function paintActivation(canvas: HTMLCanvasElement, node: DiagramNode, act: MapData, maxTiles: number, maxW: number, maxH: number, cols = 4, normaliser?: number): Painted {
  if (node.output) {
    // The logits, shown as what they mean: softmax probabilities, one row per digit.
    const max = Math.max(...act.data);
    const exps = act.data.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const w = Math.min(maxW, 200);
    const h = Math.min(maxH, 220);
    paintProbabilityColumn(canvas, exps.map((e) => e / sum), w, h, window.devicePixelRatio || 1);
    setSize(canvas, `${w}px`, `${h}px`);
    canvas.classList.add('smooth');
    return { picture: { width: canvas.width, height: canvas.height, rgba: new Uint8ClampedArray(0), shown: 10, total: 10 }, tiles: null, zoom: 1 };
  }
  const isMap = act.shape.length === 3;
  const picture = isMap ? mapPicture(act, node.scale, maxTiles, cols, undefined, normaliser) : vectorPicture(act, node.scale, cols, normaliser);
  paintPicture(canvas, picture);
  const zoom = Math.max(0.5, Math.min(maxW / picture.width, maxH / picture.height, 48));
  setSize(canvas, `${picture.width * zoom}px`, `${picture.height * zoom}px`);
  const tiles = isMap ? { cols: Math.max(1, Math.min(cols, picture.shown)), h: act.shape[1]!, w: act.shape[2]! } : null;
  return { picture, tiles, zoom };
}

/**
 * How a canvas area of `areaW`×`areaH` CSS pixels shows a layer's output: how many map tiles, in
 * how many columns, each tile at least `minTile` pixels where one fits (as many channels as the area
 * holds; the rest are counted); a vector as a block of cells shaped like the area.
 */
export function tilesFor(shape: readonly number[], areaW: number, areaH: number, minTile = MIN_TILE): { maxTiles: number; cols: number; areaW: number; areaH: number } {
  if (shape.length !== 3) {
    const n = shape[0] ?? 1;
    return { maxTiles: n, cols: Math.max(1, Math.min(n, Math.ceil(Math.sqrt((n * areaW) / areaH)))), areaW, areaH };
  }
  // Tiles are w×h map pixels with a one-pixel gap, all scaled by one zoom: take the most columns
  // whose tiles stay at least minTile wide (or one column), then as many rows as fit.
  const [, h, w] = shape as [number, number, number];
  const zoomFor = (cols: number) => areaW / (cols * w + cols - 1);
  let cols = Math.max(1, Math.floor((areaW + 1) / (minTile + 1)));
  while (cols > 1 && w * zoomFor(cols) < minTile) cols--;
  const zoom = Math.min(zoomFor(cols), 48);
  const rows = Math.max(1, Math.floor((areaH / zoom + 1) / (h + 1)));
  return { maxTiles: cols * rows, cols, areaW, areaH };
}

/** Sets a selection's text only when it changes. */
function setText(sel: d3.Selection<d3.BaseType, unknown, null, undefined>, text: string): void {
  if (sel.text() !== text) sel.text(text);
}

/** How one box shows its maps: the canvas area it has and how its channels are tiled in it. */
export type BoxFit = ReturnType<typeof tilesFor>;

/**
 * Measures every box's free canvas area (one layout read, once per layout, never per inference) and
 * decides how each shows its maps; writes each box's shape line with the channels it cannot show
 * ("6@28×28 · +3"). The canvases sit over the area, so painting never changes it.
 */
export function measureDiagram(root: SVGGElement, nodes: Record<string, DiagramNode>, minTile = MIN_TILE): Map<string, BoxFit> {
  const fits = new Map<string, BoxFit>();
  const boxes: { el: SVGForeignObjectElement; b: LayoutBox; w: number; h: number }[] = [];
  d3.select(root)
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .each(function (b) {
      const area = this.querySelector<HTMLElement>('.node-canvas');
      boxes.push({ el: this, b, w: area?.clientWidth ?? 0, h: area?.clientHeight ?? 0 });
    });
  for (const { el, b, w, h } of boxes) {
    const node = nodes[b.id];
    if (!node) continue;
    const thin = node.thin && !b.group;
    const fit = tilesFor(node.shape, Math.max(8, w - 2), Math.max(8, h), minTile);
    fits.set(b.id, fit);
    const more = node.shape.length === 3 && !node.output ? node.shape[0]! - Math.min(node.shape[0]!, fit.maxTiles) : 0;
    // A break is allowed after "@", so a narrow box wraps its shape instead of cutting it.
    const foot = d3.select(el).select('.node-foot');
    setText(foot, thin ? '' : `${shapeText(node.shape).replace('@', '@\u200b')}${more > 0 ? ` · +${more}` : ''}`);
    foot.attr('title', thin ? null : `Output here: ${shapeText(node.shape)}${more > 0 ? `; ${more} more channels than drawn (click the box to see them all)` : ''}`);
  }
  return fits;
}

/**
 * Paints every visible box's activation (a collapsed group shows its output) as `measureDiagram`
 * fitted it, each layer against its own steady normaliser (`ranges`, which only grows while one
 * drawing goes on, so colours do not flicker stroke by stroke). Writes only: no layout is read.
 * Returns what was painted, by box id.
 */
export function paintDiagram(
  root: SVGGElement,
  nodes: Record<string, DiagramNode>,
  activations: Record<string, MapData> | null,
  ranges: Map<string, number>,
  fits: Map<string, BoxFit>,
): Map<string, Painted> {
  const painted = new Map<string, Painted>();
  d3.select(root)
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .each(function (b) {
      const node = nodes[b.id];
      const canvas = this.querySelector<HTMLCanvasElement>('canvas.fmap');
      const act = activations?.[b.id];
      const fit = fits.get(b.id);
      if (!canvas || !node) return;
      if (!act || !fit || (node.thin && !b.group)) {
        // Nothing drawn yet (or a thin bar): an empty canvas takes no room.
        if (canvas.width !== 0) canvas.width = 0;
        if (canvas.height !== 0) canvas.height = 0;
        setSize(canvas, '0px', '0px');
        return;
      }
      const max = steadyRange(ranges, b.id, layerMax(act.data, node.scale));
      painted.set(b.id, paintActivation(canvas, node, act, fit.maxTiles, fit.areaW, fit.areaH, fit.cols, max));
    });
  return painted;
}


/**
 * A colour range that stays put while one drawing goes on: the largest of `now` (this input's
 * range) and every range recorded under `key` before it, recorded in turn.
 */
export function steadyRange(ranges: Map<string, number>, key: string, now: number): number {
  const max = Math.max(now, ranges.get(key) ?? 0);
  ranges.set(key, max);
  return max;
}

/**
 * Marks the step-through state: the box at `step` lit, the ones before it done, the ones after
 * dimmed (`order` lists the boxes in flow order); `step` null shows everything. Also marks the
 * selected box.
 */
export function markDiagram(root: SVGGElement, order: string[], step: number | null, selected: string | null): void {
  const position = new Map(order.map((id, i) => [id, i]));
  d3.select(root)
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .select('div.node')
    .attr('data-step', (b) => {
      if (step === null) return null;
      const i = position.get(b.id) ?? 0;
      return i < step ? 'done' : i === step ? 'current' : 'ahead';
    })
    .classed('selected', (b) => b.id === selected)
    .attr('aria-pressed', (b) => (b.id === selected ? 'true' : 'false'));
}

/** The feature-map unit under a pointer at (offsetX, offsetY) CSS pixels in a painted canvas, or null (a gap, a vector). */
export function unitAt(p: Painted, offsetX: number, offsetY: number): { channel: number; y: number; x: number } | null {
  if (!p.tiles) return null;
  const px = Math.floor(offsetX / p.zoom);
  const py = Math.floor(offsetY / p.zoom);
  const { cols, h, w } = p.tiles;
  const col = Math.floor(px / (w + 1));
  const row = Math.floor(py / (h + 1));
  const x = px - col * (w + 1);
  const y = py - row * (h + 1);
  const channel = row * cols + col;
  if (px < 0 || py < 0 || x >= w || y >= h || col >= cols || channel >= p.picture.shown) return null;
  return { channel, y, x };
}

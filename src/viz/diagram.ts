import * as d3 from 'd3';
import type { MapScale } from './colors';
import { mapPicture, paintPicture, paintProbabilities, vectorPicture, type MapData, type Picture } from './featureMaps';
import { LAYOUT, type Layout, type LayoutBox } from './layout';

/** What the diagram needs to know of a graph node (plain data; the app derives it from the network). */
export interface DiagramNode {
  id: string;
  /** Short name, e.g. "conv1" or "inception1". */
  name: string;
  /** e.g. "Conv 5×5, 6 filters, padding 2". */
  label: string;
  shape: readonly number[];
  scale: MapScale;
  /** The logits: drawn as the ten class probabilities. */
  output: boolean;
}

export interface DiagramHandlers {
  select(id: string): void;
  toggle(groupId: string): void;
}

/** Channels drawn in a box; the rest are counted as "+k more". */
export const TILES_PER_BOX = 8;

const CANVAS_W = LAYOUT.nodeW - 16;
const CANVAS_H = LAYOUT.nodeH - 58;

const shapeText = (shape: readonly number[]) => shape.join('×');

function edgePath(points: [number, number][]): string {
  return d3.line().curve(d3.curveLinear)(points) ?? '';
}

/**
 * Draws the structure of a laid-out network into `root` (an SVG group): group frames with a collapse
 * button, edges with arrowheads (identity shortcuts dashed) and their shape labels, and a box per
 * visible layer holding a feature-map canvas. Keyed joins, so re-rendering keeps existing canvases.
 */
export function renderDiagram(root: SVGGElement, layout: Layout, nodes: Record<string, DiagramNode>, handlers: DiagramHandlers): void {
  const g = d3.select(root);

  g.selectAll<SVGGElement, null>('g.frames')
    .data([null])
    .join('g')
    .attr('class', 'frames')
    .selectAll<SVGGElement, Layout['frames'][number]>('g.frame')
    .data(layout.frames, (f) => f.id)
    .join((enter) => {
      const f = enter.append('g').attr('class', 'frame');
      f.append('rect').attr('rx', 10);
      const head = f.append('foreignObject').attr('class', 'frame-head').attr('height', LAYOUT.header);
      const div = head.append('xhtml:div').attr('class', 'frame-label');
      div.append('xhtml:button').attr('type', 'button').attr('class', 'frame-toggle').text('−');
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
        .attr('y', (d) => d.y + 2)
        .attr('width', (d) => Math.max(0, d.w - 8)),
    )
    .call((f) => f.select('span').text((d) => d.label))
    .call((f) =>
      f
        .select<HTMLButtonElement>('button')
        .attr('aria-label', (d) => `Collapse ${d.label}`)
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
    .attr('d', (e) => edgePath(e.points))
    .attr('marker-end', 'url(#arrow)');
  // One shape label per source box, just below it: the C×H×W that flows out.
  const sources = [...new Map(layout.edges.map((e) => [e.from, e])).values()];
  edgeLayer
    .selectAll<SVGTextElement, Layout['edges'][number]>('text.edge-label')
    .data(sources, (e) => e.from)
    .join('text')
    .attr('class', 'edge-label')
    .attr('x', (e) => e.points[0]![0] + 6)
    .attr('y', (e) => e.points[0]![1] + 14)
    .text((e) => shapeText(nodes[e.from]?.shape ?? []));

  g.selectAll<SVGGElement, null>('g.boxes')
    .data([null])
    .join('g')
    .attr('class', 'boxes')
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .data(layout.boxes, (b) => b.id)
    .join((enter) => {
      const fo = enter.append('foreignObject').attr('class', 'box');
      // The expand button sits beside the box's own button, not inside it (no nested controls).
      const wrap = fo.append('xhtml:div').attr('class', 'box-wrap');
      const div = wrap.append('xhtml:div').attr('class', 'node').attr('tabindex', 0).attr('role', 'button');
      const head = div.append('xhtml:div').attr('class', 'node-head');
      head.append('xhtml:span').attr('class', 'node-name');
      wrap.append('xhtml:button').attr('type', 'button').attr('class', 'node-expand').text('+');
      div.append('xhtml:div').attr('class', 'node-label');
      div.append('xhtml:div').attr('class', 'node-canvas').append('xhtml:canvas').attr('class', 'fmap').attr('width', 0).attr('height', 0);
      div.append('xhtml:div').attr('class', 'node-foot');
      return fo;
    })
    .attr('x', (b) => b.x)
    .attr('y', (b) => b.y)
    .attr('width', (b) => b.w)
    .attr('height', (b) => b.h)
    .each(function (b) {
      const node = nodes[b.id];
      const div = d3.select(this).select<HTMLDivElement>('div.node');
      const title = b.group ? b.group.id.split('/').at(-1)! : (node?.name ?? b.id);
      const label = b.group ? b.group.label : (node?.label ?? '');
      div
        .attr('data-testid', `layer-${b.id}`)
        .attr('data-layer', b.id)
        .classed('collapsed-group', Boolean(b.group))
        // Its name is its visible text (name, what it does, output shape); the hint is a description.
        .attr('aria-description', 'Press Enter to inspect this layer.')
        .on('click', () => handlers.select(b.id))
        .on('keydown', (event: KeyboardEvent) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            handlers.select(b.id);
          }
        });
      div.select('.node-name').text(title);
      div.select('.node-label').text(label).attr('title', label);
      d3.select(this)
        .select<HTMLButtonElement>('.node-expand')
        .style('display', b.group ? 'inline-flex' : 'none')
        .attr('aria-label', b.group ? `Expand ${b.group.label}` : null)
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
export function paintActivation(canvas: HTMLCanvasElement, node: DiagramNode, act: MapData, maxTiles: number, maxW: number, maxH: number, cols = 4): Painted {
  if (node.output) {
    // The logits, shown as what they mean: softmax probabilities.
    const max = Math.max(...act.data);
    const exps = act.data.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    paintProbabilities(canvas, exps.map((e) => e / sum));
    setSize(canvas, `${Math.min(maxW, 200)}px`, `${Math.min(maxH, 64)}px`);
    return { picture: { width: canvas.width, height: canvas.height, rgba: new Uint8ClampedArray(0), shown: 10, total: 10 }, tiles: null, zoom: 1 };
  }
  const isMap = act.shape.length === 3;
  const picture = isMap ? mapPicture(act, node.scale, maxTiles, cols) : vectorPicture(act, node.scale);
  paintPicture(canvas, picture);
  const zoom = Math.max(0.5, Math.min(maxW / picture.width, maxH / picture.height, 12));
  setSize(canvas, `${picture.width * zoom}px`, `${picture.height * zoom}px`);
  const tiles = isMap ? { cols: Math.max(1, Math.min(cols, picture.shown)), h: act.shape[1]!, w: act.shape[2]! } : null;
  return { picture, tiles, zoom };
}

/** Sets a selection's text only when it changes. */
function setText(sel: d3.Selection<d3.BaseType, unknown, null, undefined>, text: string): void {
  if (sel.text() !== text) sel.text(text);
}

/**
 * Paints every visible box's activation (a collapsed group shows its output) and its
 * "+k more" count. Returns what was painted, by box id.
 */
export function paintDiagram(root: SVGGElement, nodes: Record<string, DiagramNode>, activations: Record<string, MapData> | null): Map<string, Painted> {
  const painted = new Map<string, Painted>();
  d3.select(root)
    .selectAll<SVGForeignObjectElement, LayoutBox>('foreignObject.box')
    .each(function (b) {
      const node = nodes[b.id];
      const div = d3.select(this);
      const canvas = div.select<HTMLCanvasElement>('canvas.fmap').node();
      const foot = div.select('.node-foot');
      const act = activations?.[b.id];
      if (!canvas || !node) return;
      if (!act) {
        // Nothing drawn yet: an empty canvas takes no room (a default-sized one would cover the box).
        canvas.width = 0;
        canvas.height = 0;
        setSize(canvas, '0px', '0px');
        setText(foot, shapeText(node.shape));
        return;
      }
      const p = paintActivation(canvas, node, act, TILES_PER_BOX, CANVAS_W, CANVAS_H);
      painted.set(b.id, p);
      const more = p.picture.total - p.picture.shown;
      setText(foot, `${shapeText(node.shape)}${act.shape.length === 3 && more > 0 ? ` · +${more} more` : ''}`);
    });
  return painted;
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

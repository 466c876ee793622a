import type { GraphItem, NetGraph } from '../models/graph';

/** Sizes of the diagram, in SVG user units (CSS pixels at zoom 1). */
export const LAYOUT = {
  nodeW: 188,
  nodeH: 112,
  gapY: 40,
  gapX: 24,
  pad: 14,
  header: 30,
  /** Width of the lane an identity shortcut runs down. */
  lane: 30,
};

/**
 * One box of the diagram. It shows the output of graph node `id`: a layer, or, for a collapsed group,
 * the group's output (`group` is then set).
 */
export interface LayoutBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  group?: { id: string; label: string; type: Exclude<GraphItem['type'], 'node'> };
}

/** The frame around an expanded group, with its label in the header. */
export interface LayoutFrame {
  id: string;
  label: string;
  type: Exclude<GraphItem['type'], 'node'>;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A connection between two boxes; `skip` for an identity shortcut, routed down the side lane. */
export interface LayoutEdge {
  from: string;
  to: string;
  kind: 'flow' | 'skip';
  points: [number, number][];
}

export interface Layout {
  boxes: LayoutBox[];
  frames: LayoutFrame[];
  edges: LayoutEdge[];
  width: number;
  height: number;
}

interface Size {
  w: number;
  h: number;
}

const { nodeW, nodeH, gapY, gapX, pad, header, lane } = LAYOUT;

function seqSize(items: GraphItem[], collapsed: ReadonlySet<string>): Size {
  if (items.length === 0) return { w: 0, h: 0 };
  const sizes = items.map((i) => itemSize(i, collapsed));
  return { w: Math.max(...sizes.map((s) => s.w)), h: sizes.reduce((a, s) => a + s.h, 0) + gapY * (items.length - 1) };
}

function itemSize(item: GraphItem, collapsed: ReadonlySet<string>): Size {
  if (item.type === 'node' || collapsed.has(item.id)) return { w: nodeW, h: nodeH };
  if (item.type === 'block') {
    const s = seqSize(item.items, collapsed);
    return { w: s.w + 2 * pad, h: header + s.h + pad };
  }
  if (item.type === 'branches') {
    const paths = item.paths.map((p) => seqSize(p, collapsed));
    const inner = paths.reduce((a, s) => a + s.w, 0) + gapX * (paths.length - 1);
    return { w: Math.max(inner, nodeW) + 2 * pad, h: header + Math.max(...paths.map((s) => s.h)) + gapY + nodeH + pad };
  }
  const body = seqSize(item.body, collapsed);
  const short = seqSize(item.shortcut, collapsed);
  const after = seqSize(item.after, collapsed);
  const side = item.shortcut.length ? short.w + gapX : lane;
  const w = Math.max(body.w, nodeW, after.w) + side + 2 * pad;
  const h = header + Math.max(body.h, short.h) + gapY + nodeH + (item.after.length ? gapY + after.h : 0) + pad;
  return { w, h };
}

/**
 * Lays a network's graph out top to bottom: sequences as columns, an Inception's paths side by side
 * above their concatenation, a residual block's body beside its shortcut (a 1×1 convolution, or an
 * identity lane) above the addition. Groups in `collapsed` become one box. A pure function: the same
 * graph and collapsed set always give the same boxes.
 */
export function layoutGraph(graph: NetGraph, collapsed: ReadonlySet<string>): Layout {
  const boxes: LayoutBox[] = [];
  const frames: LayoutFrame[] = [];
  /** Which box shows each graph node (its own, or the outermost collapsed group it is in). */
  const shownBy = new Map<string, string>();
  /** For identity shortcuts: the add node's lane centre x. */
  const lanes = new Map<string, number>();

  const placeNode = (id: string, x: number, y: number, group?: LayoutBox['group'], members: string[] = [id]) => {
    boxes.push({ id, x, y, w: nodeW, h: nodeH, ...(group ? { group } : {}) });
    for (const m of members) shownBy.set(m, id);
  };

  function placeSeq(items: GraphItem[], cx: number, y: number): number {
    let top = y;
    for (const item of items) {
      const s = itemSize(item, collapsed);
      placeItem(item, cx - s.w / 2, top, s);
      top += s.h + gapY;
    }
    return top - gapY;
  }

  function members(item: GraphItem): string[] {
    switch (item.type) {
      case 'node':
        return [item.id];
      case 'block':
        return item.items.flatMap(members);
      case 'branches':
        return [...item.paths.flat().flatMap(members), item.concat];
      case 'residual':
        return [...item.body.flatMap(members), ...item.shortcut.flatMap(members), item.add, ...item.after.flatMap(members)];
    }
  }

  function placeItem(item: GraphItem, x: number, y: number, s: Size): void {
    if (item.type === 'node') return placeNode(item.id, x, y);
    if (collapsed.has(item.id)) return placeNode(item.output, x, y, { id: item.id, label: item.label, type: item.type }, members(item));
    frames.push({ id: item.id, label: item.label, type: item.type, x, y, w: s.w, h: s.h });
    const top = y + header;
    if (item.type === 'block') {
      placeSeq(item.items, x + s.w / 2, top);
    } else if (item.type === 'branches') {
      const widths = item.paths.map((p) => seqSize(p, collapsed).w);
      const inner = widths.reduce((a, w) => a + w, 0) + gapX * (widths.length - 1);
      let left = x + (s.w - inner) / 2;
      let bottom = top;
      item.paths.forEach((p, i) => {
        bottom = Math.max(bottom, placeSeq(p, left + widths[i]! / 2, top));
        left += widths[i]! + gapX;
      });
      placeNode(item.concat, x + (s.w - nodeW) / 2, bottom + gapY);
    } else {
      const body = seqSize(item.body, collapsed);
      const short = seqSize(item.shortcut, collapsed);
      const side = item.shortcut.length ? short.w + gapX : lane;
      const mainW = s.w - 2 * pad - side;
      const cx = x + pad + mainW / 2;
      const bodyBottom = placeSeq(item.body, cx, top);
      let bottom = bodyBottom;
      if (item.shortcut.length) {
        bottom = Math.max(bottom, placeSeq(item.shortcut, x + pad + mainW + gapX + short.w / 2, top));
      } else {
        lanes.set(item.add, x + pad + mainW + lane / 2);
      }
      bottom = Math.max(bottom, top + body.h);
      const addY = bottom + gapY;
      placeNode(item.add, cx - nodeW / 2, addY);
      if (item.after.length) placeSeq(item.after, cx, addY + nodeH + gapY);
    }
  }

  const total = seqSize(graph.items, collapsed);
  placeSeq(graph.items, total.w / 2, 0);

  const byId = new Map(boxes.map((b) => [b.id, b]));
  const edges: LayoutEdge[] = [];
  const seen = new Set<string>();
  for (const id of graph.order) {
    const to = shownBy.get(id);
    if (to === undefined) continue;
    for (const input of graph.nodes[id]!.inputs) {
      const from = shownBy.get(input);
      if (from === undefined || from === to || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      const a = byId.get(from)!;
      const b = byId.get(to)!;
      const ax = a.x + a.w / 2;
      const ay = a.y + a.h;
      const bx = b.x + b.w / 2;
      const laneX = lanes.get(id);
      if (laneX !== undefined && id === to && graph.nodes[id]!.inputs[1] === input) {
        // The identity shortcut: down from the block's input, along the lane, into the add node's side.
        const midY = ay + gapY / 2;
        edges.push({ from, to, kind: 'skip', points: [[ax, ay], [ax, midY], [laneX, midY], [laneX, b.y + b.h / 2], [b.x + b.w, b.y + b.h / 2]] });
      } else if (Math.abs(ax - bx) < 0.5) {
        edges.push({ from, to, kind: 'flow', points: [[ax, ay], [bx, b.y]] });
      } else {
        const midY = b.y - gapY / 2;
        edges.push({ from, to, kind: 'flow', points: [[ax, ay], [ax, midY], [bx, midY], [bx, b.y]] });
      }
    }
  }
  return { boxes, frames, edges, width: total.w, height: total.h };
}

/**
 * The groups to start collapsed: on a network too large to read at once, every Inception and
 * residual block (their stages stay open, so the story of the network is still visible).
 */
export function defaultCollapsed(graph: NetGraph): Set<string> {
  if (graph.order.length <= 60) return new Set();
  const out = new Set<string>();
  const visit = (items: GraphItem[]) => {
    for (const item of items) {
      if (item.type === 'block') visit(item.items);
      else if (item.type === 'branches' || item.type === 'residual') out.add(item.id);
    }
  };
  visit(graph.items);
  return out;
}

/** Every group id of the graph (for "expand all" / "collapse all"). */
export function allGroups(graph: NetGraph): string[] {
  const out: string[] = [];
  const visit = (items: GraphItem[]) => {
    for (const item of items) {
      if (item.type === 'node') continue;
      out.push(item.id);
      if (item.type === 'block') visit(item.items);
      else if (item.type === 'branches') item.paths.forEach(visit);
      else [item.body, item.shortcut, item.after].forEach(visit);
    }
  };
  visit(graph.items);
  return out;
}

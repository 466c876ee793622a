import type { GraphItem, NetGraph, NodeKind } from '../models/graph';
import type { Layout, LayoutBox, LayoutEdge, LayoutFrame } from './layout';

/** Sizes of a left-to-right flow, in SVG user units (CSS pixels at zoom 1). */
export interface FlowSizes {
  /** A layer's box (its maps, kind and label). */
  boxW: number;
  boxH: number;
  /** A thin bar: an activation, dropout or flatten (the book's figures leave them out). */
  thinW: number;
  /** Between two boxes; beside a thin bar, `thinGap` (so one bar sits in an ordinary gap). */
  gapX: number;
  thinGap: number;
  gapY: number;
  /** Inside a group's frame: margin, and the label strip at its top. */
  pad: number;
  header: number;
}

export const DEFAULT_FLOW: FlowSizes = { boxW: 96, boxH: 260, thinW: 12, gapX: 13, thinGap: 2, gapY: 18, pad: 8, header: 24 };

/**
 * Layers drawn as thin bars between boxes, not as boxes with maps: the ones the book's figures leave
 * out (activations, dropout, flatten) and the upscaling of the digit (its maps are the digit's).
 */
export function isThin(kind: NodeKind): boolean {
  return kind === 'activation' || kind === 'dropout' || kind === 'flatten' || kind === 'upsample';
}

interface Size {
  w: number;
  h: number;
}

/**
 * Lays a network's graph out left to right, as the book's Figure 1 reads: a sequence as a row on one
 * centre line; an expanded Inception's four paths stacked top to bottom between the input's fan-out
 * and the concatenation; an expanded residual block's body on top, its shortcut (a 1×1 convolution,
 * or an identity line) below, meeting at the addition. Groups in `collapsed` become one box.
 * Edges are right-angle polylines (the renderer rounds their corners). A pure function.
 */
export function flowLayout(graph: NetGraph, collapsed: ReadonlySet<string>, sizes: FlowSizes = DEFAULT_FLOW): Layout {
  const { boxW, boxH, thinW, gapX, thinGap, gapY, pad, header } = sizes;
  const boxes: LayoutBox[] = [];
  const frames: LayoutFrame[] = [];
  const shownBy = new Map<string, string>();
  /** For an identity shortcut: the y of the line it runs along, by the add node's id. */
  const lanes = new Map<string, { x: number; y: number }>();
  /** The x of the vertical bus that fans into a box, by box id (where it differs from the default). */
  const busX = new Map<string, number>();
  const lane = gapY + 8;

  const nodeSize = (id: string): Size => ({ w: isThin(graph.nodes[id]!.kind) ? thinW : boxW, h: boxH });
  const thin = (item: GraphItem | undefined) => item?.type === 'node' && isThin(graph.nodes[item.id]!.kind);
  const gapAfter = (items: GraphItem[], i: number) => (thin(items[i]) || thin(items[i + 1]) ? thinGap : gapX);

  function seqSize(items: GraphItem[]): Size {
    if (items.length === 0) return { w: 0, h: 0 };
    const s = items.map(itemSize);
    const gaps = items.slice(0, -1).reduce((a, _, i) => a + gapAfter(items, i), 0);
    return { w: s.reduce((a, x) => a + x.w, 0) + gaps, h: Math.max(...s.map((x) => x.h)) };
  }

  function itemSize(item: GraphItem): Size {
    if (item.type === 'node') return nodeSize(item.id);
    if (collapsed.has(item.id)) return { w: boxW, h: boxH };
    if (item.type === 'block') {
      const s = seqSize(item.items);
      return { w: s.w + 2 * pad, h: header + s.h + pad };
    }
    if (item.type === 'branches') {
      const paths = item.paths.map(seqSize);
      const inner = paths.reduce((a, p) => a + p.h, 0) + gapY * (paths.length - 1);
      return { w: 2 * pad + gapX + Math.max(...paths.map((p) => p.w)) + gapX + boxW, h: header + Math.max(inner, boxH) + pad };
    }
    const body = seqSize(item.body);
    const short = item.shortcut.length ? seqSize(item.shortcut) : { w: 0, h: lane };
    const after = seqSize(item.after);
    const w = 2 * pad + gapX + Math.max(body.w, short.w) + gapX + boxW + (item.after.length ? gapX + after.w : 0);
    return { w, h: header + body.h + gapY + short.h + pad };
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

  const placeBox = (id: string, x: number, cy: number, group?: LayoutBox['group'], ids: string[] = [id]) => {
    const s = group ? { w: boxW, h: boxH } : nodeSize(id);
    boxes.push({ id, x, y: cy - s.h / 2, w: s.w, h: s.h, ...(group ? { group } : {}) });
    for (const m of ids) shownBy.set(m, id);
  };

  /** Places a sequence from `x` along the centre line `cy`; returns the x just after it. */
  function placeSeq(items: GraphItem[], x: number, cy: number): number {
    let left = x;
    items.forEach((item, i) => {
      const s = itemSize(item);
      placeItem(item, left, cy, s);
      left += s.w + (i < items.length - 1 ? gapAfter(items, i) : 0);
    });
    return left;
  }

  function placeItem(item: GraphItem, x: number, cy: number, s: Size): void {
    if (item.type === 'node') return placeBox(item.id, x, cy);
    if (collapsed.has(item.id)) return placeBox(item.output, x, cy, { id: item.id, label: item.label, type: item.type }, members(item));
    const y = cy - s.h / 2;
    frames.push({ id: item.id, label: item.label, type: item.type, x, y, w: s.w, h: s.h });
    const top = y + header;
    if (item.type === 'block') {
      placeSeq(item.items, x + pad, top + (s.h - header - pad) / 2);
      return;
    }
    const inX = x + pad + gapX;
    if (item.type === 'branches') {
      const paths = item.paths.map(seqSize);
      const inner = paths.reduce((a, p) => a + p.h, 0) + gapY * (paths.length - 1);
      let rowTop = top + (s.h - header - pad - inner) / 2;
      item.paths.forEach((p, i) => {
        const first = p[0];
        if (first) for (const id of members(first).slice(0, 1)) busX.set(id, x + pad + gapX / 2);
        placeSeq(p, inX, rowTop + paths[i]!.h / 2);
        rowTop += paths[i]!.h + gapY;
      });
      placeBox(item.concat, x + s.w - pad - boxW, cy);
      return;
    }
    const body = seqSize(item.body);
    const short = item.shortcut.length ? seqSize(item.shortcut) : { w: 0, h: lane };
    const bodyCy = top + body.h / 2;
    const shortCy = top + body.h + gapY + short.h / 2;
    const addX = inX + Math.max(body.w, short.w) + gapX;
    placeSeq(item.body, inX, bodyCy);
    if (item.shortcut.length) placeSeq(item.shortcut, inX, shortCy);
    else lanes.set(item.add, { x: x + pad + gapX / 2, y: shortCy });
    const [firstBody] = item.body;
    if (firstBody) busX.set(members(firstBody)[0]!, x + pad + gapX / 2);
    const [firstShort] = item.shortcut;
    if (firstShort) busX.set(members(firstShort)[0]!, x + pad + gapX / 2);
    placeBox(item.add, addX, bodyCy);
    if (item.after.length) placeSeq(item.after, addX + boxW + gapX, bodyCy);
  }

  const total = seqSize(graph.items);
  placeSeq(graph.items, 0, total.h / 2);

  const byId = new Map(boxes.map((b) => [b.id, b]));
  const edges: LayoutEdge[] = [];
  const seen = new Set<string>();
  for (const id of graph.order) {
    const to = shownBy.get(id);
    if (to === undefined) continue;
    const node = graph.nodes[id]!;
    for (const input of node.inputs) {
      const from = shownBy.get(input);
      if (from === undefined || from === to || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      const a = byId.get(from)!;
      const b = byId.get(to)!;
      const ax = a.x + a.w;
      const ay = a.y + a.h / 2;
      const by = b.y + b.h / 2;
      const skip = lanes.get(id);
      const isAdd = node.kind === 'add' && id === to;
      if (skip && isAdd && node.inputs[1] === input) {
        // The identity shortcut: from the block's input down to the line below the body, along it,
        // and up into the addition from below.
        const cx = b.x + b.w / 2;
        edges.push({ from, to, kind: 'skip', points: [[ax, ay], [skip.x, ay], [skip.x, skip.y], [cx, skip.y], [cx, b.y + b.h]] });
      } else if (isAdd && node.inputs[1] === input && Math.abs(ay - by) > 0.5) {
        // The 1×1 convolution's output comes up into the addition from below.
        const cx = b.x + b.w / 2;
        edges.push({ from, to, kind: 'flow', points: [[ax, ay], [cx, ay], [cx, b.y + b.h]] });
      } else if (Math.abs(ay - by) < 0.5) {
        edges.push({ from, to, kind: 'flow', points: [[ax, ay], [b.x, by]] });
      } else {
        const mx = busX.get(to) ?? b.x - gapX / 2;
        edges.push({ from, to, kind: 'flow', points: [[ax, ay], [mx, ay], [mx, by], [b.x, by]] });
      }
    }
  }
  return { boxes, frames, edges, width: total.w, height: total.h };
}

/** Every top-level group, to start collapsed: each stage or block shows as one box with its output's maps. */
export function topLevelGroups(graph: NetGraph): Set<string> {
  return new Set(graph.items.filter((i) => i.type !== 'node').map((i) => i.id));
}

/**
 * The box size that fits the top level of `graph` (every stage one box) into `width`×`height`, within
 * the bounds a readable box needs.
 */
export function fitSizes(graph: NetGraph, width: number, height: number, min = { boxW: 46, boxH: 150 }, max = { boxW: 190, boxH: 720 }): FlowSizes {
  const top = topLevelGroups(graph);
  const fixed = flowLayout(graph, top, { ...DEFAULT_FLOW, boxW: 0 }).width;
  const boxes = graph.items.filter((i) => i.type !== 'node' || !isThin(graph.nodes[i.id]!.kind)).length;
  const boxW = Math.floor(Math.min(max.boxW, Math.max(min.boxW, (width - fixed) / Math.max(1, boxes))));
  const boxH = Math.floor(Math.min(max.boxH, Math.max(min.boxH, height)));
  return { ...DEFAULT_FLOW, boxW, boxH };
}

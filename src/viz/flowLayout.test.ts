import { describe, expect, it } from 'vitest';
import { netGraph, type GraphItem, type NetGraph } from '../models/graph';
import { NETS } from '../models/nets';
import { NET_IDS } from '../models/spec';
import { fitSizes, flowLayout, isThin, topLevelGroups } from './flowLayout';
import { allGroups, type Layout, type LayoutBox } from './layout';

const overlap = (a: LayoutBox, b: LayoutBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function expectTidy(layout: Layout) {
  for (let i = 0; i < layout.boxes.length; i++) {
    for (let j = i + 1; j < layout.boxes.length; j++) {
      expect(overlap(layout.boxes[i]!, layout.boxes[j]!), `${layout.boxes[i]!.id} overlaps ${layout.boxes[j]!.id}`).toBe(false);
    }
  }
  for (const b of layout.boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.w).toBeLessThanOrEqual(layout.width + 1e-6);
    expect(b.y + b.h).toBeLessThanOrEqual(layout.height + 1e-6);
  }
  const ids = new Set(layout.boxes.map((b) => b.id));
  for (const e of layout.edges) {
    expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    const a = layout.boxes.find((b) => b.id === e.from)!;
    const z = layout.boxes.find((b) => b.id === e.to)!;
    // Edges leave the right side of their source (left to right) and end on the target's edge.
    expect(e.points[0]).toEqual([a.x + a.w, a.y + a.h / 2]);
    const [ex, ey] = e.points.at(-1)!;
    expect(ex >= z.x && ex <= z.x + z.w && ey >= z.y && ey <= z.y + z.h).toBe(true);
    // Right angles only: each segment is horizontal or vertical.
    for (let k = 1; k < e.points.length; k++) {
      const [x0, y0] = e.points[k - 1]!;
      const [x1, y1] = e.points[k]!;
      expect(Math.abs(x0 - x1) < 1e-6 || Math.abs(y0 - y1) < 1e-6).toBe(true);
    }
  }
}

function find(items: GraphItem[], type: GraphItem['type']): GraphItem[] {
  return items.flatMap((i) => {
    const own = i.type === type ? [i] : [];
    if (i.type === 'block') return [...own, ...find(i.items, type)];
    if (i.type === 'branches') return [...own, ...i.paths.flatMap((p) => find(p, type))];
    if (i.type === 'residual') return [...own, ...find([...i.body, ...i.shortcut, ...i.after], type)];
    return own;
  });
}

describe('flowLayout', () => {
  it.each(NET_IDS)('%s, all expanded: every node placed once, no overlaps, an edge for every input', (id) => {
    const g: NetGraph = netGraph(NETS[id]);
    const layout = flowLayout(g, new Set());
    expect(layout.boxes.map((b) => b.id).sort()).toEqual([...g.order].sort());
    expectTidy(layout);
    const edges = new Set(layout.edges.map((e) => `${e.from}>${e.to}`));
    const expected = new Set(g.order.flatMap((n) => g.nodes[n]!.inputs.map((i) => `${i}>${n}`)));
    expect(edges).toEqual(expected);
    // Frames hold their boxes: every box inside a frame of its group lies within it.
    for (const f of layout.frames) {
      for (const b of layout.boxes.filter((b) => b.id.startsWith(`${id}/${f.id}/`))) {
        expect(b.x >= f.x && b.y >= f.y && b.x + b.w <= f.x + f.w && b.y + b.h <= f.y + f.h, `${b.id} in ${f.id}`).toBe(true);
      }
    }
  });

  it.each(NET_IDS)('%s, collapsed by default and fully: still tidy, one box per collapsed group', (id) => {
    const g = netGraph(NETS[id]);
    for (const collapsed of [topLevelGroups(g), new Set(allGroups(g))]) {
      const layout = flowLayout(g, collapsed);
      expectTidy(layout);
      // The flow stays connected: every box but the input has an edge in.
      const targets = new Set(layout.edges.map((e) => e.to));
      for (const b of layout.boxes) if (b.id !== `${id}/input`) expect(targets.has(b.id), b.id).toBe(true);
    }
  });

  it("every Inception's four paths meet at its concatenation", () => {
    const g = netGraph(NETS.googlenet);
    const layout = flowLayout(g, new Set());
    const inceptions = find(g.items, 'branches');
    expect(inceptions).toHaveLength(9);
    for (const inc of inceptions) {
      if (inc.type !== 'branches') continue;
      expect(inc.paths).toHaveLength(4);
      const into = layout.edges.filter((e) => e.to === inc.concat);
      expect(into.map((e) => e.from).sort()).toEqual(inc.paths.map((p) => (p.at(-1) as { id: string }).id).sort());
      // The four paths are stacked, one above the other, starting at the same x.
      const firsts = inc.paths.map((p) => layout.boxes.find((b) => b.id === (p[0] as { id: string }).id)!);
      expect(new Set(firsts.map((b) => b.y)).size).toBe(4);
      expect(new Set(firsts.map((b) => b.x)).size).toBe(1);
    }
  });

  it('each residual block has its shortcut: an identity skip edge or a 1×1 convolution, into the addition', () => {
    const g = netGraph(NETS.resnet);
    const layout = flowLayout(g, new Set());
    const blocks = find(g.items, 'residual');
    expect(blocks).toHaveLength(8);
    let skips = 0;
    for (const block of blocks) {
      if (block.type !== 'residual') continue;
      const into = layout.edges.filter((e) => e.to === block.add);
      expect(into).toHaveLength(2);
      if (block.shortcut.length === 0) {
        skips++;
        expect(into.some((e) => e.kind === 'skip')).toBe(true);
      } else {
        expect(into.map((e) => e.from)).toContain((block.shortcut[0] as { id: string }).id);
      }
    }
    expect(skips).toBe(5);
  });

  it('a collapsed group is one box showing its output, labelled with the group', () => {
    const g = netGraph(NETS.googlenet);
    const layout = flowLayout(g, new Set(['b3/inception1']));
    const box = layout.boxes.find((b) => b.group?.id === 'b3/inception1')!;
    expect(box.id).toBe('googlenet/b3/inception1/concat');
    expect(layout.boxes.some((b) => b.id === 'googlenet/b3/inception1/p2_2')).toBe(false);
  });

  it.each(NET_IDS)('%s: at the top level (every stage one box) the whole network is one row that fits a laptop screen', (id) => {
    const g = netGraph(NETS[id]);
    const sizes = fitSizes(g, 820, 300);
    const layout = flowLayout(g, topLevelGroups(g), sizes);
    expect(layout.width).toBeLessThanOrEqual(820);
    expect(new Set(layout.boxes.map((b) => b.y)).size).toBeLessThanOrEqual(2);
    const full = layout.boxes.filter((b) => b.group || !isThin(g.nodes[b.id]!.kind));
    for (const b of full) expect(b.w).toBeGreaterThanOrEqual(46);
  });
});

import type * as tf from '@tensorflow/tfjs';
import { bookColor, bookLabels, kindWord, type BookColor } from '../models/bookLabel';
import { netGraph, type GraphItem, type NetGraph } from '../models/graph';
import { NETS } from '../models/nets';
import { buildProbe } from '../models/probe';
import type { NetId } from '../models/spec';
import type { DiagramNode, GroupInfo } from '../viz/diagram';
import { isThin } from '../viz/flowLayout';

const graphs = new Map<NetId, NetGraph>();

/** The network's data-flow graph (derived once from its spec). */
export function graphOf(net: NetId): NetGraph {
  let g = graphs.get(net);
  if (!g) {
    g = netGraph(NETS[net]);
    graphs.set(net, g);
  }
  return g;
}

const probes = new WeakMap<tf.LayersModel, tf.LayersModel>();

/** The multi-output probe of a loaded model (built once; it shares the model's weights). */
export function probeOf(model: tf.LayersModel, net: NetId): tf.LayersModel {
  let p = probes.get(model);
  if (!p) {
    p = buildProbe(model, graphOf(net));
    probes.set(model, p);
  }
  return p;
}

const diagramNodes = new Map<NetId, Record<string, DiagramNode>>();

/** What the diagram draws for each node: name, book label, kind, palette colour, shape and colour scale. */
export function diagramNodesOf(net: NetId): Record<string, DiagramNode> {
  let out = diagramNodes.get(net);
  if (!out) {
    const g = graphOf(net);
    const labels = bookLabels(NETS[net]);
    out = Object.fromEntries(
      g.order.map((id) => {
        const n = g.nodes[id]!;
        const scale = n.kind === 'input' || n.kind === 'upsample' ? 'ink' : n.signed ? 'signed' : 'positive';
        const name = n.kind === 'concat' || n.kind === 'add' ? n.kind : n.path.split('/').at(-1)!;
        const node: DiagramNode = {
          id,
          name,
          label: n.label,
          bookLabel: labels.paper.get(n.path) ?? n.label,
          shippedLabel: labels.shipped.get(n.path) ?? n.label,
          kindWord: kindWord(n.kind),
          color: bookColor(n.kind),
          thin: isThin(n.kind),
          shape: n.shape,
          scale,
          output: id === g.output,
        };
        return [id, node];
      }),
    );
    diagramNodes.set(net, out);
  }
  return out;
}

const groupInfos = new Map<NetId, Record<string, GroupInfo>>();

/** The layers a group is made of, in order, skipping the thin ones (activations, dropout, flatten). */
function parts(g: NetGraph, items: GraphItem[]): GraphItem[] {
  return items.filter((i) => i.type !== 'node' || !isThin(g.nodes[i.id]!.kind));
}

/**
 * What each group's box says when folded: "Inception" / "Residual" / the block's name, its book
 * label, the repeated unit as the book's "N×" (two Inception blocks, two 3 × 3 convolutions), and a
 * glyph of its parts in the book's palette.
 */
export function groupsOf(net: NetId): Record<string, GroupInfo> {
  let out = groupInfos.get(net);
  if (out) return out;
  const g = graphOf(net);
  const labels = bookLabels(NETS[net]);
  const nodes = diagramNodesOf(net);
  out = {};
  const colorOf = (item: GraphItem): BookColor => (item.type === 'node' ? nodes[item.id]!.color : 'conv');
  const describe = (item: GraphItem, scale: 'paper' | 'shipped'): string => {
    const map = labels[scale];
    if (item.type === 'node') return map.get(g.nodes[item.id]!.path) ?? '';
    return map.get(item.id) ?? item.label;
  };
  const summary = (items: GraphItem[], scale: 'paper' | 'shipped') => {
    const list = parts(g, items).map((i) => describe(i, scale));
    const runs: { text: string; n: number }[] = [];
    for (const text of list) {
      const last = runs.at(-1);
      if (last && last.text.replace(/ \(\d+\)/g, '') === text.replace(/ \(\d+\)/g, '')) last.n++;
      else runs.push({ text, n: 1 });
    }
    return runs.map((r) => (r.n > 1 ? `${r.n} × ${r.text}` : r.text)).join(' · ');
  };
  const visit = (items: GraphItem[]) => {
    for (const item of items) {
      if (item.type === 'node') continue;
      const inner = item.type === 'block' ? item.items : item.type === 'branches' ? item.paths.flat() : [...item.body, ...item.shortcut, ...item.after];
      const own = parts(g, inner);
      const counts = new Map<string, number>();
      for (const p of own) {
        const key = p.type === 'node' ? describe(p, 'paper').replace(/ \(\d+\)/g, '') : p.type;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const repeated = [...counts.values()].filter((n) => n > 1);
      const composites = own.filter((p) => p.type !== 'node').length;
      const word = item.type === 'branches' ? 'Inception block' : item.type === 'residual' ? 'residual block' : (labels.paper.get(item.id) ?? item.label);
      out![item.id] = {
        kindWord: word.startsWith('Stage') ? `stage ${item.id}` : word,
        bookLabel: item.type === 'block' ? summary(item.items, 'paper') : (labels.paper.get(item.id) ?? item.label),
        shippedLabel: item.type === 'block' ? summary(item.items, 'shipped') : (labels.shipped.get(item.id) ?? item.label),
        badge: composites > 1 ? `${composites}×` : item.type === 'block' && repeated.length ? `${Math.max(...repeated)}×` : '',
        glyph: own.map(colorOf),
      };
      if (item.type === 'block') visit(item.items);
      else if (item.type === 'branches') item.paths.forEach(visit);
      else [item.body, item.shortcut, item.after].forEach(visit);
    }
  };
  visit(g.items);
  groupInfos.set(net, out);
  return out;
}

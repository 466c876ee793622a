import type { GraphItem, NetGraph } from '../models/graph';

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

/** A connection between two boxes, as a polyline; `skip` for an identity shortcut. */
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

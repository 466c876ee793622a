import type * as tf from '@tensorflow/tfjs';
import { netGraph, type NetGraph } from '../models/graph';
import { NETS } from '../models/nets';
import { buildProbe } from '../models/probe';
import type { NetId } from '../models/spec';
import type { DiagramNode } from '../viz/diagram';

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

/** What the diagram draws for each node: name, description, shape and colour scale. */
export function diagramNodesOf(net: NetId): Record<string, DiagramNode> {
  let out = diagramNodes.get(net);
  if (!out) {
    const g = graphOf(net);
    out = Object.fromEntries(
      g.order.map((id) => {
        const n = g.nodes[id]!;
        const scale = n.kind === 'input' || n.kind === 'upsample' ? 'ink' : n.signed ? 'signed' : 'positive';
        const name = n.kind === 'concat' || n.kind === 'add' ? n.kind : n.path.split('/').at(-1)!;
        return [id, { id, name, label: n.label, shape: n.shape, scale, output: id === g.output } satisfies DiagramNode];
      }),
    );
    diagramNodes.set(net, out);
  }
  return out;
}

import { useLayoutEffect, useRef } from 'react';
import type { GraphItem } from '../models/graph';
import type { Activation } from '../models/probe';
import type { NetId } from '../models/spec';
import { paintActivation } from '../viz/diagram';
import { diagramNodesOf, graphOf } from './graphs';

/** A network's top-level stages (a layer, or a whole block) with the node whose output each ends in. */
export function stagesOf(net: NetId): { id: string; name: string; label: string }[] {
  const g = graphOf(net);
  return g.items.map((item: GraphItem) => {
    if (item.type === 'node') {
      const n = g.nodes[item.id]!;
      return { id: item.id, name: n.path, label: n.label };
    }
    return { id: item.output, name: item.id, label: item.label };
  });
}

/** One network's output at stage `step` of the comparison step-through (its last stage once it has no more). */
export function StageView({ net, step, activations }: { net: NetId; step: number; activations: Record<string, Activation> | null }) {
  const stages = stagesOf(net);
  const at = Math.min(step, stages.length - 1);
  const stage = stages[at]!;
  const node = diagramNodesOf(net)[stage.id]!;
  const act = activations?.[stage.id];
  const ref = useRef<HTMLCanvasElement>(null);
  // A layout effect, so the stage is painted in the same frame as the predictions.
  useLayoutEffect(() => {
    if (ref.current && act) paintActivation(ref.current, node, act, 16, 260, 120, 8);
  }, [act, node]);
  return (
    <figure className="stage" data-testid={`stage-${net}`} data-stage={stage.id}>
      <figcaption>
        <strong>
          {at + 1}/{stages.length} · {stage.name}
        </strong>{' '}
        <span className="muted">
          {stage.label} → {node.shape.join('×')}
        </span>
        {step >= stages.length && <span className="muted"> (its last stage)</span>}
      </figcaption>
      {act ? <canvas ref={ref} className="fmap" /> : <p className="hint">Draw a digit to see it here.</p>}
    </figure>
  );
}

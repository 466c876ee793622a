import { useEffect, useRef } from 'react';
import { renderProbabilityBars } from '../viz/probabilityBars';

interface Props {
  probabilities: Float32Array | null;
  /** One row per digit: the answer column at the right end of the data flow. */
  column?: boolean;
}

/** React hosts, d3 draws: the ten class probabilities as bars. */
export function ProbabilityChart({ probabilities, column = false }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) renderProbabilityBars(ref.current, probabilities, column ? { width: 120, height: 220, column } : { width: 380, height: 170 });
  }, [probabilities, column]);
  const summary = probabilities
    ? Array.from(probabilities, (p, d) => `${d}: ${Math.round(p * 100)}%`).join(', ')
    : 'no prediction yet';
  return <svg ref={ref} className={`prob-chart${column ? ' column' : ''}`} role="img" aria-label={`Class probabilities — ${summary}`} />;
}

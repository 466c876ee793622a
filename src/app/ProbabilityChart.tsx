import { useEffect, useRef } from 'react';
import { renderProbabilityBars } from '../viz/probabilityBars';

interface Props {
  probabilities: Float32Array | null;
}

/** React hosts, d3 draws: the ten class probabilities as bars. */
export function ProbabilityChart({ probabilities }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) renderProbabilityBars(ref.current, probabilities, { width: 380, height: 170 });
  }, [probabilities]);
  const summary = probabilities
    ? Array.from(probabilities, (p, d) => `${d}: ${Math.round(p * 100)}%`).join(', ')
    : 'no prediction yet';
  return <svg ref={ref} className="prob-chart" role="img" aria-label={`Class probabilities — ${summary}`} />;
}

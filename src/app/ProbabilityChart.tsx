import { useEffect, useRef } from 'react';
import { renderProbabilityBars } from '../viz/probabilityBars';

interface Props {
  probabilities: Float32Array | null;
  /** One row per digit: the answer column at the right end of the data flow. */
  column?: boolean;
  /** The chart's size in CSS pixels, where the default (380×170, or 120×220 as a column) is too big. */
  size?: { width: number; height: number };
}

/** React hosts, d3 draws: the ten class probabilities as bars. */
export function ProbabilityChart({ probabilities, column = false, size }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  const width = size?.width ?? (column ? 120 : 380);
  const height = size?.height ?? (column ? 220 : 170);
  useEffect(() => {
    if (ref.current) renderProbabilityBars(ref.current, probabilities, { width, height, column });
  }, [probabilities, column, width, height]);
  const summary = probabilities
    ? Array.from(probabilities, (p, d) => `${d}: ${Math.round(p * 100)}%`).join(', ')
    : 'no prediction yet';
  return <svg ref={ref} className={`prob-chart${column ? ' column' : ''}`} role="img" aria-label={`Class probabilities — ${summary}`} />;
}

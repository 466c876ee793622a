import * as d3 from 'd3';

/** The accent colours of series in charts, shared by every view. */
export const SERIES = { train: '#9fb3d1', test: '#0f9d8a', loss: '#5b6478' };

/**
 * Sequential scale for counts and other non-negative values: white (0) to deep teal (max). Used for
 * the confusion matrix; a legend under the chart says what the colours mean.
 */
export function countScale(max: number): (v: number) => string {
  const scale = d3.scaleSequentialSqrt(d3.interpolateRgb('#f4f6fa', '#0b6e61')).domain([0, Math.max(1, max)]);
  return (v) => scale(v);
}

/** Black or white text, whichever reads on the given cell colour. */
export function textOn(fill: string): string {
  const c = d3.color(fill)?.rgb();
  if (!c) return '#17203a';
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 150 ? '#17203a' : '#ffffff';
}

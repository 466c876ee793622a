import * as d3 from 'd3';

export interface BarsOptions {
  width: number;
  height: number;
  /** One row per digit, bars growing to the right (the last column of a left-to-right flow). */
  column?: boolean;
}

/** One group per digit (track, value, digit label, percentage), the most likely one marked `best`. */
function barGroups(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, best: number) {
  return svg
    .selectAll<SVGGElement, number>('g.bar')
    .data(d3.range(10))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bar');
      g.append('rect').attr('class', 'track');
      g.append('rect').attr('class', 'value');
      g.append('text').attr('class', 'digit');
      g.append('text').attr('class', 'pct');
      return g;
    })
    .classed('best', (d) => d === best);
}

/**
 * Draws the ten class probabilities as vertical bars (digit labels below, percentage above), the
 * winning digit highlighted. `probabilities` null draws empty tracks (no prediction yet).
 */
export function renderProbabilityBars(svgEl: SVGSVGElement, probabilities: ArrayLike<number> | null, opts: BarsOptions): void {
  if (opts.column) return renderColumn(svgEl, probabilities, opts);
  const { width, height } = opts;
  const margin = { top: 18, right: 4, bottom: 22, left: 4 };
  const innerH = height - margin.top - margin.bottom;
  const digits = d3.range(10);
  const values = digits.map((d) => (probabilities ? Math.min(1, Math.max(0, probabilities[d] ?? 0)) : 0));
  const best = probabilities ? d3.maxIndex(values) : -1;
  const x = d3.scaleBand<number>().domain(digits).range([margin.left, width - margin.right]).paddingInner(0.25);
  const y = d3.scaleLinear().domain([0, 1]).range([margin.top + innerH, margin.top]);

  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  const groups = barGroups(svg, best);

  groups
    .select('rect.track')
    .attr('x', (d) => x(d)!)
    .attr('width', x.bandwidth())
    .attr('y', margin.top)
    .attr('height', innerH)
    .attr('rx', 3);
  groups
    .select('rect.value')
    .attr('x', (d) => x(d)!)
    .attr('width', x.bandwidth())
    .attr('rx', 3)
    .attr('y', (d) => y(values[d]!))
    .attr('height', (d) => y(0) - y(values[d]!));
  groups
    .select('text.digit')
    .attr('x', (d) => x(d)! + x.bandwidth() / 2)
    .attr('y', height - 5)
    .attr('text-anchor', 'middle')
    .text((d) => String(d));
  groups
    .select('text.pct')
    .attr('x', (d) => x(d)! + x.bandwidth() / 2)
    .attr('y', margin.top - 5)
    .attr('text-anchor', 'middle')
    .text((d) => (probabilities && values[d]! >= 0.005 ? `${Math.round(values[d]! * 100)}` : ''));
}

/** The same bars as a column: digit labels on the left, 0 at the top, percentages at the bars' ends. */
function renderColumn(svgEl: SVGSVGElement, probabilities: ArrayLike<number> | null, { width, height }: BarsOptions): void {
  const digits = d3.range(10);
  const values = digits.map((d) => (probabilities ? Math.min(1, Math.max(0, probabilities[d] ?? 0)) : 0));
  const best = probabilities ? d3.maxIndex(values) : -1;
  const left = 16;
  const right = 36;
  const y = d3.scaleBand<number>().domain(digits).range([0, height]).paddingInner(0.25);
  const x = d3.scaleLinear().domain([0, 1]).range([left, width - right]);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  const groups = barGroups(svg, best);
  groups
    .select('rect.track')
    .attr('x', left)
    .attr('width', width - left - right)
    .attr('y', (d) => y(d)!)
    .attr('height', y.bandwidth())
    .attr('rx', 2);
  groups
    .select('rect.value')
    .attr('x', left)
    .attr('y', (d) => y(d)!)
    .attr('height', y.bandwidth())
    .attr('rx', 2)
    .attr('width', (d) => x(values[d]!) - left);
  groups
    .select('text.digit')
    .attr('x', left - 5)
    .attr('y', (d) => y(d)! + y.bandwidth() / 2)
    .attr('dominant-baseline', 'central')
    .attr('text-anchor', 'end')
    .text((d) => String(d));
  groups
    .select('text.pct')
    .attr('x', width - right + 3)
    .attr('y', (d) => y(d)! + y.bandwidth() / 2)
    .attr('dominant-baseline', 'central')
    .attr('text-anchor', 'start')
    .text((d) => (probabilities && values[d]! >= 0.005 ? `${Math.round(values[d]! * 100)}%` : ''));
}

import * as d3 from 'd3';

export interface SweepSeries {
  label: string;
  color: string;
  /** One probability per x. */
  values: number[];
}

/** A line per network of the intended digit's probability across a sweep (shift or turn). */
export function renderSweep(svgEl: SVGSVGElement, xs: number[], series: SweepSeries[], opts: { width: number; height: number; title: string; unit: string }): void {
  const { width, height } = opts;
  const m = { top: 18, right: 8, bottom: 22, left: 34 };
  const x = d3.scaleLinear().domain(d3.extent(xs) as [number, number]).range([m.left, width - m.right]);
  const y = d3.scaleLinear().domain([0, 1]).range([height - m.bottom, m.top]);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  svg.append('text').attr('class', 'chart-title').attr('x', m.left).attr('y', 11).text(opts.title);
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(5).tickFormat((v) => `${Number(v)}${opts.unit}`));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(3).tickFormat(d3.format('.0%')));
  svg.append('line').attr('class', 'sweep-zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', m.top).attr('y2', height - m.bottom);
  const line = d3
    .line<number>()
    .x((_, i) => x(xs[i]!))
    .y((v) => y(v));
  for (const s of series) {
    svg.append('path').attr('fill', 'none').attr('stroke', s.color).attr('stroke-width', 1.8).attr('d', line(s.values)).append('title').text(s.label);
  }
}

/** Where a probability curve stays above one half: the widest run of xs around the middle, or null. */
export function heldRange(xs: number[], values: number[]): [number, number] | null {
  const mid = xs.indexOf(0);
  if (mid < 0 || values[mid]! < 0.5) return null;
  let lo = mid;
  let hi = mid;
  while (lo > 0 && values[lo - 1]! >= 0.5) lo--;
  while (hi < values.length - 1 && values[hi + 1]! >= 0.5) hi++;
  return [xs[lo]!, xs[hi]!];
}

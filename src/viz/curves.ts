import * as d3 from 'd3';

export interface CurveSeries {
  label: string;
  color: string;
  /** One value per epoch, epoch 1 first. */
  values: number[];
}

export interface CurveOptions {
  width: number;
  height: number;
  title: string;
  /** Formats a y value for the axis. */
  format: (v: number) => string;
  /** Fixed y domain; default: the data's extent. */
  domain?: [number, number];
}

/** A small per-epoch line chart (one line per series, a dot per epoch, a legend in the title row). */
export function renderCurves(svgEl: SVGSVGElement, series: CurveSeries[], opts: CurveOptions): void {
  const { width, height } = opts;
  const m = { top: 40, right: 12, bottom: 24, left: 46 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values);
  const [lo, hi] = opts.domain ?? (d3.extent(all) as [number, number]);
  const x = d3.scaleLinear().domain([1, Math.max(2, n)]).range([m.left, width - m.right]);
  const y = d3.scaleLinear().domain([lo ?? 0, hi ?? 1]).nice().range([height - m.bottom, m.top]);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  svg.append('text').attr('class', 'chart-title').attr('x', m.left).attr('y', 14).text(opts.title);
  let lx = m.left;
  for (const s of series) {
    const g = svg.append('g').attr('class', 'legend');
    g.append('circle').attr('cx', lx + 4).attr('cy', 26).attr('r', 4).attr('fill', s.color);
    const t = g.append('text').attr('x', lx + 12).attr('y', 30).text(s.label);
    lx += (t.node()?.getComputedTextLength?.() ?? s.label.length * 6) + 28;
  }
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.min(n, 6)).tickFormat(d3.format('d')));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat((v) => opts.format(Number(v))));
  const line = d3
    .line<number>()
    .x((_, i) => x(i + 1))
    .y((v) => y(v));
  for (const s of series) {
    svg.append('path').attr('fill', 'none').attr('stroke', s.color).attr('stroke-width', 2).attr('d', line(s.values));
    svg
      .append('g')
      .selectAll('circle')
      .data(s.values)
      .join('circle')
      .attr('cx', (_, i) => x(i + 1))
      .attr('cy', (v) => y(v))
      .attr('r', n > 12 ? 1.8 : 3)
      .attr('fill', s.color);
  }
}


import * as d3 from 'd3';

export interface LearnSeries {
  label: string;
  color: string;
  /** Points (digits seen, value), in order. */
  points: [number, number][];
  dashed?: boolean;
}

export interface LearnChartOptions {
  width: number;
  height: number;
  title: string;
  format: (v: number) => string;
  /** Fixed y domain; default from 0 to the largest value. */
  domain?: [number, number];
  /** The x axis runs at least to this many digits, so a run's curve grows into a fixed frame. */
  minX?: number;
}

const digitsFormat = (v: number) => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(v));

/** Lines over the digits seen so far (a Learn run's curves, or an experiment's two arms), legend on top. */
export function renderLearnChart(svgEl: SVGSVGElement, series: LearnSeries[], opts: LearnChartOptions): void {
  const { width, height } = opts;
  const m = { top: 34, right: 10, bottom: 22, left: 40 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(opts.minX ?? 1, ...xs)])
    .range([m.left, width - m.right]);
  const y = d3
    .scaleLinear()
    .domain(opts.domain ?? [0, Math.max(1e-3, ...ys)])
    .nice()
    .range([height - m.bottom, m.top]);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  svg.append('text').attr('class', 'chart-title').attr('x', m.left).attr('y', 12).text(opts.title);
  // The legend, wrapped onto a second row where the labels do not fit on one.
  let lx = m.left;
  let ly = 24;
  for (const s of series) {
    const g = svg.append('g').attr('class', 'legend');
    const t = g.append('text').attr('x', lx + 18).attr('y', ly + 4).text(s.label);
    const w = (t.node()?.getComputedTextLength?.() || s.label.length * 6) + 30;
    if (lx > m.left && lx + w > width) {
      lx = m.left;
      ly += 15;
      t.attr('x', lx + 18).attr('y', ly + 4);
    }
    g.insert('line', 'text')
      .attr('x1', lx)
      .attr('x2', lx + 14)
      .attr('y1', ly)
      .attr('y2', ly)
      .attr('stroke', s.color)
      .attr('stroke-width', 2.5)
      .attr('stroke-dasharray', s.dashed ? '4 3' : null);
    lx += w;
  }
  if (ly > 24) y.range([height - m.bottom, m.top + ly - 24]);
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(5)
        .tickFormat((v) => digitsFormat(Number(v))),
    );
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat((v) => opts.format(Number(v))));
  const line = d3
    .line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(Math.max(y.domain()[0]!, Math.min(y.domain()[1]!, p[1]))));
  for (const s of series) {
    if (!s.points.length) continue;
    svg
      .append('path')
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', s.dashed ? '5 3' : null)
      .attr('d', line(s.points))
      .append('title')
      .text(s.label);
    const [lxp, lyp] = s.points[s.points.length - 1]!;
    svg.append('circle').attr('cx', x(lxp)).attr('cy', y(Math.max(y.domain()[0]!, Math.min(y.domain()[1]!, lyp)))).attr('r', 2.6).attr('fill', s.color);
  }
}

import * as d3 from 'd3';
import { countScale, textOn } from './colors';

export interface ConfusionOptions {
  size: number;
  /** Called with (true digit, predicted digit) when a cell is clicked or activated by keyboard. */
  onSelect?: (truth: number, predicted: number) => void;
  selected?: [number, number] | null;
  /** Write the counts on the diagonal too (default); without, they are in the cells' tooltips only. */
  diagonalCounts?: boolean;
}

/**
 * Draws a 10×10 confusion matrix: rows are the true digits, columns the predictions, colour the count
 * (square-root scale so the rare mistakes show). Off-diagonal cells with a count are focusable buttons.
 */
export function renderConfusion(svgEl: SVGSVGElement, confusion: number[][], opts: ConfusionOptions): void {
  const { size } = opts;
  const m = { top: 28, right: 4, bottom: 4, left: 28 };
  const cell = (size - m.left - m.right) / 10;
  const offMax = d3.max(confusion.flatMap((row, t) => row.filter((_, p) => p !== t))) ?? 1;
  const fill = countScale(offMax);
  const cells = confusion.flatMap((row, t) => row.map((count, p) => ({ t, p, count })));
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${size} ${size}`);
  svg.selectAll('*').remove();
  // Digit labels: predictions across the top, true digits down the left.
  const labels = d3.range(10).flatMap((d) => [
    { d, x: m.left + (d + 0.5) * cell, y: m.top - 8, anchor: 'middle' },
    { d, x: m.left - 8, y: m.top + (d + 0.5) * cell + 4, anchor: 'end' },
  ]);
  svg
    .append('g')
    .selectAll('text')
    .data(labels)
    .join('text')
    .attr('class', 'axis-label')
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .attr('text-anchor', (l) => l.anchor)
    .text((l) => l.d);
  const g = svg
    .append('g')
    .selectAll<SVGGElement, (typeof cells)[number]>('g')
    .data(cells)
    .join('g')
    .attr('transform', (d) => `translate(${m.left + d.p * cell},${m.top + d.t * cell})`)
    .attr('class', (d) => `cell${d.t === d.p ? ' diag' : ''}${opts.selected?.[0] === d.t && opts.selected?.[1] === d.p ? ' selected' : ''}`);
  const colour = (d: (typeof cells)[number]) => (d.t === d.p ? '#e6f4f1' : fill(d.count));
  g.append('rect').attr('width', cell - 1).attr('height', cell - 1).attr('rx', 2).attr('fill', colour);
  g.append('text')
    .attr('x', (cell - 1) / 2)
    .attr('y', (cell - 1) / 2 + 4)
    .attr('text-anchor', 'middle')
    .style('fill', (d) => textOn(colour(d)))
    .text((d) => (d.count && (d.t !== d.p || opts.diagonalCounts !== false) ? d.count : ''));
  g.append('title').text((d) => `true ${d.t}, predicted ${d.p}: ${d.count} test digit${d.count === 1 ? '' : 's'}`);
  const clickable = g.filter((d) => d.t !== d.p && d.count > 0 && !!opts.onSelect);
  clickable
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', (d) => `${d.count} test digit${d.count === 1 ? '' : 's'}: true ${d.t}, read as ${d.p}. Show them`)
    .style('cursor', 'pointer')
    .on('click', (_, d) => opts.onSelect!(d.t, d.p))
    .on('keydown', (e: KeyboardEvent, d) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        opts.onSelect!(d.t, d.p);
      }
    });
}

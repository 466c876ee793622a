import type { DrawnScore } from './useMetrics';

const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * How well a network reads digits drawn with the pad's brush (`npm run drawn`), in one or two
 * sentences for its training card: both drawn sets, the two re-drawn digits it reads worst (to a tenth
 * of a percent, so they stand apart from the rest), and, where the re-drawn digits read worse than the
 * same digits as MNIST scanned them (`mnist`, that share), why.
 */
export function drawnScoreLine(d: DrawnScore, mnist: number): string {
  const hardest = d.perDigit
    .map((a, digit) => ({ a, digit }))
    .sort((x, y) => x.a - y.a || x.digit - y.digit)
    .slice(0, 2)
    .map((x) => `${x.digit} (${pct1(x.a)})`);
  const worse = d.redrawn < mnist;
  return (
    `On digits drawn with the pad's brush it reads ${pct1(d.redrawn)} of ${d.redrawnCount.toLocaleString('en-US')} MNIST test digits re-drawn from their skeletons` +
    `${worse ? ` (against ${(mnist * 100).toFixed(2)}% of them as scanned)` : ''} and ${pct1(d.hand)} of ${d.handCount.toLocaleString('en-US')} hand-written stroke drawings; ` +
    `the re-drawn digits it reads worst: ${hardest.join(' and ')}.` +
    (worse
      ? " MNIST's digits were written with pens on paper and scanned; the pad draws smooth lines of one width, so a re-drawn digit is a little unlike anything it trained on."
      : '')
  );
}

import { describe, expect, it } from 'vitest';
import { figureSvg, type Figure } from './figureExport';

describe('figureSvg', () => {
  const fig: Figure = {
    width: 200,
    height: 100,
    items: [
      { kind: 'rect', x: 1, y: 2, w: 50.123, h: 20, r: 4, fill: 'rgb(178, 217, 255)', stroke: 'rgb(43, 52, 71)', strokeWidth: 1, dash: [4, 3], opacity: 1 },
      { kind: 'text', x: 10, y: 12, text: '5 × 5 Conv (6) <pad 2> & "more"', size: 11, weight: '700', family: 'system-ui, "Segoe UI"', style: 'normal', fill: '#111', opacity: 0.5 },
      { kind: 'text', x: 60, y: 50, text: 'Sigmoid', size: 9, weight: '400', family: 'system-ui', style: 'normal', fill: '#111', opacity: 1, rotate: -90 },
      { kind: 'path', d: 'M0,0L10,0', matrix: [2, 0, 0, 2, 5, 5], fill: null, stroke: '#666', strokeWidth: 1.3, dash: '4 3', opacity: 1, extent: { x0: 5, y0: 5, x1: 25, y1: 5 } },
    ],
  };
  const svg = figureSvg(fig);

  it('writes a standalone SVG of the figure\'s size on a white ground', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">')).toBe(true);
    expect(svg).toContain('<rect width="200" height="100" fill="#ffffff"/>');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('escapes text and attributes, and keeps the book\'s notation as typed', () => {
    expect(svg).toContain('>5 × 5 Conv (6) &lt;pad 2&gt; &amp; &quot;more&quot;</text>');
    expect(svg).toContain('font-family="system-ui, &quot;Segoe UI&quot;"');
    expect(svg).toContain('opacity="0.5"');
  });

  it('turns text written up a bar, and keeps paths in their own coordinates with their matrix', () => {
    expect(svg).toContain('text-anchor="middle" transform="rotate(-90 60 50)"');
    expect(svg).toContain('<path d="M0,0L10,0" transform="matrix(2 0 0 2 5 5)" fill="none" stroke="#666" stroke-width="1.3" stroke-dasharray="4 3"/>');
    expect(svg).toContain('width="50.12" height="20" rx="4" fill="rgb(178, 217, 255)" stroke="rgb(43, 52, 71)" stroke-width="1" stroke-dasharray="4 3"');
  });
});

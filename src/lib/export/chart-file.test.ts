import { expect, test } from 'vitest';
import { chartFileName, titledChartSvg } from './chart-file.ts';

test('a chart file is named by experiment, metric and chart', () => {
  expect(chartFileName('Checkout button colour', 'Order value', 'posterior-density', 'svg')).toBe(
    'checkout-button-colour-order-value-posterior-density.svg',
  );
  expect(chartFileName('Checkout', null, 'exposures', 'png')).toBe('checkout-exposures.png');
});

test('an exported chart carries its title, experiment, metric and legend above the drawing', () => {
  const inner = '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><g/></svg>';
  const svg = titledChartSvg(inner, {
    width: 600,
    height: 200,
    title: 'Posterior density of each arm',
    experiment: 'Checkout <b>&</b>',
    metric: 'Order value',
    legend: [
      { name: 'Blue', color: '#0072B2' },
      { name: 'Green & co', color: '#E69F00' },
    ],
    background: '#ffffff',
  });
  const doc = new DOMParserLike(svg);
  expect(doc.texts()).toEqual([
    'Posterior density of each arm',
    'Checkout <b>&</b> · Order value',
    'Blue',
    'Green & co',
  ]);
  expect(svg).toContain('stroke="#0072B2"');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="(\d+)"/);
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  expect(height).toBeGreaterThan(200);
  expect(svg).toContain(
    `<svg x="0" y="${height - 200}" xmlns="http://www.w3.org/2000/svg" width="600" height="200">`,
  );
});

// Minimal reader of <text> contents (node has no DOMParser): entities decoded.
class DOMParserLike {
  constructor(private readonly markup: string) {}
  texts(): string[] {
    return [...this.markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
      m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
  }
}

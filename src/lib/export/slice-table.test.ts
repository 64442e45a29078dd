import { describe, expect, test } from 'vitest';
import type { SliceResult } from '../analysis/slices.ts';
import type { MetricAnalysis } from '../analysis/types.ts';
import type { ArmResult } from '../stats/types.ts';
import { resultsCsv, resultsMarkdown, type ResultsTable } from './results-table.ts';
import { exportedSlices, type ShownSlices } from './slice-table.ts';

/** An arm's analysis with only what the slice export reads, numbers chosen by hand. */
function arm(
  posteriorMean: number,
  credibleInterval: [number, number],
  relative: { mean: number; sd: number; credibleInterval: [number, number] } | null,
): ArmResult {
  return {
    name: '',
    status: 'ok',
    posteriorMean,
    credibleInterval,
    relativeDifference: relative,
  } as ArmResult;
}

function analysis(arms: ArmResult[]): MetricAnalysis {
  return { key: 'purchase', arms } as MetricAnalysis;
}

// US and DE: the same relative difference (+10%, sd 5%), so REML finds no spread (τ̂² = 0) and both
// pool fully to μ̂ = 0.10 with sd 0.05/√2; the 90% interval 0.10 ± 1.6448536·0.0353553 =
// [0.0418456, 0.1581544] (scipy.stats.norm). DE's units 1000 : 900 against 50 : 50: χ² = 2·50²/950 =
// 5.263, p = 0.0217815 (scipy.stats.chi2.sf). FR has no units: not analysed, not tested.
const RELATIVE = { mean: 0.1, sd: 0.05, credibleInterval: [0.0178, 0.1822] as [number, number] };
const RESULTS: SliceResult[] = [
  {
    label: 'US',
    cell: { value: 'US', units: [1000, 1000], metrics: [] },
    analysis: analysis([arm(0.1, [0.09, 0.11], null), arm(0.11, [0.1, 0.12], RELATIVE)]),
  },
  {
    label: 'DE',
    cell: { value: 'DE', units: [1000, 900], metrics: [] },
    analysis: analysis([arm(0.1, [0.09, 0.11], null), arm(0.11, [0.1, 0.12], RELATIVE)]),
  },
  {
    label: 'FR',
    cell: { value: 'FR', units: [0, 0], metrics: [] },
    analysis: null,
    error: 'no units',
  },
];
const SHOWN: ShownSlices = {
  attribute: 'country',
  otherValues: 0,
  metric: 'Purchase',
  unit: 'rate',
  results: RESULTS,
};
const DESIGN = { armNames: ['Blue', 'Green'], control: 0, weights: [50, 50], credibleMass: 0.9 };

function table(shown: ShownSlices = SHOWN): ResultsTable {
  return {
    experiment: 'Checkout',
    credibleMass: 0.9,
    metrics: [],
    slices: exportedSlices(shown, DESIGN),
  };
}

describe('the chosen slice in the CSV export', () => {
  test('a title row, a header, one row per slice and arm after the results', () => {
    const lines = resultsCsv(table()).split('\r\n');
    const start = lines.indexOf('Slices by country');
    expect(lines[start - 1]).toBe('');
    expect(lines[start + 1]).toBe(
      'slice attribute,slice,metric,variation,control,units,posterior mean,relative difference,relative 90% interval low,relative 90% interval high,pooled relative difference,pooled 90% interval low,pooled 90% interval high,slice SRM p-value,note',
    );
    const rows = lines.slice(start + 2, -1).map((line) => line.split(','));
    expect(rows.map((row) => row.slice(0, 8))).toEqual([
      ['country', 'US', 'Purchase', 'Blue', 'true', '1000', '0.1', ''],
      ['country', 'US', 'Purchase', 'Green', 'false', '1000', '0.11', '0.1'],
      ['country', 'DE', 'Purchase', 'Blue', 'true', '1000', '0.1', ''],
      ['country', 'DE', 'Purchase', 'Green', 'false', '900', '0.11', '0.1'],
      ['country', 'FR', 'Purchase', 'Blue', 'true', '0', '', ''],
      ['country', 'FR', 'Purchase', 'Green', 'false', '0', '', ''],
    ]);
    expect(rows[1].slice(8, 10)).toEqual(['0.0178', '0.1822']);
    for (const row of [rows[1], rows[3]]) {
      expect(Number(row[10])).toBeCloseTo(0.1, 10);
      expect(Number(row[11])).toBeCloseTo(0.0418456, 6);
      expect(Number(row[12])).toBeCloseTo(0.1581544, 6);
    }
    expect(rows[0].slice(10, 13)).toEqual(['', '', '']);
    expect(Number(rows[0][13])).toBeCloseTo(1, 10);
    expect(Number(rows[2][13])).toBeCloseTo(0.0217815, 6);
    expect(rows[4].slice(13)).toEqual(['', 'no units; no units in this slice']);
    expect(rows[5].slice(13)).toEqual(['', 'no units; no units in this slice']);
    expect(resultsCsv(table())).not.toMatch(/NaN|undefined/);
  });

  test('no chosen slice: the CSV is the results table alone', () => {
    expect(resultsCsv({ ...table(), slices: undefined })).not.toContain('Slices by');
  });
});

describe('the chosen slice in the Markdown export', () => {
  test('rows as the Slices section shows them, one precision per column', () => {
    const markdown = resultsMarkdown(table());
    const block = markdown.slice(markdown.indexOf('**Slices by country**'));
    expect(block.split('\n')).toEqual([
      '**Slices by country** · Purchase',
      '',
      '| Slice | Variation | Units | Purchase (posterior mean) | Relative difference, slice alone (90% interval) | Pooled (90% interval) | Sample ratio (χ² p) |',
      '| :--- | :--- | ---: | ---: | ---: | ---: | ---: |',
      '| US | Blue | 1,000 | 10.00% | control | control | 1.0000 |',
      '| US | Green | 1,000 | 11.00% | +10.0% (+1.8% to +18.2%) | +10.0% (+4.2% to +15.8%) | 1.0000 |',
      '| DE | Blue | 1,000 | 10.00% | control | control | 0.0218 |',
      '| DE | Green | 900 | 11.00% | +10.0% (+1.8% to +18.2%) | +10.0% (+4.2% to +15.8%) | 0.0218 |',
      '| FR | Blue | 0 | no units | control | control | no units in this slice |',
      '| FR | Green | 0 | no units | no units | not pooled | no units in this slice |',
      '',
    ]);
  });

  test('the footnote says what “other” merges and what the link left out', () => {
    const markdown = resultsMarkdown(table({ ...SHOWN, otherValues: 12, leftOut: 3 }));
    expect(markdown).toContain(
      '“Other” merges the 12 least frequent values. 3 smaller slices were left out of the snapshot link, so the pooled estimates are over the slices shown.',
    );
  });
});

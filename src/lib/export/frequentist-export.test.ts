import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import Papa from 'papaparse';
import type { AnalysisResponse } from '../analysis/types.ts';
import { testSnapshot } from '../share/test-snapshot.ts';
import { resultsTableFromSnapshot } from './from-snapshot.ts';
import { resultsCsv, resultsMarkdown } from './results-table.ts';

const noAnalysis: AnalysisResponse = { viewKey: 'x', metrics: [], srm: null };

function csvRows(settings: Record<string, unknown>) {
  const snapshot = testSnapshot();
  snapshot.settings = { ...snapshot.settings, ...settings };
  const table = resultsTableFromSnapshot(snapshot, noAnalysis);
  const rows = Papa.parse<string[]>(resultsCsv(table), { skipEmptyLines: true }).data;
  return rows.slice(1).map((row) => Object.fromEntries(rows[0].map((c, i) => [c, row[i]])));
}

describe('exports in a frequentist mode', () => {
  test('carry the frequentist columns, with Holm across the metrics', () => {
    const rows = csvRows({ inference: 'frequentist', correction: 'holm' });
    // By scipy (Welch t, 95%): order value 10 → 10.5, sd 5 and 5.2, 1,000 units each: +5%,
    // [0.00417337, 0.0958266], p = 0.0324957; purchase 10% → 12%: +20%, [−0.100768, 0.500768],
    // p = 0.192350. Holm over the two: 2 × 0.0324957 = 0.0649914, then max(that, 0.192350).
    const [orderControl, orderGreen, , purchaseGreen] = rows;
    expect(orderControl['p-value']).toBe('');
    expect(Number(orderGreen['frequentist relative difference'])).toBeCloseTo(0.05, 12);
    expect(Number(orderGreen['95% confidence interval low'])).toBeCloseTo(0.004173369421, 9);
    expect(Number(orderGreen['95% confidence interval high'])).toBeCloseTo(0.095826630579, 9);
    expect(Number(orderGreen['p-value'])).toBeCloseTo(0.0324957003, 9);
    expect(Number(orderGreen['p-value (Holm-adjusted)'])).toBeCloseTo(2 * 0.0324957003, 9);
    expect(Number(purchaseGreen['p-value (Holm-adjusted)'])).toBeCloseTo(0.192350207, 8);
    expect(Number(purchaseGreen['95% confidence interval low'])).toBeCloseTo(-0.100767975, 8);
  });

  test('name the sequential interval, and leave the Bayesian export as it was', () => {
    expect(Object.keys(csvRows({ inference: 'sequential' })[0])).toContain(
      '95% always-valid interval (sequential) low',
    );
    expect(Object.keys(csvRows({})[0])).not.toContain('p-value');
  });

  test('the Markdown table adds the interval and p-value columns, formatted as on the page', () => {
    const snapshot = testSnapshot();
    snapshot.settings = { ...snapshot.settings, inference: 'frequentist', correction: 'holm' };
    const markdown = resultsMarkdown(resultsTableFromSnapshot(snapshot, noAnalysis));
    const lines = markdown.split('\n');
    // The header row (after the title and the decision rule's sentence).
    expect(lines.find((line) => line.startsWith('| Metric'))).toContain(
      '| Relative difference (95% confidence interval) | p-value (Holm-adjusted) |',
    );
    // Scipy values above: +5% (0.417% to 9.583%), Holm p = 0.0649914; +20% (−10.08% to +50.08%),
    // Holm p = max(0.0649914, 0.192350) = 0.192350.
    expect(lines).toContain(
      '| Order value (primary) | Green | 1,000 | 10,500 | — | — | — | — | not analysed | +5.00% (+0.42% to +9.58%) | 0.0650 |',
    );
    expect(lines).toContain(
      '| Purchase (secondary) | Green | 1,000 | 120 | — | — | — | — | not analysed | +20.0% (−10.1% to +50.1%) | 0.1924 |',
    );
  });

  test('apply CUPED from the link’s covariate sums, as the page does', () => {
    const reference = JSON.parse(
      readFileSync(
        new URL('../analysis/__fixtures__/frequentist-view.json', import.meta.url),
        'utf8',
      ),
    ) as {
      statistics: { arm: string; revenue: Record<string, number> }[];
      cupedFixed: { estimate?: number; pValue?: number }[];
    };
    const snapshot = testSnapshot();
    const revenue = {
      ...snapshot.design.metrics[0],
      key: 'revenue',
      aggregation: 'average' as const,
    };
    snapshot.design.metrics = [revenue];
    snapshot.design.arms = reference.statistics.map((row) => ({ name: row.arm, split: 1 }));
    snapshot.statistics = [
      {
        metric: 'revenue',
        arms: reference.statistics.map((row) => ({
          units: row.revenue.units,
          sum: row.revenue.sum,
          sumSquares: row.revenue.sumSquares,
          covariateSum: row.revenue.covariateSum,
          covariateSumSquares: row.revenue.covariateSumSquares,
          covariateCrossSum: row.revenue.covariateCrossSum,
        })),
      },
    ];
    snapshot.srmLooks = [];
    snapshot.settings = {
      ...snapshot.settings,
      inference: 'frequentist',
      cupedMetrics: ['revenue'],
    };
    const rows = Papa.parse<string[]>(resultsCsv(resultsTableFromSnapshot(snapshot, noAnalysis)), {
      skipEmptyLines: true,
    }).data;
    const pValue = rows[0].indexOf('p-value');
    const estimate = rows[0].indexOf('frequentist relative difference');
    expect(Number(rows[2][estimate])).toBeCloseTo(reference.cupedFixed[1].estimate!, 10);
    expect(Number(rows[2][pValue])).toBeCloseTo(reference.cupedFixed[1].pValue!, 8);
  });
});

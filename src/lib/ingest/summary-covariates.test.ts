import { describe, expect, it } from 'vitest';
import { aggregateSummaryCsv } from './index.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  window: { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) },
  metrics: [{ key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' }],
};

const header =
  'variation,units,sum,sum_squares,covariate_sum,covariate_sum_squares,covariate_cross_sum,denominator_sum,denominator_sum_squares,cross_sum';

describe('summary files with optional sums', () => {
  it('keep the covariate and the ratio sums on the stored arms', async () => {
    // Arm 0: y = (1, 3), x = (2, 2), d = (1, 2): Σx = 4, Σx² = 8, Σxy = 8, Σd = 3, Σd² = 5, Σyd = 7.
    const text = `${header}\n0,2,4,10,4,8,8,3,5,7\n1,2,6,20,6,20,20,,,\n`;
    const result = await aggregateSummaryCsv([file(text, 'summary.csv')], spec);
    expect(result.metrics.spend).toEqual([
      {
        variation: 0,
        units: 2,
        conversions: 0,
        sum: 4,
        sumSquares: 10,
        covariateSum: 4,
        covariateSumSquares: 8,
        covariateCrossSum: 8,
      },
      {
        variation: 1,
        units: 2,
        conversions: 0,
        sum: 6,
        sumSquares: 20,
        covariateSum: 6,
        covariateSumSquares: 20,
        covariateCrossSum: 20,
      },
    ]);
  });

  it('refuse part of a group or an impossible sum of squares, naming the arm', async () => {
    const refusal = (row: string) =>
      aggregateSummaryCsv([file(`${header}\n${row}\n1,2,6,20,6,20,20,,,\n`, 's.csv')], spec).catch(
        (error: unknown) => (error as Error).message,
      );
    expect(await refusal('0,2,4,10,4,,8,,,')).toBe(
      'Summary of spend, arm "0": the covariate sums need all of covariate_sum, covariate_sum_squares, covariate_cross_sum.',
    );
    expect(await refusal('0,2,4,10,6,1,8,,,')).toBe(
      'Summary of spend, arm "0": covariate_sum_squares is too small for covariate_sum (the variance would be negative).',
    );
  });

  it('keep a group only when every arm of the metric has it', async () => {
    const text = `${header}\n0,2,4,10,4,8,8,,,\n1,2,6,20,,,,,,\n`;
    const result = await aggregateSummaryCsv([file(text, 'summary.csv')], spec);
    expect(result.metrics.spend.map((arm) => arm.covariateSum)).toEqual([undefined, undefined]);
  });
});

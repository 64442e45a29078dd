import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../types.ts';
import { loadFixture, scaledError } from './__fixtures__/load.ts';
import { compareFrequentist } from './compare-frequentist.ts';
import { ratioMomentStats } from './ratio-moment-stats.ts';
import { ratioMoments, type RatioArm } from './ratio-moments.ts';
import { DegenerateInputError } from './types.ts';

type Case = { name: string; arm: RatioArm; mean: number; variance: number };
type Comparison = {
  difference: 'relative' | 'absolute';
  control: RatioArm;
  treatment: RatioArm;
  estimate: number;
  se: number;
  ci: [number, number];
  pValue: number;
  df: number;
};
const { cases, comparisons } = loadFixture<{ cases: Case[]; comparisons: Comparison[] }>(
  'ratio.json',
);

describe('ratioMoments against numpy’s covariance matrix and the delta-method gradient', () => {
  it.each(cases)('$name', ({ arm, mean, variance }) => {
    const result = ratioMoments(arm);
    expect(scaledError(result.mean, mean)).toBeLessThan(1e-12);
    expect(scaledError(result.variance, variance)).toBeLessThan(1e-9);
  });
});

describe('ratio metrics compared through ratioMomentStats, as gbstats compares RatioStatistics', () => {
  it.each(comparisons)('$difference', (c) => {
    const result = compareFrequentist(ratioMomentStats(c.control), ratioMomentStats(c.treatment), {
      difference: c.difference,
    });
    expect(scaledError(result.estimate, c.estimate, c.se)).toBeLessThan(1e-9);
    expect(scaledError(result.se, c.se)).toBeLessThan(1e-9);
    result.ci.forEach((end, i) => expect(scaledError(end, c.ci[i], c.se)).toBeLessThan(1e-9));
    expect(scaledError(result.pValue, c.pValue)).toBeLessThan(1e-9);
    expect(scaledError(result.df as number, c.df)).toBeLessThan(1e-9);
  });
});

describe('ratioMoments by hand and on bad input', () => {
  it('three units, worked by hand', () => {
    // y = 2, 4, 9; d = 1, 2, 3: ȳ = 5, d̄ = 2, R = 15/6 = 2.5,
    // var y = 13, var d = 1, cov = 3.5: (13 − 2·2.5·3.5 + 6.25·1) / 2² / 3 = 1.75 / 4 / 3 = 7/48.
    const result = ratioMoments({
      units: 3,
      sum: 15,
      sumSquares: 101,
      denominatorSum: 6,
      denominatorSumSquares: 14,
      crossSum: 37,
    });
    expect(result.mean).toBe(2.5);
    expect(result.variance).toBeCloseTo(7 / 48, 14);
  });

  it('typed errors for one unit and a zero denominator', () => {
    const arm = {
      units: 1,
      sum: 2,
      sumSquares: 4,
      denominatorSum: 1,
      denominatorSumSquares: 1,
      crossSum: 2,
    };
    expect(() => ratioMoments(arm)).toThrow(DegenerateInputError);
    try {
      ratioMoments({ ...arm, units: 5, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 });
    } catch (error) {
      expect((error as DegenerateInputError).reason).toBe('zero-denominator');
    }
    expect(() => ratioMoments({ ...arm, units: 5, crossSum: Infinity })).toThrow(StatsInputError);
  });
});

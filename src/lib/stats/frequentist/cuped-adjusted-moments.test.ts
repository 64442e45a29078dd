import { describe, expect, it } from 'vitest';
import { analyzeMetric } from '../analyze.ts';
import { StatsInputError } from '../types.ts';
import { loadFixture, scaledError } from './__fixtures__/load.ts';
import { cupedAdjustedMoments } from './cuped-adjusted-moments.ts';
import type { MomentStats } from './types.ts';

type Case = {
  arm: MomentStats;
  theta: number;
  covariateMean: number;
  expected: { units: number; sum: number; sumSquares: number };
};
const { cases } = loadFixture<{ cases: Case[] }>('cuped-moments.json');

describe('cupedAdjustedMoments against numpy on the adjusted unit values', () => {
  it.each(cases)('θ $theta, centre $covariateMean', ({ arm, theta, covariateMean, expected }) => {
    const result = cupedAdjustedMoments(arm, theta, covariateMean);
    expect(result.units).toBe(expected.units);
    expect(scaledError(result.sum, expected.sum)).toBeLessThan(1e-9);
    expect(scaledError(result.sumSquares, expected.sumSquares)).toBeLessThan(1e-9);
  });
});

describe('cupedAdjustedMoments', () => {
  // Units (x, y): (1, 2), (2, 5), (3, 5), (4, 8).
  const arm = {
    units: 4,
    sum: 20,
    sumSquares: 118,
    covariateSum: 10,
    covariateSumSquares: 30,
    covariateCrossSum: 59,
  };

  it('by hand: θ = 1.5, centred at 2.5', () => {
    // z = y − 1.5(x − 2.5): 4.25, 5.75, 4.25, 5.75 → Σz = 20, Σz² = 2·(18.0625 + 33.0625) = 102.25.
    const result = cupedAdjustedMoments(arm, 1.5, 2.5);
    expect(result.units).toBe(4);
    expect(result.sum).toBeCloseTo(20, 12);
    expect(result.sumSquares).toBeCloseTo(102.25, 12);
  });

  it('θ = 0 leaves the moments as they are', () => {
    const result = cupedAdjustedMoments(arm, 0);
    expect(result.sum).toBe(20);
    expect(result.sumSquares).toBeCloseTo(118, 12);
  });

  it('feeds the Bayesian normal model, which then reports a narrower interval', () => {
    const treatment = { ...arm, sum: 22, sumSquares: 140, covariateCrossSum: 64 };
    const plain = analyzeMetric(
      [
        { name: 'control', units: 4, sum: arm.sum, sumSquares: arm.sumSquares },
        { name: 'treatment', units: 4, sum: treatment.sum, sumSquares: treatment.sumSquares },
      ],
      { kind: 'numeric', prior: 'flat' },
    );
    const adjusted = analyzeMetric(
      [
        { name: 'control', ...cupedAdjustedMoments(arm, 1.5, 2.5) },
        { name: 'treatment', ...cupedAdjustedMoments(treatment, 1.5, 2.5) },
      ],
      { kind: 'numeric', prior: 'flat' },
    );
    const width = (r: (typeof plain)[number]) => r.credibleInterval[1] - r.credibleInterval[0];
    expect(width(adjusted[0])).toBeLessThan(width(plain[0]));
  });

  it('needs the covariate sums', () => {
    expect(() => cupedAdjustedMoments({ units: 3, sum: 3, sumSquares: 5 }, 0.5)).toThrow(
      StatsInputError,
    );
    expect(() => cupedAdjustedMoments(arm, NaN)).toThrow(/theta/);
  });
});

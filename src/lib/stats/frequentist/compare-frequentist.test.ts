import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../types.ts';
import { loadFixture, reviveInfinity, scaledError } from './__fixtures__/load.ts';
import { compareFrequentist } from './compare-frequentist.ts';
import { DegenerateInputError, type FrequentistOptions, type MomentStats } from './types.ts';

type Case = {
  name: string;
  control: MomentStats;
  treatment: MomentStats;
  options: FrequentistOptions;
  expected: {
    estimate: number;
    se: number;
    ci: [number | string, number | string];
    pValue: number;
    df: number | null;
    theta: number | null;
  };
};
const { cases } = loadFixture<{ cases: Case[] }>('compare.json');
const TOLERANCE = 1e-9;

describe('compareFrequentist against the numpy/scipy reference', () => {
  it('covers every option', () => {
    expect(cases.length).toBeGreaterThan(300);
    const seen = (pick: (c: Case) => unknown) => new Set(cases.map(pick));
    expect(seen((c) => c.options.alternative ?? 'two-sided').size).toBe(3);
    expect(seen((c) => c.options.difference ?? 'relative').size).toBe(2);
    expect(seen((c) => c.options.distribution ?? 'welch-t').size).toBe(2);
    expect(seen((c) => Boolean(c.options.sequential)).size).toBe(2);
    expect(seen((c) => Boolean(c.options.cuped)).size).toBe(2);
    expect(seen((c) => c.control.kind ?? 'mean').size).toBe(2);
  });

  it.each(cases)('$name', ({ control, treatment, options, expected }) => {
    const result = compareFrequentist(control, treatment, options);
    const se = expected.se;
    expect(scaledError(result.estimate, expected.estimate, se)).toBeLessThan(TOLERANCE);
    expect(scaledError(result.se, se)).toBeLessThan(TOLERANCE);
    result.ci.forEach((end, i) => {
      const want = reviveInfinity(expected.ci[i]);
      if (!Number.isFinite(want)) expect(end).toBe(want);
      else expect(scaledError(end, want, se)).toBeLessThan(TOLERANCE);
    });
    expect(scaledError(result.pValue, expected.pValue)).toBeLessThan(TOLERANCE);
    if (expected.df === null) expect(result.df).toBeNull();
    else expect(scaledError(result.df as number, expected.df)).toBeLessThan(TOLERANCE);
    if (expected.theta === null) expect(result.theta).toBeNull();
    else
      expect(scaledError(result.theta as number, expected.theta, 1e-300)).toBeLessThan(TOLERANCE);
  });
});

// The expected values printed in gbstats' own frequentist test suite (5 decimals).
describe('compareFrequentist reproduces gbstats’ published test values', () => {
  const a = { units: 3407, sum: 1396.87, sumSquares: 52377.9767 };
  const b = { units: 3461, sum: 2422.7, sumSquares: 134698.29 };
  const a3000 = { ...a, units: 3000 };
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const expectRounded = (
    result: ReturnType<typeof compareFrequentist>,
    estimate: number,
    ci: [number, number],
    se: number,
    pValue: number,
  ) => {
    expect(round(result.estimate)).toBe(estimate);
    expect(result.ci.map((x) => (Number.isFinite(x) ? round(x) : x))).toEqual(ci);
    expect(round(result.se)).toBe(se);
    expect(round(result.pValue)).toBe(pValue);
  };

  it('two-sided t-test, relative and absolute', () => {
    expectRounded(compareFrequentist(a, b), 0.70732, [-0.03526, 1.44989], 0.37879, 0.06191);
    expectRounded(
      compareFrequentist(a, b, { difference: 'absolute' }),
      0.29,
      [0.04538, 0.53462],
      0.12478,
      0.02016,
    );
  });

  it('two-sided proportions', () => {
    const result = compareFrequentist(
      { units: 28, sum: 14, sumSquares: 14, kind: 'proportion' },
      { units: 30, sum: 16, sumSquares: 16, kind: 'proportion' },
    );
    expectRounded(result, 0.06667, [-0.47767, 0.61101], 0.2717, 0.80707);
  });

  it('sequential: means, proportions, CUPED', () => {
    expectRounded(
      compareFrequentist(a3000, b, { sequential: { tuning: 1000 } }),
      0.50336,
      [-0.55844, 1.56516],
      0.33341,
      1,
    );
    expectRounded(
      compareFrequentist(
        { units: 3000, sum: 1396, sumSquares: 1396, kind: 'proportion' },
        { units: 3461, sum: 2422, sumSquares: 2422, kind: 'proportion' },
        { sequential: { tuning: 5000 } },
      ),
      0.50386,
      [0.40098, 0.60675],
      0.03386,
      0,
    );
    const cupedA = {
      ...a3000,
      covariateSum: 16.87,
      covariateSumSquares: 527.9767,
      covariateCrossSum: 1,
    };
    const cupedB = { ...b, covariateSum: 22.7, covariateSumSquares: 1348.29, covariateCrossSum: 1 };
    expectRounded(
      compareFrequentist(cupedA, cupedB, { sequential: { tuning: 5000 }, cuped: true }),
      0.50338,
      [-0.50969, 1.51646],
      0.33341,
      1,
    );
  });

  it('one-sided t-tests', () => {
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'greater' }),
      0.50336,
      [-0.04514, Infinity],
      0.33341,
      0.06558,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'greater', difference: 'absolute' }),
      0.23438,
      [0.02079, Infinity],
      0.12983,
      0.03554,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'less' }),
      0.50336,
      [-Infinity, 1.05186],
      0.33341,
      0.93442,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'less', difference: 'absolute' }),
      0.23438,
      [-Infinity, 0.44796],
      0.12983,
      0.96446,
    );
  });

  it('one-sided sequential tests, p-values from gbstats’ search on α', () => {
    const sequential = { tuning: 5000 };
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'greater', sequential }),
      0.50336,
      [-0.42356, Infinity],
      0.33341,
      0.4999,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'greater', difference: 'absolute', sequential }),
      0.23438,
      [-0.12657, Infinity],
      0.12983,
      0.46316,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'less', sequential }),
      0.50336,
      [-Infinity, 1.43029],
      0.33341,
      0.4999,
    );
    expectRounded(
      compareFrequentist(a3000, b, { alternative: 'less', difference: 'absolute', sequential }),
      0.23438,
      [-Infinity, 0.59532],
      0.12983,
      0.4999,
    );
  });

  it('a tuning N* near the sample size gives the narrowest sequence', () => {
    const width = (tuning: number) => {
      const { ci } = compareFrequentist(a3000, b, { sequential: { tuning } });
      return ci[1] - ci[0];
    };
    expect(width(6461)).toBeLessThan(width(10));
    expect(width(6461)).toBeLessThan(width(10000));
    expect(width(10000)).toBeLessThan(width(10));
  });
});

describe('compareFrequentist properties', () => {
  const control = { units: 1000, sum: 10000, sumSquares: 10000 * 10 + 999 * 25 };
  const treatment = { units: 1000, sum: 10500, sumSquares: 10500 * 10.5 + 999 * 27.04 };

  it('defaults: relative, α 0.05, two-sided, Welch t, fixed horizon, no CUPED', () => {
    expect(compareFrequentist(control, treatment)).toEqual(
      compareFrequentist(control, treatment, {
        difference: 'relative',
        alpha: 0.05,
        alternative: 'two-sided',
        distribution: 'welch-t',
        sequential: null,
        cuped: false,
      }),
    );
  });

  it('the sequential interval is wider than the fixed-horizon one and its p-value larger', () => {
    const fixed = compareFrequentist(control, treatment, { distribution: 'normal' });
    const sequential = compareFrequentist(control, treatment, { sequential: { tuning: 2000 } });
    expect(sequential.ci[0]).toBeLessThan(fixed.ci[0]);
    expect(sequential.ci[1]).toBeGreaterThan(fixed.ci[1]);
    expect(sequential.pValue).toBeGreaterThan(fixed.pValue);
  });

  it('a one-sided p-value is half the two-sided one on its side; the two sides sum to 1', () => {
    const two = compareFrequentist(control, treatment).pValue;
    const greater = compareFrequentist(control, treatment, { alternative: 'greater' }).pValue;
    const less = compareFrequentist(control, treatment, { alternative: 'less' }).pValue;
    expect(greater).toBeCloseTo(two / 2, 14);
    expect(greater + less).toBeCloseTo(1, 14);
  });

  it('CUPED divides the relative difference by the unadjusted control mean', () => {
    const withCovariate = (stats: MomentStats, x: number, xx: number, xy: number): MomentStats => ({
      ...stats,
      covariateSum: x,
      covariateSumSquares: xx,
      covariateCrossSum: xy,
    });
    const c = withCovariate(control, 5000, 5000 * 5 + 999 * 9, 10000 * 5 + 999 * 12);
    const t = withCovariate(treatment, 5100, 5100 * 5.1 + 999 * 9, 10500 * 5.1 + 999 * 12);
    const result = compareFrequentist(c, t, { cuped: true });
    const theta = result.theta as number;
    expect(theta).toBeGreaterThan(0);
    const adjustedDifference = 10.5 - theta * 5.1 - (10 - theta * 5);
    expect(result.estimate).toBeCloseTo(adjustedDifference / 10, 14);
    expect(result.se).toBeLessThan(compareFrequentist(control, treatment).se);
  });
});

describe('compareFrequentist degenerate and malformed input', () => {
  const ok = { units: 100, sum: 500, sumSquares: 3000 };
  const reasonOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(DegenerateInputError);
      expect(error).toBeInstanceOf(StatsInputError);
      return {
        reason: (error as DegenerateInputError).reason,
        field: (error as DegenerateInputError).field,
      };
    }
    throw new Error('no error thrown');
  };

  it('n ≤ 1 in either arm', () => {
    expect(reasonOf(() => compareFrequentist({ units: 1, sum: 5, sumSquares: 25 }, ok))).toEqual({
      reason: 'too-few-units',
      field: 'control.units',
    });
    expect(reasonOf(() => compareFrequentist(ok, { units: 0, sum: 0, sumSquares: 0 }))).toEqual({
      reason: 'too-few-units',
      field: 'treatment.units',
    });
  });

  it('zero variance, including proportions at 0% or 100%', () => {
    expect(
      reasonOf(() => compareFrequentist(ok, { units: 10, sum: 50, sumSquares: 250 })).reason,
    ).toBe('zero-variance');
    expect(
      reasonOf(() =>
        compareFrequentist(
          { units: 10, sum: 10, sumSquares: 10, kind: 'proportion' },
          { units: 10, sum: 4, sumSquares: 4, kind: 'proportion' },
        ),
      ).reason,
    ).toBe('zero-variance');
  });

  it('rounding noise in the sums is zero variance, as in the Bayesian model', () => {
    // Three units of 0.7: Σy² − Σy·ȳ is 2.2e-16 in doubles, noise, not a variance.
    const same = { units: 3, sum: 0.7 + 0.7 + 0.7, sumSquares: 0.7 * 0.7 + 0.7 * 0.7 + 0.7 * 0.7 };
    expect(reasonOf(() => compareFrequentist(same, ok)).reason).toBe('zero-variance');
  });

  it('zero variance after a perfect CUPED adjustment', () => {
    // y = 2x exactly in both arms: the adjusted values are constant.
    const arm = (xs: number[]): MomentStats => ({
      units: xs.length,
      sum: xs.reduce((s, x) => s + 2 * x, 0),
      sumSquares: xs.reduce((s, x) => s + 4 * x * x, 0),
      covariateSum: xs.reduce((s, x) => s + x, 0),
      covariateSumSquares: xs.reduce((s, x) => s + x * x, 0),
      covariateCrossSum: xs.reduce((s, x) => s + 2 * x * x, 0),
    });
    expect(
      reasonOf(() => compareFrequentist(arm([1, 2, 3, 4]), arm([2, 4, 8]), { cuped: true })).reason,
    ).toBe('zero-variance');
  });

  it('a control mean of 0 for a relative difference, but not for an absolute one', () => {
    const zeroMean = { units: 4, sum: 0, sumSquares: 8 };
    expect(reasonOf(() => compareFrequentist(zeroMean, ok))).toEqual({
      reason: 'zero-control-mean',
      field: 'control.sum',
    });
    const absolute = compareFrequentist(zeroMean, ok, { difference: 'absolute' });
    expect(absolute.estimate).toBe(5);
    expect(Number.isFinite(absolute.pValue)).toBe(true);
  });

  it('rejects malformed input with the field named', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(StatsInputError);
        expect(error).not.toBeInstanceOf(DegenerateInputError);
        return (error as StatsInputError).field;
      }
      throw new Error('no error thrown');
    };
    expect(fieldOf(() => compareFrequentist({ ...ok, sum: NaN }, ok))).toBe('control.sum');
    expect(fieldOf(() => compareFrequentist({ ...ok, sumSquares: 200 }, ok))).toBe(
      'control.sumSquares',
    );
    expect(
      fieldOf(() =>
        compareFrequentist(
          { ...ok, covariateSum: 100, covariateSumSquares: 50, covariateCrossSum: 600 },
          { ...ok, covariateSum: 100, covariateSumSquares: 150, covariateCrossSum: 600 },
          { cuped: true },
        ),
      ),
    ).toBe('control.covariateSumSquares');
    expect(fieldOf(() => compareFrequentist(ok, { ...ok, units: 2.5 }))).toBe('treatment.units');
    expect(fieldOf(() => compareFrequentist(ok, ok, { alpha: 0 }))).toBe('options.alpha');
    expect(
      fieldOf(() =>
        compareFrequentist(ok, ok, {
          alpha: 0.5,
          alternative: 'less',
          sequential: { tuning: 100 },
        }),
      ),
    ).toBe('options.alpha');
    expect(fieldOf(() => compareFrequentist(ok, ok, { sequential: { tuning: 0 } }))).toBe(
      'options.sequential.tuning',
    );
    expect(fieldOf(() => compareFrequentist(ok, ok, { cuped: true }))).toBe('control.covariateSum');
    expect(
      fieldOf(() =>
        compareFrequentist(
          { units: 10, sum: 3, sumSquares: 3, kind: 'proportion' },
          { ...ok, kind: 'mean' },
        ),
      ),
    ).toBe('treatment.kind');
    expect(
      fieldOf(() =>
        compareFrequentist({ units: 10, sum: 11, sumSquares: 11, kind: 'proportion' }, ok),
      ),
    ).toBe('control.sum');
    expect(
      fieldOf(() =>
        compareFrequentist({ units: 10, sum: 3, sumSquares: 9, kind: 'proportion' }, ok),
      ),
    ).toBe('control.sumSquares');
    expect(fieldOf(() => compareFrequentist(ok, ok, { alternative: 'both' as 'less' }))).toBe(
      'options.alternative',
    );
  });

  it('never returns NaN on the reference cases', () => {
    for (const { control, treatment, options } of cases) {
      const result = compareFrequentist(control, treatment, options);
      for (const value of [result.estimate, result.se, ...result.ci, result.pValue])
        expect(Number.isNaN(value)).toBe(false);
    }
  });
});

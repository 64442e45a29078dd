import { describe, expect, it } from 'vitest';
import { reference, relativeError } from './__fixtures__/reference.ts';
import { analyzeMetric } from './analyze.ts';
import { StatsInputError } from './types.ts';
import type { AnalysisOptions, ArmInput, ArmResult } from './types.ts';

type ExpectedArm = {
  posteriorMean: number;
  posteriorSd: number;
  credibleInterval: [number, number];
  alpha?: number;
  beta?: number;
  relativeDifference?: { mean: number; sd: number; credibleInterval: [number, number] };
  probabilityToBeatControl?: number;
};
type GridCase = {
  kind: 'numeric' | 'conversion';
  arms: Omit<ArmInput, 'name'>[];
  options: Partial<AnalysisOptions>;
  expected: ExpectedArm[] | { arms: ExpectedArm[] };
};

function checkArm(actual: ArmResult, expected: ExpectedArm): void {
  expect(actual.status).toBe('ok');
  expect(relativeError(actual.posteriorMean, expected.posteriorMean)).toBeLessThan(1e-13);
  if (actual.posterior.family === 'normal')
    expect(relativeError(actual.posterior.sd, expected.posteriorSd)).toBeLessThan(1e-13);
  else {
    expect(relativeError(actual.posterior.alpha, expected.alpha!)).toBeLessThan(1e-13);
    expect(relativeError(actual.posterior.beta, expected.beta!)).toBeLessThan(1e-13);
  }
  expect(Math.abs(actual.credibleInterval[0] - expected.credibleInterval[0])).toBeLessThan(
    1e-10 * Math.max(1, Math.abs(expected.posteriorMean)),
  );
  expect(Math.abs(actual.credibleInterval[1] - expected.credibleInterval[1])).toBeLessThan(
    1e-10 * Math.max(1, Math.abs(expected.posteriorMean)),
  );
  if (expected.relativeDifference) {
    const rd = actual.relativeDifference!;
    expect(relativeError(rd.mean, expected.relativeDifference.mean)).toBeLessThan(1e-12);
    expect(relativeError(rd.sd, expected.relativeDifference.sd)).toBeLessThan(1e-12);
    expect(
      Math.abs(rd.credibleInterval[0] - expected.relativeDifference.credibleInterval[0]),
    ).toBeLessThan(1e-12);
    expect(
      Math.abs(rd.credibleInterval[1] - expected.relativeDifference.credibleInterval[1]),
    ).toBeLessThan(1e-12);
    expect(
      Math.abs(actual.probabilityToBeatControl! - expected.probabilityToBeatControl!),
    ).toBeLessThan(1e-9);
  } else {
    expect(actual.relativeDifference).toBeNull();
    expect(actual.probabilityToBeatControl).toBeNull();
  }
}

describe('analyzeMetric: the worked examples of docs/statistics.md', () => {
  it('numeric example reproduces every listed number', () => {
    const [control, treatment] = analyzeMetric(
      [
        { name: 'A', units: 1000, mean: 10, sd: 5 },
        { name: 'B', units: 1000, mean: 10.5, sd: 5.2 },
      ],
      { kind: 'numeric' },
    );
    const expected = reference.workedExamples.numeric.arms as ExpectedArm[];
    checkArm(control, expected[0]);
    checkArm(treatment, expected[1]);
    expect(treatment.posteriorMean).toBeCloseTo(10.499158, 6);
    expect((treatment.posterior as { sd: number }).sd ** 2).toBeCloseTo(0.026994, 6);
    expect(treatment.credibleInterval[0]).toBeCloseTo(10.228908, 6);
    expect(treatment.credibleInterval[1]).toBeCloseTo(10.769407, 6);
    expect(treatment.relativeDifference!.mean).toBeCloseTo(0.049916, 6);
    expect(treatment.relativeDifference!.credibleInterval[0]).toBeCloseTo(0.011498, 6);
    expect(treatment.relativeDifference!.credibleInterval[1]).toBeCloseTo(0.088334, 6);
    expect(treatment.probabilityToBeatControl!).toBeCloseTo(0.985704, 6);
  });

  it('conversion example reproduces every listed number', () => {
    const [control, treatment] = analyzeMetric(
      [
        { name: 'A', units: 1000, conversions: 100 },
        { name: 'B', units: 1000, conversions: 120 },
      ],
      { kind: 'conversion' },
    );
    const expected = reference.workedExamples.conversion.arms as ExpectedArm[];
    checkArm(control, expected[0]);
    checkArm(treatment, expected[1]);
    expect(control.posterior).toEqual({ family: 'beta', alpha: 101, beta: 901 });
    expect((treatment.posterior as { alpha: number }).alpha - 120).toBeCloseTo(18.267347, 6);
    expect((treatment.posterior as { beta: number }).beta - 880).toBeCloseTo(164.406122, 6);
    expect(treatment.posteriorMean).toBeCloseTo(0.116911, 6);
    expect(treatment.relativeDifference!.mean).toBeCloseTo(0.159848, 6);
    expect(treatment.probabilityToBeatControl!).toBeCloseTo(0.886711, 6);
  });
});

describe('analyzeMetric: grid against mpmath', () => {
  it.each((reference.analyses as GridCase[]).map((c, i) => ({ ...c, i })))(
    'case $i ($kind)',
    (c) => {
      const arms = c.arms.map((arm, i) => ({ name: `arm ${i}`, ...arm }));
      const results = analyzeMetric(arms, { kind: c.kind, ...c.options });
      const expected = Array.isArray(c.expected) ? c.expected : c.expected.arms;
      results.forEach((result, i) => checkArm(result, expected[i]));
      const best = results.reduce((sum, r) => sum + r.probabilityToBeBest, 0);
      expect(best).toBeCloseTo(1, 9);
    },
  );

  it('reads (units, sum, sumSquares) to the same mean and sample sd as mpmath', () => {
    for (const s of reference.sufficientStatistics as {
      units: number;
      sum: number;
      sumSquares: number;
      mean: number;
      sd: number;
    }[]) {
      const [result] = analyzeMetric(
        [{ name: 'A', units: s.units, sum: s.sum, sumSquares: s.sumSquares }],
        { kind: 'numeric' },
      );
      expect(relativeError(result.posteriorMean, s.mean)).toBeLessThan(1e-13);
      expect(
        relativeError((result.posterior as { sd: number }).sd, s.sd / Math.sqrt(s.units)),
      ).toBeLessThan(1e-9);
    }
  });
});

describe('analyzeMetric: uninformative input', () => {
  it('marks n < 2, sd = 0 and 0 units as insufficient-data with finite placeholders, left out of comparisons', () => {
    const results = analyzeMetric(
      [
        { name: 'control', units: 500, mean: 3, sd: 1 },
        { name: 'one unit', units: 1, mean: 4, sd: 0 },
        { name: 'constant', units: 30, sum: 60, sumSquares: 120 },
        { name: 'empty', units: 0, mean: 0, sd: 0 },
        { name: 'fine', units: 520, mean: 3.1, sd: 1.1 },
      ],
      { kind: 'numeric' },
    );
    for (const i of [1, 2, 3]) {
      const r = results[i];
      expect(r.status).toBe('insufficient-data');
      expect(r.note).toMatch(/not enough data/);
      expect(r.probabilityToBeBest).toBe(0);
      expect(r.expectedLoss).toBe(0);
      expect(r.probabilityToBeatControl).toBeNull();
      expect(r.relativeDifference).toBeNull();
      expect(r.credibleInterval).toEqual([r.posteriorMean, r.posteriorMean]);
    }
    expect(results[2].posteriorMean).toBe(2);
    expect(results[0].probabilityToBeBest + results[4].probabilityToBeBest).toBeCloseTo(1, 9);
    expect(JSON.stringify(results)).not.toMatch(/NaN|Infinity|null,null/);
  });

  it('falls back to flat priors when the control is insufficient', () => {
    const results = analyzeMetric(
      [
        { name: 'control', units: 0, conversions: 0 },
        { name: 'B', units: 100, conversions: 10 },
        { name: 'C', units: 100, conversions: 14 },
      ],
      { kind: 'conversion' },
    );
    expect(results[0].status).toBe('insufficient-data');
    expect(results[1].posterior).toEqual({ family: 'beta', alpha: 11, beta: 91 });
    expect(results[1].note).toMatch(/flat prior/);
    expect(results[1].relativeDifference).toBeNull();
    expect(results[1].probabilityToBeatControl).toBeNull();
    expect(results[1].expectedLossRelative).toBeNull();
    expect(results[1].probabilityToBeBest + results[2].probabilityToBeBest).toBeCloseTo(1, 9);
  });

  it('a single arm is the control: best with probability 1 and no loss', () => {
    const [only] = analyzeMetric([{ name: 'A', units: 100, conversions: 7 }], {
      kind: 'conversion',
    });
    expect(only.probabilityToBeBest).toBe(1);
    expect(only.expectedLoss).toBe(0);
    expect(only.expectedLossRelative).toBe(0);
    expect(only.relativeDifference).toBeNull();
  });

  it('a control posterior mean of 0 leaves the relative difference undefined, with a note', () => {
    const results = analyzeMetric(
      [
        { name: 'A', units: 100, mean: 0, sd: 1 },
        { name: 'B', units: 100, mean: 0.2, sd: 1 },
      ],
      { kind: 'numeric' },
    );
    expect(results[1].relativeDifference).toBeNull();
    expect(results[1].note).toMatch(/undefined/);
    expect(results[1].expectedLossRelative).toBeNull();
    expect(results[1].probabilityToBeatControl).not.toBeNull();
  });

  it('flat prior: numeric N(ȳ, σ̂²/N) for every arm', () => {
    const [, b] = analyzeMetric(
      [
        { name: 'A', units: 100, mean: 5, sd: 2 },
        { name: 'B', units: 400, mean: 6, sd: 3 },
      ],
      { kind: 'numeric', prior: 'flat' },
    );
    expect(b.posterior).toEqual({ family: 'normal', mean: 6, sd: 0.15 });
  });

  it('expectedLossRelative is expectedLoss / |control posterior mean|', () => {
    const results = analyzeMetric(
      [
        { name: 'A', units: 100, mean: -4, sd: 2 },
        { name: 'B', units: 100, mean: -3.5, sd: 2 },
      ],
      { kind: 'numeric' },
    );
    for (const r of results) expect(r.expectedLossRelative).toBeCloseTo(r.expectedLoss / 4, 14);
  });

  it('Monte Carlo is reproducible for a seed and reports standard errors', () => {
    const arms = [
      { name: 'A', units: 1000, conversions: 100 },
      { name: 'B', units: 1000, conversions: 120 },
    ];
    const options: AnalysisOptions = {
      kind: 'conversion',
      method: 'monte-carlo',
      draws: 20_000,
      seed: 7,
    };
    const first = analyzeMetric(arms, options);
    expect(analyzeMetric(arms, options)).toEqual(first);
    const exact = analyzeMetric(arms, { kind: 'conversion' });
    expect(first[1].monteCarlo!.draws).toBe(20_000);
    expect(Math.abs(first[1].probabilityToBeBest - exact[1].probabilityToBeBest)).toBeLessThan(
      4 * first[1].monteCarlo!.probabilityToBeBestSE + 1e-12,
    );
  });
});

describe('analyzeMetric: invalid input names the field', () => {
  const fieldOf = (arms: unknown, options: unknown): string => {
    try {
      analyzeMetric(arms as ArmInput[], options as AnalysisOptions);
    } catch (error) {
      if (error instanceof StatsInputError) return error.field;
      throw error;
    }
    return 'no error';
  };
  const conv = (units: number, conversions: number) => ({ name: 'x', units, conversions });
  it.each([
    [[], { kind: 'conversion' }, 'arms'],
    [[conv(10, 1), conv(-1, 0)], { kind: 'conversion' }, 'arms[1].units'],
    [[conv(10, 1), conv(10.5, 0)], { kind: 'conversion' }, 'arms[1].units'],
    [[conv(10, 1), conv(10, 11)], { kind: 'conversion' }, 'arms[1].conversions'],
    [[conv(10, 1), conv(10, 2), conv(10, 1.5)], { kind: 'conversion' }, 'arms[2].conversions'],
    [[conv(10, 1), { name: 'x', units: 10 }], { kind: 'conversion' }, 'arms[1].conversions'],
    [[conv(10, Number.NaN)], { kind: 'conversion' }, 'arms[0].conversions'],
    [[{ name: 'x', units: 10 }], { kind: 'numeric' }, 'arms[0].sum'],
    [[{ name: 'x', units: 10, sum: 5 }], { kind: 'numeric' }, 'arms[0].sumSquares'],
    [[{ name: 'x', units: 10, sum: 10, sumSquares: 5 }], { kind: 'numeric' }, 'arms[0].sumSquares'],
    [[{ name: 'x', units: 10, mean: Infinity, sd: 1 }], { kind: 'numeric' }, 'arms[0].mean'],
    [[{ name: 'x', units: 10, mean: 1, sd: -1 }], { kind: 'numeric' }, 'arms[0].sd'],
    [[conv(10, 1)], { kind: 'rate' }, 'options.kind'],
    [[conv(10, 1)], { kind: 'conversion', control: 1 }, 'options.control'],
    [[conv(10, 1)], { kind: 'conversion', credibleMass: 1 }, 'options.credibleMass'],
    [
      [conv(10, 1)],
      { kind: 'conversion', priorRelativeVariance: 0 },
      'options.priorRelativeVariance',
    ],
    [[conv(10, 1)], { kind: 'conversion', method: 'monte-carlo', draws: 1.5 }, 'options.draws'],
    [[conv(10, 1)], { kind: 'conversion', direction: 'up' }, 'options.direction'],
  ])('%j %j → %s', (arms, options, field) => {
    expect(fieldOf(arms, options)).toBe(field);
  });
});

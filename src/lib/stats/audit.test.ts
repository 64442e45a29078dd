// Independent audit of the public API against scripts/reference/audit_reference.py (mpmath + scipy
// quadrature written from the spec alone): a few hundred seeded random cases with tight tolerances.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeMetric,
  betaCdf,
  betaSf,
  hdiBeta,
  hdiNormal,
  sampleRatioMismatch,
} from './index.ts';
import type { AnalysisOptions, ArmInput, SrmOptions } from './index.ts';

type ExpectedArm = {
  name: string;
  posterior:
    | { family: 'normal'; mean: number; sd: number }
    | { family: 'beta'; alpha: number; beta: number };
  posteriorMean: number;
  credibleInterval: [number, number];
  relativeDifference: { mean: number; sd: number; credibleInterval: [number, number] } | null;
  probabilityToBeatControl: number | null;
  probabilityToBeBest: number;
  expectedLoss: number;
  expectedLossRelative: number;
  lossScale: number;
};
type MetricCase = { arms: ArmInput[]; options: AnalysisOptions; expected: ExpectedArm[] };
type SrmCase = {
  looks: number[] | number[][];
  weights: number[];
  options: SrmOptions;
  expected: {
    logBayesFactor: number;
    bayesFactor: number;
    posteriorProbability: number;
    pValue: number;
    chiSquarePValue: number;
    alertLastLook: boolean;
    alertAnyLook: boolean;
    unexpectedArms: number[];
  };
};

const audit = JSON.parse(
  readFileSync(new URL('./__fixtures__/audit.json', import.meta.url), 'utf8'),
) as {
  numeric: MetricCase[];
  conversion: MetricCase[];
  srm: SrmCase[];
  hdiBeta: { alpha: number; beta: number; mass: number; interval: [number, number] }[];
  hdiNormal: { mean: number; sd: number; mass: number; interval: [number, number] }[];
  betaCdf: { x: number; a: number; b: number; cdf: number; sf: number }[];
};

function relative(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

/** Absolute error of an interval end, on the scale of the interval's own magnitude (≥ 1). */
function endError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

function checkMetric({ arms, options, expected }: MetricCase): void {
  const results = analyzeMetric(arms, options);
  expect(results).toHaveLength(expected.length);
  results.forEach((result, v) => {
    const want = expected[v];
    expect(result.name).toBe(want.name);
    expect(result.status).toBe('ok');
    if (want.posterior.family === 'normal') {
      expect(result.posterior.family).toBe('normal');
      if (result.posterior.family !== 'normal') return;
      expect(relative(result.posterior.mean, want.posterior.mean)).toBeLessThan(1e-12);
      expect(relative(result.posterior.sd, want.posterior.sd)).toBeLessThan(1e-12);
      // Normal HDI: mean ± z·sd, ends within 1e-9 of the interval's scale.
      const [lo, hi] = result.credibleInterval;
      expect(endError(lo, want.credibleInterval[0])).toBeLessThan(1e-12);
      expect(endError(hi, want.credibleInterval[1])).toBeLessThan(1e-12);
    } else {
      expect(result.posterior.family).toBe('beta');
      if (result.posterior.family !== 'beta') return;
      expect(relative(result.posterior.alpha, want.posterior.alpha)).toBeLessThan(1e-12);
      expect(relative(result.posterior.beta, want.posterior.beta)).toBeLessThan(1e-12);
      expect(Math.abs(result.credibleInterval[0] - want.credibleInterval[0])).toBeLessThan(1e-9);
      expect(Math.abs(result.credibleInterval[1] - want.credibleInterval[1])).toBeLessThan(1e-9);
    }
    expect(relative(result.posteriorMean, want.posteriorMean)).toBeLessThan(1e-12);
    if (want.relativeDifference === null) {
      expect(result.relativeDifference).toBeNull();
    } else {
      const rel = result.relativeDifference;
      expect(rel).not.toBeNull();
      if (rel === null) return;
      // The mean μ_v/μ_0 − 1 is absolute-accurate (it cancels near 0), the sd relative.
      expect(Math.abs(rel.mean - want.relativeDifference.mean)).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(want.relativeDifference.mean + 1)),
      );
      expect(relative(rel.sd, want.relativeDifference.sd)).toBeLessThan(1e-11);
      expect(
        Math.abs(rel.credibleInterval[0] - want.relativeDifference.credibleInterval[0]),
      ).toBeLessThan(1e-9);
      expect(
        Math.abs(rel.credibleInterval[1] - want.relativeDifference.credibleInterval[1]),
      ).toBeLessThan(1e-9);
    }
    if (want.probabilityToBeatControl === null) expect(result.probabilityToBeatControl).toBeNull();
    else
      expect(
        Math.abs((result.probabilityToBeatControl ?? NaN) - want.probabilityToBeatControl),
      ).toBeLessThan(1e-9);
    expect(Math.abs(result.probabilityToBeBest - want.probabilityToBeBest)).toBeLessThan(1e-9);
    // Expected loss in the metric's units: 1e-9 of the widest posterior sd (the loss's natural scale).
    expect(Math.abs(result.expectedLoss - want.expectedLoss)).toBeLessThan(1e-9 * want.lossScale);
    expect(result.expectedLossRelative).not.toBeNull();
    expect(Math.abs((result.expectedLossRelative ?? NaN) - want.expectedLossRelative)).toBeLessThan(
      (1e-9 * want.lossScale) /
        Math.abs(want.posteriorMean === 0 ? 1 : expected[options.control ?? 0].posteriorMean),
    );
  });
}

const describeCase = (c: MetricCase): string =>
  `${c.arms.length} arms, ${c.options.direction ?? 'higher'}, control ${c.options.control ?? 0}, ${c.options.prior ?? 'informative'}, mass ${c.options.credibleMass}, ${'sum' in c.arms[0] ? 'sums' : 'mean/sd'}`;

describe('audit: numeric analyzeMetric against mpmath posteriors and quadrature', () => {
  it.each(audit.numeric.map((c, i) => [i, describeCase(c), c] as const))(
    'case %i: %s',
    (_i, _label, c) => checkMetric(c),
  );
});

describe('audit: conversion analyzeMetric against mpmath posteriors and quadrature', () => {
  it.each(audit.conversion.map((c, i) => [i, describeCase(c), c] as const))(
    'case %i: %s',
    (_i, _label, c) => checkMetric(c),
  );
});

describe('audit: sampleRatioMismatch against mpmath log-gamma', () => {
  it.each(audit.srm.map((c, i) => [i, c] as const))(
    'case %i',
    (_i, { looks, weights, options, expected }) => {
      const result = sampleRatioMismatch(looks, weights, options);
      expect(Math.abs((result.logBayesFactor ?? NaN) - expected.logBayesFactor)).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(expected.logBayesFactor)),
      );
      if (expected.bayesFactor > 0 && expected.bayesFactor < 1e300)
        expect(relative(result.bayesFactor, expected.bayesFactor)).toBeLessThan(1e-8);
      expect(Math.abs(result.posteriorProbability - expected.posteriorProbability)).toBeLessThan(
        1e-9,
      );
      expect(Math.abs(result.pValue - expected.pValue)).toBeLessThan(1e-9);
      expect(Math.abs(result.chiSquarePValue - expected.chiSquarePValue)).toBeLessThan(1e-9);
      expect(result.alert).toBe(expected.alertLastLook);
      expect(result.alertedAtAnyLook).toBe(expected.alertAnyLook);
      expect(result.unexpectedArms).toEqual(expected.unexpectedArms);
    },
  );
});

describe('audit: hdiBeta against mpmath (equal density, mass by quadrature)', () => {
  it.each(audit.hdiBeta)('Beta($alpha, $beta), mass $mass', ({ alpha, beta, mass, interval }) => {
    const [lo, hi] = hdiBeta(alpha, beta, mass);
    expect(Math.abs(lo - interval[0])).toBeLessThan(1e-9);
    expect(Math.abs(hi - interval[1])).toBeLessThan(1e-9);
  });
});

describe('audit: hdiNormal against mpmath', () => {
  it.each(audit.hdiNormal)('N($mean, $sd), mass $mass', ({ mean, sd, mass, interval }) => {
    const [lo, hi] = hdiNormal(mean, sd, mass);
    expect(endError(lo, interval[0])).toBeLessThan(1e-13);
    expect(endError(hi, interval[1])).toBeLessThan(1e-13);
  });
});

describe('audit: incomplete beta against mpmath betainc (50 digits), including a + b ≈ 1e7 past the tail switch', () => {
  it.each(audit.betaCdf)('I($x; $a, $b)', ({ x, a, b, cdf, sf }) => {
    expect(relative(betaCdf(x, a, b), cdf)).toBeLessThan(1e-13);
    expect(relative(betaSf(x, a, b), sf)).toBeLessThan(1e-13);
  });
});

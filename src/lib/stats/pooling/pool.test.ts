import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poolSlices } from './index.ts';
import { StatsInputError, type RelativeDifference } from '../types.ts';
import type { NormalSummary, PoolingResult, SliceEstimate } from './types.ts';

type ReferenceCase = {
  name: string;
  mass: number;
  slices: SliceEstimate[];
  expected: Omit<PoolingResult, 'estimator'>;
};

// Written by scripts/reference/pooling_reference.py (numpy/scipy, matrix REML and a joint Gaussian solve).
const cases = JSON.parse(
  readFileSync(new URL('./__fixtures__/pooling-reference.json', import.meta.url), 'utf8'),
) as ReferenceCase[];

const TOLERANCE = 1e-9;

function close(actual: number, expected: number, scale: number, what: string) {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), scale);
  expect(error, `${what}: ${actual} vs ${expected}`).toBeLessThan(TOLERANCE);
}

function closeSummary(actual: NormalSummary, expected: NormalSummary, what: string) {
  const scale = expected.sd;
  close(actual.mean, expected.mean, scale, `${what}.mean`);
  close(actual.sd, expected.sd, scale, `${what}.sd`);
  close(actual.credibleInterval[0], expected.credibleInterval[0], scale, `${what}.lower`);
  close(actual.credibleInterval[1], expected.credibleInterval[1], scale, `${what}.upper`);
}

describe('poolSlices against the independent reference', () => {
  it('has every case of the generator', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const c of cases) {
    it(c.name, () => {
      const result = poolSlices(c.slices, c.mass);
      expect(result.status).toBe(c.expected.status);
      expect(result.estimator).toBe('reml');
      const smallest = Math.min(...c.slices.map((s) => s.sd * s.sd));
      if (c.expected.tauSquared === null) expect(result.tauSquared).toBeNull();
      else close(result.tauSquared ?? NaN, c.expected.tauSquared, smallest, 'τ²');
      closeSummary(result.mu, c.expected.mu, 'μ');
      expect(result.slices.map((s) => s.label)).toEqual(c.expected.slices.map((s) => s.label));
      result.slices.forEach((slice, i) => {
        const expected = c.expected.slices[i];
        closeSummary(slice.raw, expected.raw, `${slice.label} raw`);
        closeSummary(slice.pooled, expected.pooled, `${slice.label} pooled`);
        close(slice.shrinkage, expected.shrinkage, 1e-12, `${slice.label} shrinkage`);
      });
    });
  }
});

describe('poolSlices by hand', () => {
  it('two slices: τ̂² = ((d₁ − d₂)² − s₁² − s₂²)/2 and μ̂ is the mean of the two', () => {
    // With k = 2 and τ² > 0 the REML score vanishes where s₁² + τ² + s₂² + τ² = (d₁ − d₂)².
    const result = poolSlices(
      [
        { label: 'a', mean: 0.3, sd: 0.1 },
        { label: 'b', mean: -0.1, sd: 0.1 },
      ],
      0.9,
    );
    const tau2 = (0.16 - 0.01 - 0.01) / 2;
    expect(result.tauSquared).toBeCloseTo(tau2, 15);
    expect(result.mu.mean).toBeCloseTo(0.1, 15);
    const shrinkage = 0.01 / (0.01 + tau2);
    expect(result.slices[0].shrinkage).toBeCloseTo(shrinkage, 14);
    expect(result.slices[0].pooled.mean).toBeCloseTo(shrinkage * 0.1 + (1 - shrinkage) * 0.3, 14);
  });

  it('pooled estimates lie between the raw estimate and μ̂, and are never less certain than μ̂ alone allows', () => {
    const result = poolSlices(cases[0].slices, 0.9);
    for (const slice of result.slices) {
      const [low, high] = [
        Math.min(slice.raw.mean, result.mu.mean),
        Math.max(slice.raw.mean, result.mu.mean),
      ];
      expect(slice.pooled.mean).toBeGreaterThanOrEqual(low);
      expect(slice.pooled.mean).toBeLessThanOrEqual(high);
      expect(slice.pooled.sd).toBeLessThan(slice.raw.sd);
    }
  });
});

describe('poolSlices in any units', () => {
  // The model is the same whatever unit d and s are measured in: τ² scales by c², means and sds by c.
  for (const c of [1e-140, 3e-9, 7, 1e150]) {
    it(`matches the reference with every estimate and standard error times ${c}`, () => {
      const reference = cases[0];
      const scaled = reference.slices.map((s) => ({ ...s, mean: s.mean * c, sd: s.sd * c }));
      const result = poolSlices(scaled, reference.mass);
      close(
        (result.tauSquared ?? NaN) / (c * c),
        reference.expected.tauSquared ?? NaN,
        1e-300,
        'τ²',
      );
      close(result.mu.mean / c, reference.expected.mu.mean, 1e-300, 'μ');
      result.slices.forEach((slice, i) => {
        const expected = reference.expected.slices[i];
        close(slice.pooled.mean / c, expected.pooled.mean, 1e-300, 'pooled mean');
        close(slice.pooled.sd / c, expected.pooled.sd, 1e-300, 'pooled sd');
        close(slice.shrinkage, expected.shrinkage, 1e-12, 'shrinkage');
      });
    });
  }

  it('refuses an estimate beyond any sensible multiple of the standard errors', () => {
    expect(() =>
      poolSlices(
        [
          { label: 'a', mean: 1e300, sd: 1e-10 },
          { label: 'b', mean: 0, sd: 1e-10 },
        ],
        0.9,
      ),
    ).toThrow(/slices\[0\]\.mean/);
  });
});

describe('poolSlices on degenerate input', () => {
  it('one slice: marked single-slice, pooled equals raw, τ² null, no NaN', () => {
    const result = poolSlices([{ label: 'only', mean: 0.05, sd: 0.02 }], 0.9);
    expect(result.status).toBe('single-slice');
    expect(result.tauSquared).toBeNull();
    expect(result.slices[0].pooled).toEqual(result.slices[0].raw);
    expect(result.slices[0].shrinkage).toBe(0);
  });

  it('identical estimates: τ̂² = 0, marked no-heterogeneity, every slice pooled fully to μ̂', () => {
    const result = poolSlices(
      [
        { label: 'a', mean: 0.02, sd: 0.01 },
        { label: 'b', mean: 0.02, sd: 0.03 },
        { label: 'c', mean: 0.02, sd: 0.02 },
      ],
      0.9,
    );
    expect(result.status).toBe('no-heterogeneity');
    expect(result.tauSquared).toBe(0);
    for (const slice of result.slices) {
      expect(slice.shrinkage).toBe(1);
      expect(slice.pooled.mean).toBeCloseTo(0.02, 15);
      expect(slice.pooled.sd).toBeCloseTo(result.mu.sd, 15);
      expect(Number.isFinite(slice.pooled.credibleInterval[0])).toBe(true);
    }
  });

  it('a zero standard error is a typed error naming the slice', () => {
    const run = () =>
      poolSlices(
        [
          { label: 'a', mean: 0.02, sd: 0.01 },
          { label: 'b', mean: 0.05, sd: 0 },
        ],
        0.9,
      );
    expect(run).toThrow(StatsInputError);
    expect(run).toThrow(/slices\[1\]\.sd/);
  });

  it('no slices, a non-finite estimate, a bad mass or an sd whose square underflows are typed errors', () => {
    expect(() => poolSlices([], 0.9)).toThrow(StatsInputError);
    expect(() => poolSlices([{ label: 'a', mean: NaN, sd: 0.1 }], 0.9)).toThrow(
      /slices\[0\]\.mean/,
    );
    expect(() => poolSlices([{ label: 'a', mean: 0.1, sd: 0.1 }], 1)).toThrow(/mass/);
    expect(() =>
      poolSlices(
        [
          { label: 'a', mean: 0.1, sd: 1e-170 },
          { label: 'b', mean: 0.2, sd: 0.1 },
        ],
        0.9,
      ),
    ).toThrow(/slices\[0\]\.sd/);
  });

  it('takes an ArmResult.relativeDifference as it is', () => {
    const difference: RelativeDifference = { mean: 0.1, sd: 0.05, credibleInterval: [0, 0.2] };
    const result = poolSlices(
      [
        { label: 'x', ...difference },
        { label: 'y', mean: 0.0, sd: 0.05 },
      ],
      0.9,
    );
    expect(result.slices.every((s) => Number.isFinite(s.pooled.mean))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { reference, relativeError } from './__fixtures__/reference.ts';
import { sampleRatioMismatch } from './srm.ts';
import { StatsInputError } from './types.ts';
import type { SrmOptions } from './types.ts';

type SrmCase = {
  looks: number[][];
  weights: number[];
  options: SrmOptions;
  logBayesFactor: number;
  logBayesFactorScipy: number;
  bayesFactor: number;
  posteriorProbability: number;
  pValue: number;
  alert: boolean;
  chiSquarePValue: number;
  unexpectedArms: number[];
  M1?: number;
  M0?: number;
};
const cases = reference.srm as SrmCase[];

describe('sampleRatioMismatch against mpmath / scipy', () => {
  it('reproduces the upstream example: M1 = −1.0986122886681096, M0 = −0.916290731874155, BF = 0.8333333', () => {
    const result = sampleRatioMismatch([1, 0, 0], [0.4, 0.4, 0.2], { dirichletAlpha: [1, 1, 1] });
    const upstream = cases[0];
    expect(upstream.M1).toBeCloseTo(-1.0986122886681096, 15);
    expect(upstream.M0).toBeCloseTo(-0.916290731874155, 15);
    expect(result.logBayesFactor).toBeCloseTo(-1.0986122886681096 - -0.916290731874155, 14);
    expect(result.bayesFactor).toBeCloseTo(0.8333333333333334, 14);
    expect(result.pValue).toBe(1);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('case $i: looks $looks, weights $weights', (c) => {
    const looks = c.looks.length === 1 ? c.looks[0] : c.looks;
    const result = sampleRatioMismatch(looks, c.weights, c.options);
    const total = c.looks[c.looks.length - 1].reduce((a, b) => a + b, 0);
    // log BF is a difference of log-gammas of size ~ n·ln n: absolute accuracy scales with the counts.
    expect(Math.abs(result.logBayesFactor! - c.logBayesFactor)).toBeLessThan(
      1e-13 * Math.max(1, total * Math.log(total + 1)),
    );
    expect(relativeError(result.posteriorProbability, c.posteriorProbability)).toBeLessThan(1e-9);
    expect(relativeError(result.pValue, c.pValue)).toBeLessThan(1e-8);
    expect(relativeError(result.chiSquarePValue, c.chiSquarePValue)).toBeLessThan(1e-12);
    expect(result.alert).toBe(c.alert);
    expect(result.unexpectedArms).toEqual(c.unexpectedArms);
  });

  it('gives the same Bayes factor however the same cumulative counts are reached', () => {
    const once = sampleRatioMismatch([1000, 1100], [1, 1]);
    const daily = sampleRatioMismatch(
      [
        [100, 90],
        [500, 560],
        [1000, 1100],
      ],
      [1, 1],
    );
    expect(daily.logBayesFactor).toBe(once.logBayesFactor);
    expect(daily.pValue).toBeLessThanOrEqual(once.pValue);
  });

  it('flags units in a zero-weight arm even when the rest is balanced', () => {
    const result = sampleRatioMismatch([500, 500, 1], [1, 1, 0]);
    expect(result.alert).toBe(true);
    expect(result.unexpectedArms).toEqual([2]);
    expect(result.expectedShare).toEqual([0.5, 0.5, 0]);
  });

  it('stays finite for an overwhelming mismatch', () => {
    const result = sampleRatioMismatch([10_000_000, 1], [1, 1]);
    expect(Number.isFinite(result.bayesFactor)).toBe(true);
    expect(result.posteriorProbability).toBe(1);
    expect(result.pValue).toBe(0);
    expect(result.logBayesFactor!).toBeGreaterThan(1e6);
  });

  it('rejects invalid input with the field named', () => {
    const fieldOf = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        if (error instanceof StatsInputError) return error.field;
      }
      return 'no error';
    };
    expect(fieldOf(() => sampleRatioMismatch([], [1, 1]))).toBe('looks');
    expect(fieldOf(() => sampleRatioMismatch([1, 2, 3], [1, 1]))).toBe('looks');
    expect(fieldOf(() => sampleRatioMismatch([1, -2], [1, 1]))).toBe('looks[1]');
    expect(fieldOf(() => sampleRatioMismatch([1, 2.5], [1, 1]))).toBe('looks[1]');
    expect(
      fieldOf(() =>
        sampleRatioMismatch(
          [
            [5, 5],
            [6, 4],
          ],
          [1, 1],
        ),
      ),
    ).toBe('looks[1][1]');
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [0, 0]))).toBe('weights');
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, -1]))).toBe('weights[1]');
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, Number.NaN]))).toBe('weights[1]');
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, 1], { concentration: 0 }))).toBe(
      'options.concentration',
    );
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, 1], { dirichletAlpha: [1] }))).toBe(
      'options.dirichletAlpha',
    );
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, 1], { priorOdds: -1 }))).toBe(
      'options.priorOdds',
    );
    expect(fieldOf(() => sampleRatioMismatch([1, 2], [1, 1], { threshold: 1 }))).toBe(
      'options.threshold',
    );
  });
});

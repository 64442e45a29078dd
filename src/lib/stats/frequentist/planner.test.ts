import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../special/normal.ts';
import { StatsInputError } from '../types.ts';
import { loadFixture, scaledError } from './__fixtures__/load.ts';
import { minimumDetectableEffect, type MdeInput } from './minimum-detectable-effect.ts';
import { planSampleSize, type SampleSizeInput } from './plan-sample-size.ts';
import { DegenerateInputError } from './types.ts';

type SizeCase = {
  input: SampleSizeInput;
  unitsPerArm: number;
  unrounded: number;
  simulation?: { experiments: number; seed: number; power: number; standardError: number };
};
const planner = loadFixture<{
  sampleSize: SizeCase[];
  mde: { input: MdeInput; relativeEffect: number }[];
}>('planner.json');

describe('planSampleSize against the closed form', () => {
  it.each(planner.sampleSize)(
    '$input.alternative, effect $input.relativeEffect, $input.arms arms',
    (c) => {
      expect(planSampleSize(c.input).unitsPerArm).toBe(c.unitsPerArm);
    },
  );

  it('the textbook case: μ 10, σ 5, +5%, α 0.05, 80% power', () => {
    const k = normalQuantile(0.975) + normalQuantile(0.8);
    const exact = (k * k * 0.25 * (1 + 1.05 ** 2)) / 0.05 ** 2;
    expect(exact).toBeCloseTo(1650.227, 3);
    expect(
      planSampleSize({ baselineMean: 10, baselineSd: 5, relativeEffect: 0.05, arms: 2 })
        .unitsPerArm,
    ).toBe(1651);
  });
});

describe('planSampleSize against a seeded simulation of the planned experiments', () => {
  // Relative delta-method z-tests on normal data (generator, seed 17). The closed form is itself an
  // approximation (the estimated se moves with the estimate), so it is held to 3 points of power.
  const simulated = planner.sampleSize.filter((c) => c.simulation);
  it('has simulated plans', () => expect(simulated.length).toBeGreaterThanOrEqual(4));
  it.each(simulated)('$input.alternative, effect $input.relativeEffect, $input.arms arms', (c) => {
    const { power, standardError } = c.simulation!;
    expect(planSampleSize(c.input).unitsPerArm).toBe(c.unitsPerArm);
    expect(standardError).toBeLessThan(0.007);
    expect(Math.abs(power - (c.input.power ?? 0.8))).toBeLessThan(0.03);
  });
});

describe('minimumDetectableEffect', () => {
  it.each(planner.mde)('$input.alternative, μ $input.baselineMean, n $input.unitsPerArm', (c) => {
    expect(
      scaledError(minimumDetectableEffect(c.input).relativeEffect, c.relativeEffect),
    ).toBeLessThan(1e-9);
  });

  it('inverts planSampleSize', () => {
    for (const c of planner.sampleSize) {
      const { relativeEffect } = minimumDetectableEffect({ ...c.input, unitsPerArm: c.unrounded });
      expect(scaledError(relativeEffect, c.input.relativeEffect)).toBeLessThan(1e-9);
    }
  });

  it('a typed error when no effect is detectable with so few units', () => {
    const input = { baselineMean: 1, baselineSd: 10, unitsPerArm: 100 };
    expect(() => minimumDetectableEffect(input)).toThrow(DegenerateInputError);
    try {
      minimumDetectableEffect(input);
    } catch (error) {
      expect((error as DegenerateInputError).reason).toBe('unreachable-effect');
    }
  });
});

describe('planner input checks', () => {
  const base = { baselineMean: 10, baselineSd: 5, relativeEffect: 0.05, arms: 2 };
  it('names the bad field', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(StatsInputError);
        return (error as StatsInputError).field;
      }
      throw new Error('no error thrown');
    };
    expect(fieldOf(() => planSampleSize({ ...base, arms: 1 }))).toBe('arms');
    expect(fieldOf(() => planSampleSize({ ...base, baselineMean: 0 }))).toBe('baselineMean');
    expect(fieldOf(() => planSampleSize({ ...base, baselineSd: 0 }))).toBe('baselineSd');
    expect(fieldOf(() => planSampleSize({ ...base, relativeEffect: 0 }))).toBe('relativeEffect');
    expect(fieldOf(() => planSampleSize({ ...base, alternative: 'less' }))).toBe('relativeEffect');
    expect(fieldOf(() => planSampleSize({ ...base, power: 1 }))).toBe('power');
    expect(fieldOf(() => planSampleSize({ ...base, alpha: 0.5, power: 0.2 }))).toBe('power');
    expect(fieldOf(() => minimumDetectableEffect({ ...base, unitsPerArm: -3 }))).toBe(
      'unitsPerArm',
    );
  });
});

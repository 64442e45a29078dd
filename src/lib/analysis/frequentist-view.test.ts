import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cupedAvailable,
  frequentistView,
  type FrequentistMetricInput,
} from './frequentist-view.ts';
import type { FrequentistSettings } from './settings.ts';

// Written by scripts/reference/frequentist_view_reference.py (scipy, independent of this code).
type ArmFigures = {
  name: string;
  mean: number;
  estimate?: number;
  ci?: [number, number];
  pValue?: number;
  narrowing?: number;
};
type Sums = { units: number; sum: number; sumSquares: number } & Record<string, number>;
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/frequentist-view.json', import.meta.url), 'utf8'),
) as {
  statistics: { arm: string; signup: Sums; revenue: Sums }[];
  fixed: Record<'signup' | 'revenue', ArmFigures[]>;
  fixed90: Record<'signup' | 'revenue', ArmFigures[]>;
  sequential: Record<'signup' | 'revenue', ArmFigures[]>;
  sequentialTuning800: Record<'signup' | 'revenue', ArmFigures[]>;
  holm: number[];
  benjaminiHochberg: number[];
  cupedFixed: ArmFigures[];
  cupedSequential: ArmFigures[];
};

const metrics: FrequentistMetricInput[] = [
  {
    key: 'signup',
    kind: 'conversion',
    aggregation: 'average',
    direction: 'higher',
    arms: reference.statistics.map((row) => ({
      name: row.arm,
      units: row.signup.units,
      conversions: row.signup.sum,
    })),
  },
  {
    key: 'revenue',
    kind: 'numeric',
    aggregation: 'average',
    direction: 'higher',
    arms: reference.statistics.map((row) => ({ name: row.arm, ...row.revenue })),
  },
];

function view(settings: Partial<FrequentistSettings>, given = metrics) {
  return frequentistView({ metrics: given, control: 0, settings });
}

function expectFigures(actual: ReturnType<typeof view>[number], expected: ArmFigures[]) {
  actual.arms.forEach((arm, index) => {
    const figures = expected[index];
    expect(arm.name).toBe(figures.name);
    expect(arm.mean).toBeCloseTo(figures.mean, 12);
    if (index === 0) return expect(arm.comparison).toBeNull();
    if (!arm.comparison?.ok) throw new Error('expected a comparison');
    expect(arm.comparison.estimate).toBeCloseTo(figures.estimate!, 10);
    expect(arm.comparison.ci[0]).toBeCloseTo(figures.ci![0], 8);
    expect(arm.comparison.ci[1]).toBeCloseTo(figures.ci![1], 8);
    expect(arm.comparison.pValue).toBeCloseTo(figures.pValue!, 8);
    if (figures.narrowing !== undefined)
      expect(arm.comparison.cupedNarrowing).toBeCloseTo(figures.narrowing, 8);
  });
}

describe('frequentistView', () => {
  it('compares each treatment with the control: Welch t, 95%, relative, rates as proportions', () => {
    const [signup, revenue] = view({ inference: 'frequentist' });
    expectFigures(signup, reference.fixed.signup);
    expectFigures(revenue, reference.fixed.revenue);
  });

  it('takes its confidence level from the settings', () => {
    const [signup, revenue] = view({ inference: 'frequentist', confidenceLevel: 0.9 });
    expectFigures(signup, reference.fixed90.signup);
    expectFigures(revenue, reference.fixed90.revenue);
  });

  it('gives always-valid intervals and p-values in sequential mode, with the tuning N*', () => {
    const [signup, revenue] = view({ inference: 'sequential' });
    expectFigures(signup, reference.sequential.signup);
    expectFigures(revenue, reference.sequential.revenue);
    const tuned = view({ inference: 'sequential', sequentialTuning: 800 });
    expectFigures(tuned[1], reference.sequentialTuning800.revenue);
  });

  it('corrects the p-values across arms × metrics (Holm, Benjamini–Hochberg), raw ones kept', () => {
    const adjusted = (correction: FrequentistSettings['correction']) =>
      view({ inference: 'frequentist', correction }).flatMap((metric) =>
        metric.arms.slice(1).map((arm) => (arm.comparison?.ok ? arm.comparison : null)),
      );
    adjusted('holm').forEach((comparison, i) =>
      expect(comparison?.adjustedPValue).toBeCloseTo(reference.holm[i], 10),
    );
    adjusted('benjamini-hochberg').forEach((comparison, i) =>
      expect(comparison?.adjustedPValue).toBeCloseTo(reference.benjaminiHochberg[i], 10),
    );
    expect(adjusted('none').map((comparison) => comparison?.adjustedPValue)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('leaves a guardrail out of the corrected family', () => {
    const withGuardrail = [metrics[0], { ...metrics[1], role: 'guardrail' }];
    const [signup, revenue] = view({ inference: 'frequentist', correction: 'holm' }, withGuardrail);
    const [b, c] = [signup.arms[1].comparison, signup.arms[2].comparison];
    if (!b?.ok || !c?.ok) throw new Error('expected comparisons');
    // Holm over two p-values by hand: the smaller ×2, the larger max(that, ×1).
    expect(b.adjustedPValue).toBeCloseTo(2 * reference.fixed.signup[1].pValue!, 12);
    expect(c.adjustedPValue).toBeCloseTo(
      Math.max(2 * reference.fixed.signup[1].pValue!, reference.fixed.signup[2].pValue!),
      12,
    );
    expect(revenue.arms[1].comparison?.ok && revenue.arms[1].comparison.adjustedPValue).toBe(null);
  });

  it('applies CUPED where it is on and the covariate is known, and says by how much it narrowed', () => {
    const fixed = view({ inference: 'frequentist', cupedMetrics: ['revenue', 'signup'] });
    expect(fixed.map((metric) => metric.cuped)).toEqual([false, true]);
    expectFigures(fixed[1], reference.cupedFixed);
    expectFigures(
      view({ inference: 'sequential', cupedMetrics: ['revenue'] })[1],
      reference.cupedSequential,
    );
    expect(cupedAvailable(metrics[1])).toBe(true);
    expect(cupedAvailable(metrics[0])).toBe(false);
  });

  it('words degenerate input plainly and never gives NaN', () => {
    const degenerate: FrequentistMetricInput[] = [
      {
        ...metrics[0],
        arms: [
          { name: 'A', units: 100, conversions: 0 },
          { name: 'B', units: 1, conversions: 1 },
          { name: 'C', units: 0, conversions: 0 },
        ],
      },
      {
        ...metrics[1],
        arms: [
          { name: 'A', units: 3, sum: 6, sumSquares: 12 },
          { name: 'B', units: 3, sum: 9, sumSquares: 29 },
        ],
      },
    ];
    const [signup, revenue] = view({ inference: 'frequentist', correction: 'holm' }, degenerate);
    expect(signup.arms[0].mean).toBe(0);
    expect(signup.arms[2].mean).toBeNull();
    expect(signup.arms[1].comparison).toEqual({
      ok: false,
      note: 'Needs at least 2 units in this arm and in the control.',
    });
    expect(revenue.arms[1].comparison).toEqual({
      ok: false,
      note: 'Every unit has the same value in an arm, so there is no interval to compute.',
    });
    expect(JSON.stringify(view({ inference: 'frequentist' }, degenerate))).not.toContain('NaN');
  });
});

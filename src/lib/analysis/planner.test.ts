import { describe, expect, it } from 'vitest';
import { baselineMoments, planExperiment, type PlanInput } from './planner.ts';

// Expected values by hand with scipy's normal quantiles (k = z(1 − α′/2) + z(0.8), α′ = 0.05/(arms − 1)):
// n = k²·(σ/μ)²·(1 + (1 + Δ)²)/Δ², rounded up; the reachable Δ solves Δ/sd(Δ) = k at n per arm.
const rate: PlanInput = {
  baseline: { kind: 'rate', rate: 0.1 },
  arms: 2,
  trafficPerDay: 1000,
  relativeEffect: 0.1,
  daysAvailable: null,
};

describe('planExperiment', () => {
  it('takes a rate’s standard deviation as √(p(1 − p))', () => {
    expect(baselineMoments({ kind: 'rate', rate: 0.1 }).sd).toBeCloseTo(0.3, 15);
  });

  it('gives units per arm and the days the traffic needs', () => {
    // 15611.42 → 15,612 per arm; 31,224 units at 1,000 a day → 32 days.
    expect(planExperiment(rate)).toMatchObject({
      ok: true,
      unitsPerArm: 15612,
      totalUnits: 31224,
      days: 32,
    });
    // Three arms: α′ = 0.025 → 18905.52 → 18,906 per arm; 56,718 units → 57 days.
    expect(planExperiment({ ...rate, arms: 3 })).toMatchObject({ unitsPerArm: 18906, days: 57 });
    // A mean of 20 with sd 8, Δ = 5%: 1056.15 → 1,057 per arm.
    expect(
      planExperiment({
        ...rate,
        baseline: { kind: 'mean', mean: 20, sd: 8 },
        relativeEffect: 0.05,
      }),
    ).toMatchObject({ unitsPerArm: 1057, days: 3 });
  });

  it('gives the effect reachable by a chosen date', () => {
    // 14 days × 1,000 a day over 2 arms = 7,000 per arm → Δ = 15.3346%.
    const plan = planExperiment({ ...rate, daysAvailable: 14 });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.reachableEffect).toBeCloseTo(0.15334633276729373, 10);
    expect(plan.unitsPerArmByDate).toBe(7000);
    const tooSoon = planExperiment({ ...rate, trafficPerDay: 10, daysAvailable: 1 });
    expect(tooSoon).toMatchObject({
      reachableEffect: null,
      reachableNote: 'Too few units by that date to detect any effect reliably.',
    });
  });

  it('names the field of bad input', () => {
    const field = (input: PlanInput) => {
      const plan = planExperiment(input);
      return plan.ok ? null : plan.field;
    };
    expect(field({ ...rate, baseline: { kind: 'rate', rate: 1 } })).toBe('rate');
    expect(field({ ...rate, baseline: { kind: 'mean', mean: 0, sd: 1 } })).toBe('mean');
    expect(field({ ...rate, baseline: { kind: 'mean', mean: 5, sd: 0 } })).toBe('sd');
    expect(field({ ...rate, arms: 1 })).toBe('arms');
    expect(field({ ...rate, trafficPerDay: Number.NaN })).toBe('trafficPerDay');
    expect(field({ ...rate, relativeEffect: 0 })).toBe('relativeEffect');
    expect(field({ ...rate, daysAvailable: 0 })).toBe('daysAvailable');
  });
});

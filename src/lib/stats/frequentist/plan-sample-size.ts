import { StatsInputError } from '../types.ts';
import { requireFinite } from '../validate.ts';
import { planCritical, type PlanBase } from './plan-critical.ts';

export type SampleSizeInput = PlanBase & { relativeEffect: number; arms: number };

/**
 * Units per arm for a z-test of the relative difference to reach the power at the effect Δ, with
 * equal arms of equal variance σ² and the treatment mean μ(1 + Δ·sign μ):
 * n = k²·(σ/μ)²·(1 + (1 + Δ·sign μ)²) / Δ², rounded up (the inverse of minimumDetectableEffect).
 */
export function planSampleSize(input: SampleSizeInput): { unitsPerArm: number } {
  const arms = input.arms;
  if (!Number.isInteger(arms) || arms < 2)
    throw new StatsInputError('arms', `must be a whole number of at least 2 (got ${String(arms)})`);
  const { k, cv2, sign, alternative } = planCritical(input, arms);
  const effect = requireFinite(input.relativeEffect, 'relativeEffect');
  if (effect === 0) throw new StatsInputError('relativeEffect', 'must not be 0');
  if ((alternative === 'greater' && effect < 0) || (alternative === 'less' && effect > 0))
    throw new StatsInputError(
      'relativeEffect',
      `must point the way of the '${alternative}' test (got ${effect})`,
    );
  const treatmentRatio = 1 + sign * effect;
  const exact = (k * k * cv2 * (1 + treatmentRatio * treatmentRatio)) / (effect * effect);
  return { unitsPerArm: Math.ceil(exact) };
}

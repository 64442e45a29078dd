import { StatsInputError } from '../types.ts';
import { requirePositive } from '../validate.ts';
import { planCritical, type PlanBase } from './plan-critical.ts';
import { DegenerateInputError } from './types.ts';

export type MdeInput = PlanBase & {
  unitsPerArm: number;
  /** Arms including the control (default 2); α is split over the arms − 1 comparisons as in planSampleSize. */
  arms?: number;
};

/**
 * The relative effect Δ with Δ / sd(Δ) = k at n units per arm, sd(Δ)² = (σ/μ)²·(1 + (1 + Δ·sign μ)²)/n
 * (GrowthBook's quadratic): with q = k²(σ/μ)²/n, Δ = (q·sign μ ± √(2q − q²)) / (1 − q). The positive
 * root for two-sided and 'greater' tests, the negative one for 'less'. Needs q < 1.
 */
export function minimumDetectableEffect(input: MdeInput): { relativeEffect: number } {
  const arms = input.arms ?? 2;
  if (!Number.isInteger(arms) || arms < 2)
    throw new StatsInputError('arms', `must be a whole number of at least 2 (got ${String(arms)})`);
  const { k, cv2, sign, alternative } = planCritical(input, arms);
  const units = requirePositive(input.unitsPerArm, 'unitsPerArm');
  const q = (k * k * cv2) / units;
  if (!(q < 1))
    throw new DegenerateInputError(
      'unitsPerArm',
      'unreachable-effect',
      `no relative effect is detectable with ${units} units per arm: needs more than ${Math.ceil(k * k * cv2)}`,
    );
  const spread = Math.sqrt(q * (2 - q));
  const root = alternative === 'less' ? sign * q - spread : sign * q + spread;
  return { relativeEffect: root / (1 - q) };
}

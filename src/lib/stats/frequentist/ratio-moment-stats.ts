import { ratioMoments, type RatioArm } from './ratio-moments.ts';
import type { MomentStats } from './types.ts';

/**
 * A ratio metric's arm as the MomentStats compareFrequentist reads: n units whose mean is R = Σy/Σd and
 * whose sample variance is the delta method's per-unit variance n·Var(R). The comparison then matches
 * gbstats' RatioStatistic (its mean and variance enter the same difference, delta method and Welch df).
 */
export function ratioMomentStats(arm: RatioArm): MomentStats {
  const { mean, variance } = ratioMoments(arm);
  const units = arm.units;
  return {
    units,
    sum: units * mean,
    sumSquares: (units - 1) * units * variance + units * mean * mean,
  };
}

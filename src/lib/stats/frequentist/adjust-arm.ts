import type { ArmMoments } from './arm-moments.ts';

/** An arm after (optional) regression adjustment: the mean and per-unit variance the test uses. */
export type AdjustedArm = { units: number; mean: number; variance: number; unadjustedMean: number };

/** ȳ − θx̄ and var(y) + θ²var(x) − 2θ·cov(x, y); the arm itself when θ is 0. */
export function adjustArm(arm: ArmMoments, theta: number): AdjustedArm {
  if (theta === 0 || arm.covariate === null)
    return { units: arm.units, mean: arm.mean, variance: arm.variance, unadjustedMean: arm.mean };
  const x = arm.covariate;
  return {
    units: arm.units,
    mean: arm.mean - theta * x.mean,
    variance: arm.variance + theta * theta * x.variance - 2 * theta * x.covariance,
    unadjustedMean: arm.mean,
  };
}

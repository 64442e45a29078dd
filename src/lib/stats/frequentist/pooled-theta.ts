import { covariance, variance } from './arm-moments.ts';
import type { MomentStats } from './types.ts';

/**
 * CUPED's θ = cov(x, y) / var(x) over both arms as one sample (so it does not depend on the
 * treatment), 0 when the pooled covariate or metric has no variance (then nothing is adjusted).
 * Expects validated arms carrying the covariate sums.
 */
export function pooledTheta(control: MomentStats, treatment: MomentStats): number {
  const proportion = control.kind === 'proportion';
  const units = control.units + treatment.units;
  const ySum = control.sum + treatment.sum;
  const xSum = (control.covariateSum ?? 0) + (treatment.covariateSum ?? 0);
  const yVariance = variance(units, ySum, control.sumSquares + treatment.sumSquares, proportion);
  const xVariance = variance(
    units,
    xSum,
    (control.covariateSumSquares ?? 0) + (treatment.covariateSumSquares ?? 0),
    proportion,
  );
  if (!(xVariance > 0) || !(yVariance > 0)) return 0;
  const xyCovariance = covariance(
    units,
    xSum,
    ySum,
    (control.covariateCrossSum ?? 0) + (treatment.covariateCrossSum ?? 0),
    proportion,
  );
  return xyCovariance / xVariance;
}

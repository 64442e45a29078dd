import { StatsInputError } from '../types.ts';
import { requireCount, requireFinite } from '../validate.ts';
import type { MomentStats } from './types.ts';

/**
 * An arm's moments of the CUPED-adjusted values z = y − θ·(x − c), from its sums alone, so the
 * Bayesian normal model can analyse the adjusted metric as it does any numeric one. θ is normally
 * pooledTheta(control, treatment) and c the covariate mean over all arms (Σx / N), which keeps
 * each adjusted mean on the metric's scale (its relative differences then mean what they did);
 * with c = 0 the mean is gbstats' ȳ − θx̄.
 */
export function cupedAdjustedMoments(
  stats: MomentStats,
  theta: number,
  covariateMean = 0,
): { units: number; sum: number; sumSquares: number } {
  if (stats === null || typeof stats !== 'object')
    throw new StatsInputError('stats', 'must be an object of moments');
  const units = requireCount(stats.units, 'stats.units');
  const ySum = requireFinite(stats.sum, 'stats.sum');
  const ySquares = requireFinite(stats.sumSquares, 'stats.sumSquares');
  const xSum = requireFinite(stats.covariateSum, 'stats.covariateSum');
  const xSquares = requireFinite(stats.covariateSumSquares, 'stats.covariateSumSquares');
  const xySum = requireFinite(stats.covariateCrossSum, 'stats.covariateCrossSum');
  requireFinite(theta, 'theta');
  requireFinite(covariateMean, 'covariateMean');
  if (units === 0) return { units: 0, sum: 0, sumSquares: 0 };
  const yMean = ySum / units;
  const xMean = xSum / units;
  // Centred sums of squares and products, then z's: S_zz = S_yy − 2θ·S_xy + θ²·S_xx.
  const syy = ySquares - ySum * yMean;
  const sxy = xySum - xSum * yMean;
  const sxx = xSquares - xSum * xMean;
  const zMean = yMean - theta * (xMean - covariateMean);
  const szz = syy - 2 * theta * sxy + theta * theta * sxx;
  return { units, sum: units * zMean, sumSquares: szz + units * zMean * zMean };
}

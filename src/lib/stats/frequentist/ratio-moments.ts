import { StatsInputError } from '../types.ts';
import { requireCount, requireFinite } from '../validate.ts';
import { covariance, variance } from './arm-moments.ts';
import { DegenerateInputError } from './types.ts';

export type RatioArm = {
  units: number;
  sum: number;
  sumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  crossSum: number;
};

/**
 * A ratio metric's estimate Σy/Σd and, by the delta method, its variance
 * (var(y)/d̄² + var(d)·ȳ²/d̄⁴ − 2·cov(y, d)·ȳ/d̄³) / n with sample (n − 1) moments. n times it is
 * gbstats' per-unit RatioStatistic variance.
 */
export function ratioMoments(arm: RatioArm): { mean: number; variance: number } {
  if (arm === null || typeof arm !== 'object')
    throw new StatsInputError('arm', 'must be an object of sums');
  const units = requireCount(arm.units, 'arm.units');
  const ySum = requireFinite(arm.sum, 'arm.sum');
  const ySquares = requireFinite(arm.sumSquares, 'arm.sumSquares');
  const dSum = requireFinite(arm.denominatorSum, 'arm.denominatorSum');
  const dSquares = requireFinite(arm.denominatorSumSquares, 'arm.denominatorSumSquares');
  const cross = requireFinite(arm.crossSum, 'arm.crossSum');
  if (units <= 1)
    throw new DegenerateInputError(
      'arm.units',
      'too-few-units',
      `needs at least 2 units for a variance (got ${units})`,
    );
  if (dSum === 0)
    throw new DegenerateInputError(
      'arm.denominatorSum',
      'zero-denominator',
      'the denominator sums to 0, so the ratio is undefined',
    );
  const yMean = ySum / units;
  const dMean = dSum / units;
  const ratio = yMean / dMean;
  const perUnit =
    (variance(units, ySum, ySquares, false) -
      2 * ratio * covariance(units, ySum, dSum, cross, false) +
      ratio * ratio * variance(units, dSum, dSquares, false)) /
    (dMean * dMean);
  return { mean: ySum / dSum, variance: perUnit / units };
}

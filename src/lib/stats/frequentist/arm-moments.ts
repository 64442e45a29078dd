import { centredSumOfSquares } from '../models/numeric.ts';
import { StatsInputError } from '../types.ts';
import { requireCount, requireFinite } from '../validate.ts';
import { DegenerateInputError, type MomentStats } from './types.ts';

/** Mean and per-unit variance of y, and (with a covariate) of x and cov(x, y). */
export type ArmMoments = {
  units: number;
  proportion: boolean;
  mean: number;
  variance: number;
  covariate: { mean: number; variance: number; covariance: number } | null;
};

/** Checks one arm's moments and reduces them; `field` names the arm in messages. */
export function armMoments(stats: MomentStats, field: string, needCovariate: boolean): ArmMoments {
  if (stats === null || typeof stats !== 'object')
    throw new StatsInputError(field, 'must be an object of moments');
  const kind = stats.kind ?? 'mean';
  if (kind !== 'mean' && kind !== 'proportion')
    throw new StatsInputError(
      `${field}.kind`,
      `must be 'mean' or 'proportion' (got ${String(kind)})`,
    );
  const proportion = kind === 'proportion';
  const units = requireCount(stats.units, `${field}.units`);
  const sum = requireFinite(stats.sum, `${field}.sum`);
  const sumSquares = requireFinite(stats.sumSquares, `${field}.sumSquares`);
  if (proportion) requireConversions(sum, sumSquares, units, `${field}.sum`, `${field}.sumSquares`);
  if (units <= 1)
    throw new DegenerateInputError(
      `${field}.units`,
      'too-few-units',
      `needs at least 2 units for a variance (got ${units})`,
    );
  let covariate: ArmMoments['covariate'] = null;
  if (needCovariate) {
    const xSum = requireFinite(stats.covariateSum, `${field}.covariateSum`);
    const xSumSquares = requireFinite(stats.covariateSumSquares, `${field}.covariateSumSquares`);
    const xySum = requireFinite(stats.covariateCrossSum, `${field}.covariateCrossSum`);
    if (proportion)
      requireConversions(
        xSum,
        xSumSquares,
        units,
        `${field}.covariateSum`,
        `${field}.covariateSumSquares`,
      );
    covariate = {
      mean: xSum / units,
      variance: checkedVariance(
        units,
        xSum,
        xSumSquares,
        proportion,
        `${field}.covariateSumSquares`,
      ),
      covariance: covariance(units, xSum, sum, xySum, proportion),
    };
  }
  return {
    units,
    proportion,
    mean: sum / units,
    variance: checkedVariance(units, sum, sumSquares, proportion, `${field}.sumSquares`),
    covariate,
  };
}

/** The Bayesian numeric model's rounding rules [ours]: beyond this relative shortfall Σy² is inconsistent… */
const INCONSISTENT_RELATIVE = 1e-9;
/** …and a centred sum of squares within this fraction of Σy² is zero variance. */
const ZERO_VARIANCE_RELATIVE = 1e-12;

/**
 * Sample variance (n − 1) of a mean metric, from the centred sum of squares formed without
 * cancellation (rounding noise around 0 is 0); p(1 − p) of a proportion.
 */
export function variance(
  units: number,
  sum: number,
  sumSquares: number,
  proportion: boolean,
): number {
  const mean = sum / units;
  if (proportion) return mean * (1 - mean);
  const centred = centredSumOfSquares(units, sum, sumSquares);
  if (centred <= ZERO_VARIANCE_RELATIVE * Math.max(sumSquares, sum * mean)) return 0;
  return centred / (units - 1);
}

/** variance(), refusing sums of squares that imply a negative variance. */
function checkedVariance(
  units: number,
  sum: number,
  sumSquares: number,
  proportion: boolean,
  field: string,
): number {
  if (!proportion) {
    const centred = centredSumOfSquares(units, sum, sumSquares);
    if (
      sumSquares < 0 ||
      centred < -INCONSISTENT_RELATIVE * Math.max(sumSquares, (sum * sum) / units)
    )
      throw new StatsInputError(
        field,
        'is smaller than sum²/units, which implies a negative variance',
      );
  }
  return variance(units, sum, sumSquares, proportion);
}

/** Sample covariance (n − 1) of mean metrics; Σxy/n − x̄ȳ of proportions. */
export function covariance(
  units: number,
  xSum: number,
  ySum: number,
  xySum: number,
  proportion: boolean,
): number {
  if (proportion) return xySum / units - (xSum * ySum) / (units * units);
  return (xySum - (xSum * ySum) / units) / (units - 1);
}

function requireConversions(
  sum: number,
  sumSquares: number,
  units: number,
  sumField: string,
  squaresField: string,
): void {
  if (sum < 0 || sum > units)
    throw new StatsInputError(
      sumField,
      `must be a count of conversions between 0 and units (got ${sum})`,
    );
  if (sumSquares !== sum)
    throw new StatsInputError(
      squaresField,
      `must equal the conversions for a proportion (got ${sumSquares}, conversions ${sum})`,
    );
}

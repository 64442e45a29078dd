// The one shape of per-arm sufficient statistics that ingest produces, the database stores, the
// warehouse queries return and the models read. Each metric kind says which fields it fills
// (src/lib/domain/metric-kinds/): every kind fills units, sum and sumSquares (for a conversion the
// per-unit value is 0 or 1, so sum = sumSquares = converted units); ratio metrics add the
// denominator's moments and the cross product, CUPED adds the pre-period covariate's.

export type ArmStatistics = {
  /** Units analysed in the arm. */
  units: number;
  /** Σy over the arm's units, y being the unit's metric value (or the ratio's numerator). */
  sum: number;
  /** Σy². */
  sumSquares: number;
  /** Ratio metrics: Σd, the denominator's per-unit values. */
  denominatorSum?: number;
  /** Ratio metrics: Σd². */
  denominatorSumSquares?: number;
  /** Ratio metrics: Σyd. */
  crossSum?: number;
  /** CUPED: Σx, the unit's metric value in the pre-exposure window. */
  covariateSum?: number;
  /** CUPED: Σx². */
  covariateSumSquares?: number;
  /** CUPED: Σxy. */
  covariateCrossSum?: number;
};

/** The optional fields of ArmStatistics, in their documented order. */
export const OPTIONAL_ARM_STATISTICS = [
  'denominatorSum',
  'denominatorSumSquares',
  'crossSum',
  'covariateSum',
  'covariateSumSquares',
  'covariateCrossSum',
] as const satisfies readonly (keyof ArmStatistics)[];

export type OptionalArmStatistic = (typeof OPTIONAL_ARM_STATISTICS)[number];

/** Adds `source`'s statistics into `target` (optional fields present in either are added). */
export function addArmStatistics<T extends ArmStatistics>(target: T, source: ArmStatistics): T {
  target.units += source.units;
  target.sum += source.sum;
  target.sumSquares += source.sumSquares;
  for (const field of OPTIONAL_ARM_STATISTICS) {
    const value = source[field];
    if (value !== undefined) target[field] = (target[field] ?? 0) + value;
  }
  return target;
}

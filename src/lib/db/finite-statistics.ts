// A dataset's statistics must be finite numbers to be analysed: an overflowed Σy or Σy² (Infinity,
// from values ≥ ~1e154) is refused by name before the generic shape check, so the person importing
// learns which metric and arm to fix rather than a path to a field.
import type { Dataset } from '../domain/types.ts';
import type { StoredArmStatistics } from '../metric-kinds/index.ts';
import { DbError } from './errors.ts';

const LABELS = {
  units: 'unit count',
  conversions: 'conversion count',
  sum: 'sum (Σy)',
  sumSquares: 'sum of squares (Σy²)',
  denominatorSum: 'denominator sum (Σd)',
  denominatorSumSquares: 'denominator sum of squares (Σd²)',
  crossSum: 'cross product (Σyd)',
  covariateSum: 'pre-period sum (Σx)',
  covariateSumSquares: 'pre-period sum of squares (Σx²)',
  covariateCrossSum: 'pre-period cross product (Σxy)',
} as const satisfies Record<keyof StoredArmStatistics, string>;
const FIELDS = Object.keys(LABELS) as (keyof typeof LABELS)[];

export class NonFiniteStatisticsError extends DbError {
  constructor(
    readonly metric: string,
    readonly variation: number,
    readonly field: keyof typeof LABELS,
  ) {
    super(
      'invalid-record',
      `The dataset cannot be stored: metric "${metric}", variation ${variation} has a ${LABELS[field]} that is not a finite number (values of about 1e154 or more overflow).`,
      'Check the metric values for wrong units or corrupt numbers (values of about 1e154 or more overflow), or rescale them and import again.',
      { table: 'datasets' },
    );
    this.name = 'NonFiniteStatisticsError';
  }
}

/** Throws NonFiniteStatisticsError for the first metric arm with a non-finite statistic. */
export function assertFiniteStatistics(dataset: Dataset): void {
  for (const [metric, arms] of Object.entries(dataset.metrics)) {
    if (!Array.isArray(arms)) continue; // the shape check names it
    for (const arm of arms)
      for (const field of FIELDS) {
        const value: unknown = arm?.[field];
        if (typeof value === 'number' && !Number.isFinite(value))
          throw new NonFiniteStatisticsError(metric, arm.variation, field);
      }
  }
}

// A dataset's statistics must be finite numbers to be analysed: an overflowed Σy or Σy² (Infinity,
// from values ≥ ~1e154) is refused by name before the generic shape check, so the person importing
// learns which metric and arm to fix rather than a path to a field.
import type { Dataset } from '../domain/types.ts';
import { DbError } from './errors.ts';

const FIELDS = ['units', 'conversions', 'sum', 'sumSquares'] as const;
const LABELS = {
  units: 'unit count',
  conversions: 'conversion count',
  sum: 'sum (Σy)',
  sumSquares: 'sum of squares (Σy²)',
} as const;

export class NonFiniteStatisticsError extends DbError {
  constructor(
    readonly metric: string,
    readonly variation: number,
    readonly field: (typeof FIELDS)[number],
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

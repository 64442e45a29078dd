// A ratio metric: Σ numerator / Σ denominator over the arm's units (revenue per order, clicks per
// session). Per unit, y is the total of its numerator events' values (an event without a value counts
// 1) and d the number of its denominator events [ours]. The arm's ratio and the variance of its
// estimate come from the delta method (ratioMoments), and the normal model analyses that estimate.
import { DegenerateInputError, ratioMoments } from '../stats/frequentist/index.ts';
import type { MetricKindDefinition, MetricRule } from './types.ts';

const rule: MetricRule = {
  model: 'numeric',
  valueUnit: 'number',
  statistics: ['denominatorSum', 'denominatorSumSquares', 'crossSum'],
  // CUPED for a ratio needs the pre-period ratio's moments: not implemented [ours].
  covariates: false,
  accumulator: {
    presenceOnly: false,
    eventValue: 'value-or-one',
    countsEvents: false,
    unitValue: (_events, total) => total,
  },
  combines: 'the numerator and the denominator are each added up',
  // The normal model reads a mean and a per-unit standard deviation: sd²/n is the estimate's variance.
  modelArm: (name, arm) => {
    try {
      const { mean, variance } = ratioMoments({
        units: arm.units,
        sum: arm.sum ?? 0,
        sumSquares: arm.sumSquares ?? 0,
        denominatorSum: arm.denominatorSum ?? 0,
        denominatorSumSquares: arm.denominatorSumSquares ?? 0,
        crossSum: arm.crossSum ?? 0,
      });
      return { name, units: arm.units, mean, sd: Math.sqrt(Math.max(0, variance) * arm.units) };
    } catch (error) {
      // Fewer than 2 units or no denominator: no estimate; the engine marks the arm insufficient.
      if (error instanceof DegenerateInputError) return { name, units: arm.units, mean: 0, sd: 0 };
      throw error;
    }
  },
};

export const ratio = {
  kind: 'ratio',
  label: 'Ratio',
  aggregations: ['sum'],
  typedFields: [
    'units',
    'sum',
    'sumSquares',
    'denominatorSum',
    'denominatorSumSquares',
    'crossSum',
  ],
  rule: () => rule,
  valueProblem: () => null,
  armProblem: (arm) => {
    for (const [field, squares] of [
      ['sum', 'sumSquares'],
      ['denominatorSum', 'denominatorSumSquares'],
    ] as const) {
      const total = arm[field] ?? 0;
      const square = arm[squares] ?? 0;
      if (square < 0) return { field: squares, message: `${squares} cannot be negative.` };
      if (arm.units > 0 && total * total > arm.units * square * (1 + 1e-9) + 1e-9)
        return {
          field: squares,
          message: `${squares} is too small for this ${field} and number of units.`,
        };
    }
    return null;
  },
} as const satisfies MetricKindDefinition;

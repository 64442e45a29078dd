// A numeric metric: a value per unit (revenue, time on page), averaged or summed over the unit's
// events, analysed with the normal model.
import type { ArmInput } from '../stats/types.ts';
import type { MetricKindDefinition, MetricRule } from './types.ts';

function normalArm(name: string, arm: ArmInput): ArmInput {
  if (arm.mean !== undefined && arm.sd !== undefined)
    return { name, units: arm.units, mean: arm.mean, sd: arm.sd };
  return { name, units: arm.units, sum: arm.sum ?? 0, sumSquares: arm.sumSquares ?? 0 };
}

const shared = {
  model: 'numeric',
  valueUnit: 'number',
  statistics: [],
  covariates: true,
  modelArm: normalArm,
} as const;

const average: MetricRule = {
  ...shared,
  accumulator: {
    presenceOnly: false,
    eventValue: 'value',
    countsEvents: true,
    unitValue: (events, total) => total / events,
  },
  combines: 'the rows are averaged',
};

const sum: MetricRule = {
  ...shared,
  accumulator: {
    presenceOnly: false,
    eventValue: 'value',
    countsEvents: false,
    unitValue: (_events, total) => total,
  },
  combines: 'the rows are added up',
};

export const numeric = {
  kind: 'numeric',
  label: 'Numeric',
  aggregations: ['average', 'sum'],
  typedFields: ['units', 'mean', 'sd'],
  rule: (aggregation) => (aggregation === 'average' ? average : sum),
  valueProblem: () => null,
  armProblem: (arm) => {
    if (arm.sumSquares < 0) return { field: 'sumSquares', message: 'Σy² cannot be negative.' };
    // Cauchy–Schwarz: (Σy)² ≤ N·Σy²; allow for rounding in typed numbers.
    if (arm.units > 0 && arm.sum * arm.sum > arm.units * arm.sumSquares * (1 + 1e-9) + 1e-9)
      return {
        field: 'sumSquares',
        message:
          'Σy² is too small for this Σy and number of units (the variance would be negative).',
      };
    if (arm.units === 0 && (arm.sum !== 0 || arm.sumSquares !== 0))
      return { field: 'sum', message: 'An arm with 0 units must have Σy = Σy² = 0.' };
    return null;
  },
} as const satisfies MetricKindDefinition;

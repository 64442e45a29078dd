// A conversion metric: did the unit do it? Averaged per unit it is a rate (beta–binomial model);
// summed per unit it counts the events, a number per unit (normal model).
import type { MetricKindDefinition, MetricRule } from './types.ts';

const rate: MetricRule = {
  model: 'conversion',
  valueUnit: 'rate',
  statistics: [],
  covariates: true,
  accumulator: { presenceOnly: true, eventValue: 'one', countsEvents: false, unitValue: () => 1 },
  combines: 'converted when at least one row says so (1, TRUE)',
  modelArm: (name, arm) => ({ name, units: arm.units, conversions: arm.conversions ?? 0 }),
};

const count: MetricRule = {
  model: 'numeric',
  valueUnit: 'number',
  statistics: [],
  covariates: true,
  accumulator: {
    presenceOnly: false,
    eventValue: 'one',
    countsEvents: false,
    unitValue: (_events, total) => total,
  },
  combines: 'the rows are added up',
  // Typed as conversions (each unit 0 or 1): Σy = Σy² = the converted units.
  modelArm: (name, arm) => ({
    name,
    units: arm.units,
    sum: arm.sum ?? arm.conversions ?? 0,
    sumSquares: arm.sumSquares ?? arm.conversions ?? 0,
  }),
};

export const conversion = {
  kind: 'conversion',
  label: 'Conversion',
  aggregations: ['average', 'sum'],
  typedFields: ['units', 'conversions'],
  rule: (aggregation) => (aggregation === 'average' ? rate : count),
  valueProblem: (value) =>
    value < 0 ? `${value} is negative: a conversion metric counts (0 or more)` : null,
  armProblem: (arm) => {
    const converted = arm.conversions;
    if (!Number.isInteger(converted) || converted < 0)
      return { field: 'conversions', message: 'Conversions must be a whole number, 0 or more.' };
    if (converted > arm.units)
      return {
        field: 'conversions',
        message: `Conversions (${converted}) cannot exceed units (${arm.units}).`,
      };
    return null;
  },
} as const satisfies MetricKindDefinition;

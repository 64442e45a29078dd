import { describe, expect, it } from 'vitest';
import { validateTypedSummary } from '../../lib/ingest/index.ts';
import type { Iteration } from '../../lib/domain/types.ts';
import { calculatorIteration } from './typed-data.test-support.ts';
import { typedExperimentData, typedValuesFrom } from './typed-data.ts';

describe('typedValuesFrom', () => {
  it('gives back the typed conversion counts and the mean and standard deviation', () => {
    const iteration: Iteration = calculatorIteration();
    const conversions = validateTypedSummary('conversion', [
      { units: 1000, conversions: 100 },
      { units: 980, conversions: 120 },
    ]);
    // Arm 0: 100 units, mean 12.5, sd 4 → Σy = 1250, Σy² = 4²·99 + 100·12.5² = 1584 + 15625 = 17209.
    const revenue = validateTypedSummary('numeric', [
      { units: 100, mean: 12.5, sd: 4 },
      { units: 90, mean: 0.1, sd: 0.3 },
    ]);
    if (!conversions.ok || !revenue.ok) throw new Error('invalid test input');
    expect(revenue.arms[0].sumSquares).toBe(17209);
    const data = typedExperimentData(iteration, {
      converted: conversions.arms,
      revenue: revenue.arms,
    });
    expect(typedValuesFrom(iteration, data)).toEqual({
      converted: {
        0: { units: '1000', conversions: '100' },
        1: { units: '980', conversions: '120' },
      },
      revenue: {
        0: { units: '100', mean: '12.5', sd: '4' },
        1: { units: '90', mean: '0.1', sd: '0.3' },
      },
    });
  });

  it('leaves out metrics the dataset does not have', () => {
    expect({ ...typedValuesFrom(calculatorIteration(), { metrics: {} }) }).toEqual({});
  });
});

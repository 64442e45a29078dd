// Typed per-arm summaries: back to the form's values, and metric keys such as `__proto__` kept (issue #14).
import { describe, expect, it } from 'vitest';
import { validateTypedSummary } from '../../lib/ingest/index.ts';
import type { Iteration } from '../../lib/domain/types.ts';
import type { NormalisedArm } from '../../lib/ingest/index.ts';
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

const protoIteration = {
  design: {
    flagVariations: [
      { id: 'va', name: 'A', value: 'a' },
      { id: 'vb', name: 'B', value: 'b' },
    ],
    treatments: [
      { variationId: 'vb', name: 'B', allocationPercent: 50 },
      { variationId: 'va', name: 'A', allocationPercent: 50 },
    ],
  },
} as unknown as Iteration;

const arm = (units: number, conversions: number): NormalisedArm =>
  ({ name: '', units, conversions, sum: conversions, sumSquares: conversions }) as NormalisedArm;

describe('typedExperimentData', () => {
  it('keeps __proto__ and constructor as metric keys', () => {
    const byMetric = JSON.parse('{"__proto__":[],"constructor":[]}') as Record<
      string,
      NormalisedArm[]
    >;
    byMetric['__proto__'].push(arm(10, 2), arm(20, 3));
    byMetric['constructor'].push(arm(10, 4), arm(20, 5));
    const data = typedExperimentData(protoIteration, byMetric);
    expect(Object.keys(data.metrics)).toEqual(['__proto__', 'constructor']);
    // Treatments are B then A: B is variation 1.
    expect(data.metrics['__proto__']).toEqual([
      { variation: 1, units: 10, conversions: 2, sum: 2, sumSquares: 2 },
      { variation: 0, units: 20, conversions: 3, sum: 3, sumSquares: 3 },
    ]);
    expect(Object.keys(structuredClone(data).metrics)).toEqual(['__proto__', 'constructor']);
  });
});

// Typed per-arm summaries keep a metric keyed `__proto__` as a metric (issue #14).
import { describe, expect, it } from 'vitest';
import type { Iteration } from '../../lib/domain/types.ts';
import type { NormalisedArm } from '../../lib/ingest/index.ts';
import { typedExperimentData } from './typed-data.ts';

const iteration = {
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
    const data = typedExperimentData(iteration, byMetric);
    expect(Object.keys(data.metrics)).toEqual(['__proto__', 'constructor']);
    // Treatments are B then A: B is variation 1.
    expect(data.metrics['__proto__']).toEqual([
      { variation: 1, units: 10, conversions: 2, sum: 2, sumSquares: 2 },
      { variation: 0, units: 20, conversions: 3, sum: 3, sumSquares: 3 },
    ]);
    expect(Object.keys(structuredClone(data).metrics)).toEqual(['__proto__', 'constructor']);
  });
});

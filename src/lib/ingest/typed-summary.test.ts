import { describe, expect, it } from 'vitest';
import { METRIC_KINDS, type MetricKindName } from '../metric-kinds/index.ts';
import { validateTypedSummary } from './typed-summary.ts';

// The typed form asks each registered kind for its fields: a kind added to the registry is covered here.
describe('typed summaries of every registered metric kind', () => {
  for (const definition of METRIC_KINDS)
    it(`accepts ${definition.kind}'s typed fields (${definition.typedFields.join(', ')})`, () => {
      const typed = (units: number) =>
        Object.fromEntries(
          definition.typedFields.map((field) => [
            field,
            field === 'units' ? units : field === 'sd' ? 1 : 2,
          ]),
        ) as { units: number };
      const summary = validateTypedSummary(definition.kind as MetricKindName, [
        typed(10),
        typed(20),
      ]);
      expect(summary.ok).toBe(true);
      if (summary.ok) expect(summary.arms.map((arm) => arm.units)).toEqual([10, 20]);
      const without = validateTypedSummary(definition.kind as MetricKindName, [
        { units: 10 },
        { units: 20 },
      ]);
      expect(without.ok).toBe(false);
    });

  it('refuses more conversions than units, and impossible moments, by field', () => {
    const conversions = validateTypedSummary('conversion', [
      { units: 10, conversions: 11 },
      { units: 10, conversions: 1 },
    ]);
    expect(conversions).toEqual({
      ok: false,
      problems: [
        { field: 'arms[0].conversions', message: 'Conversions (11) cannot exceed units (10).' },
      ],
    });
    const moments = validateTypedSummary('numeric', [
      { units: 10, sum: 10, sumSquares: 5 },
      { units: 10, sum: 10, sumSquares: 10 },
    ]);
    expect(moments.ok).toBe(false);
    if (!moments.ok) expect(moments.problems.map((p) => p.field)).toEqual(['arms[0].sumSquares']);
  });
});

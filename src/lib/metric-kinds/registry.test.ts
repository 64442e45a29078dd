import { describe, expect, it } from 'vitest';
import {
  isAggregation,
  isMetricKindName,
  METRIC_KIND_NAMES,
  metricKind,
  metricRule,
  modelKind,
  valueUnit,
} from './index.ts';

describe('the metric-kind registry', () => {
  it('lists today’s kinds by the names stored in designs, files and links', () => {
    expect(METRIC_KIND_NAMES).toEqual(['conversion', 'numeric']);
    expect(isMetricKindName('numeric')).toBe(true);
    for (const name of ['ratio', '__proto__', 'constructor', 'toString', '', 1, null])
      expect(isMetricKindName(name)).toBe(false);
    expect(isAggregation('sum')).toBe(true);
    expect(isAggregation('median')).toBe(false);
    expect(() => metricKind('__proto__')).toThrow('No metric kind "__proto__".');
  });

  it('says which model analyses each kind: a conversion summed per unit is a count (normal)', () => {
    expect(modelKind({ kind: 'conversion', aggregation: 'average' })).toBe('conversion');
    expect(modelKind({ kind: 'conversion', aggregation: 'sum' })).toBe('numeric');
    expect(modelKind({ kind: 'numeric', aggregation: 'average' })).toBe('numeric');
    expect(modelKind({ kind: 'numeric', aggregation: 'sum' })).toBe('numeric');
    expect(valueUnit({ kind: 'conversion', aggregation: 'average' })).toBe('rate');
    expect(valueUnit({ kind: 'conversion', aggregation: 'sum' })).toBe('number');
    expect(valueUnit({ kind: 'numeric', aggregation: 'average' })).toBe('number');
  });

  it('turns a unit’s events into its value: 3 events totalling 12', () => {
    const y = (kind: 'conversion' | 'numeric', aggregation: 'average' | 'sum') =>
      metricRule({ kind, aggregation }).accumulator.unitValue(3, 12);
    expect(y('conversion', 'average')).toBe(1);
    expect(y('conversion', 'sum')).toBe(12);
    expect(y('numeric', 'average')).toBe(4);
    expect(y('numeric', 'sum')).toBe(12);
    const rate = metricRule({ kind: 'conversion', aggregation: 'average' }).accumulator;
    expect([rate.presenceOnly, rate.countsEvents]).toEqual([true, false]);
    const average = metricRule({ kind: 'numeric', aggregation: 'average' }).accumulator;
    expect([average.presenceOnly, average.countsEvents, average.eventValue]).toEqual([
      false,
      true,
      'value',
    ]);
    expect(metricRule({ kind: 'conversion', aggregation: 'sum' }).accumulator.eventValue).toBe(
      'one',
    );
  });

  it('validates values and per-arm statistics by kind', () => {
    expect(metricKind('conversion').valueProblem(-1)).toBe(
      '-1 is negative: a conversion metric counts (0 or more)',
    );
    expect(metricKind('numeric').valueProblem(-1)).toBeNull();
    const arm = { units: 10, conversions: 11, sum: 11, sumSquares: 11 };
    expect(metricKind('conversion').armProblem(arm)?.field).toBe('conversions');
    // (Σy)² = 100 > N·Σy² = 10·5: no real values have these moments.
    const impossible = { units: 10, conversions: 0, sum: 10, sumSquares: 5 };
    expect(metricKind('numeric').armProblem(impossible)?.field).toBe('sumSquares');
    expect(metricKind('numeric').armProblem({ ...impossible, sumSquares: 10 })).toBeNull();
  });
});

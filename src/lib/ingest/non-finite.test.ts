// Sums that overflow a double (issue #14): reported per metric, never silently Infinity.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateExperimentData, type ExperimentSpec } from './index.ts';
import { exposure, file, FLAG, jsonLines, track } from './test-events.ts';

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'bought', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'clicks', eventKey: 'click', kind: 'numeric', aggregation: 'sum' },
  ],
};

describe('non-finite statistics', () => {
  it('names the metric whose Σy² overflowed (values ≥ ~1e154)', async () => {
    // A's revenue 1e200: y² = 1e400 > Number.MAX_VALUE (≈1.8e308) → Infinity. Clicks stay small.
    const lines = jsonLines([
      exposure('A', 0, 1000),
      exposure('B', 1, 1000),
      track('A', 'purchase', 2000, 1e200),
      track('B', 'click', 2000, 3),
    ]);
    const data = await aggregateExperimentData([file(lines, 'x.jsonl')], spec);
    expect(data.metrics.revenue[0].sum).toBe(1e200);
    expect(data.diagnostics.nonFinite).toEqual(['revenue']);
  });

  it('names the metric whose Σy overflowed, and lists nothing when every sum is finite', async () => {
    // Two units of 1e308 each: Σy = 2e308 → Infinity.
    const csv = 'unit,arm,revenue,clicks\nA,0,1e308,1\nB,0,1e308,2\nC,1,5,1\n';
    const mapping = {
      unitKey: 'unit',
      variation: 'arm',
      metrics: { revenue: 'revenue', bought: 'revenue', clicks: 'clicks' },
    };
    const data = await aggregateCsvUnits([file(csv, 'units.csv')], spec, mapping);
    expect(data.diagnostics.nonFinite).toEqual(['revenue']);
    const fine = await aggregateCsvUnits(
      [file('unit,arm,revenue,clicks\nA,0,2,1\n', 'units.csv')],
      spec,
      mapping,
    );
    expect(fine.diagnostics.nonFinite).toBeUndefined();
  });
});

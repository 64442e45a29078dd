// A ratio metric in a unit-level CSV (issue #17): the metric's column is the numerator y, a mapped
// denominator column d; per arm Σd, Σd², Σyd counted by hand in the comments.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits } from './index.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'f',
  randomizationUnit: 'user',
  metrics: [
    {
      key: 'rpo',
      eventKey: 'purchase',
      kind: 'ratio',
      aggregation: 'sum',
      denominatorEventKey: 'order',
    },
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
  ],
};
const mapping = {
  unitKey: 'user',
  variation: 'arm',
  metrics: { rpo: 'revenue', revenue: 'revenue' },
  denominators: { rpo: 'orders' },
};

describe('unit-level CSV: a ratio metric with its denominator column', () => {
  // control:   u1 y 30 d 2, u2 y 0 d 1, u3 y 15 d empty → 0
  //   Σy 45, Σy² 1125, Σd 3, Σd² 5, Σyd 60
  // treatment: u4 y 40 d 4, u5 y 10 d 1 → Σy 50, Σy² 1700, Σd 5, Σd² 17, Σyd 170
  // u6 (line 8): denominator -1 → malformed.
  const text = [
    'user,arm,revenue,orders',
    'u1,control,30,2',
    'u2,control,0,1',
    'u4,treatment,40,4',
    'u3,control,15,',
    'u5,treatment,10,1',
    'u6,treatment,5,-1',
  ].join('\n');

  it('adds Σd, Σd², Σyd per arm; an empty denominator counts 0 and is counted', async () => {
    const data = await aggregateCsvUnits([file(text, 'orders.csv')], spec, mapping);
    expect(data.metrics.rpo).toEqual([
      {
        variation: 0,
        units: 3,
        conversions: 2,
        sum: 45,
        sumSquares: 1125,
        denominatorSum: 3,
        denominatorSumSquares: 5,
        crossSum: 60,
      },
      {
        variation: 1,
        units: 2,
        conversions: 2,
        sum: 50,
        sumSquares: 1700,
        denominatorSum: 5,
        denominatorSumSquares: 17,
        crossSum: 170,
      },
    ]);
    expect(data.metrics.revenue[0]).not.toHaveProperty('denominatorSum');
    expect(data.diagnostics.skipped).toEqual({ 'missing-denominator:rpo': 1 });
    expect(data.diagnostics.malformed).toEqual([
      {
        file: 'orders.csv',
        line: 7,
        reason: "rpo denominator -1 is negative: a ratio's denominator counts (0 or more)",
      },
    ]);
  });

  it('refuses a denominator for a metric that is no ratio, and the numerator column itself', async () => {
    await expect(
      aggregateCsvUnits([file(text, 'orders.csv')], spec, {
        ...mapping,
        denominators: { rpo: 'orders', revenue: 'orders' },
      }),
    ).rejects.toMatchObject({
      field: 'mapping.denominators.revenue',
      message: expect.stringContaining('only a ratio metric reads one'),
    });
    await expect(
      aggregateCsvUnits([file(text, 'orders.csv')], spec, {
        ...mapping,
        denominators: { rpo: 'revenue' },
      }),
    ).rejects.toMatchObject({
      field: 'mapping.denominators.rpo',
      message: expect.stringContaining('its own numerator column "revenue"'),
    });
  });
});

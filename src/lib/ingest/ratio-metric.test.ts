// Ratio metrics (issue #17): per unit a numerator total y and a denominator count d; per arm Σy, Σy²,
// Σd, Σd², Σyd. Expected values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateExperimentData } from './index.ts';
import { exposure, file, jsonLines, track } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  metrics: [
    {
      key: 'revenue-per-order',
      eventKey: 'purchase',
      denominatorEventKey: 'purchase',
      kind: 'ratio',
      aggregation: 'sum',
    },
    {
      key: 'clicks-per-session',
      eventKey: 'click',
      denominatorEventKey: 'session',
      kind: 'ratio',
      aggregation: 'sum',
    },
  ],
};

describe('ratio metrics', () => {
  // Arm 0: a buys 10 and 30 (y 40, d 2), opens 1 session and clicks twice; b buys nothing, opens 2
  // sessions without a click. Arm 1: c buys 5 (y 5, d 1), clicks once without a session.
  // A click before exposure and a purchase of another unit do not count.
  const records = [
    exposure('a', 0, 1000, { key: 'checkout' }),
    exposure('b', 0, 1000, { key: 'checkout' }),
    exposure('c', 1, 1000, { key: 'checkout' }),
    track('a', 'purchase', 2000, 10),
    track('a', 'purchase', 3000, 30),
    track('a', 'session', 2000),
    track('a', 'click', 2100),
    track('a', 'click', 2200),
    track('a', 'click', 500),
    track('b', 'session', 2000),
    track('b', 'session', 5000),
    track('c', 'purchase', 2000, 5),
    track('c', 'click', 2000),
    track('z', 'purchase', 2000, 99),
  ];

  it('sums numerator and denominator per unit, then their moments per arm', async () => {
    const data = await aggregateExperimentData([file(jsonLines(records), 'events.jsonl')], spec);
    // revenue per order: arm 0 y = (40, 0), d = (2, 0); arm 1 y = 5, d = 1.
    expect(data.metrics['revenue-per-order']).toEqual([
      {
        variation: 0,
        units: 2,
        conversions: 1,
        sum: 40,
        sumSquares: 1600,
        denominatorSum: 2,
        denominatorSumSquares: 4,
        crossSum: 80,
      },
      {
        variation: 1,
        units: 1,
        conversions: 1,
        sum: 5,
        sumSquares: 25,
        denominatorSum: 1,
        denominatorSumSquares: 1,
        crossSum: 5,
      },
    ]);
    // clicks (no value: each counts 1) per session: arm 0 y = (2, 0), d = (1, 2); arm 1 y = 1, d = 0.
    // `conversions` counts the units with a numerator event: a only in arm 0.
    expect(data.metrics['clicks-per-session']).toEqual([
      {
        variation: 0,
        units: 2,
        conversions: 1,
        sum: 2,
        sumSquares: 4,
        denominatorSum: 3,
        denominatorSumSquares: 5,
        crossSum: 2,
      },
      {
        variation: 1,
        units: 1,
        conversions: 1,
        sum: 1,
        sumSquares: 1,
        denominatorSum: 0,
        denominatorSumSquares: 0,
        crossSum: 0,
      },
    ]);
  });

  it('gives the same sums in any order and with a tiny stash (two passes)', async () => {
    const reversed = [...records].reverse();
    for (const maxStashedEvents of [undefined, 0, 1]) {
      const data = await aggregateExperimentData(
        [file(jsonLines(reversed), 'events.jsonl')],
        spec,
        undefined,
        undefined,
        { maxStashedEvents },
      );
      expect(data.metrics['revenue-per-order'][0].crossSum).toBe(80);
      expect(data.metrics['clicks-per-session'][0].denominatorSum).toBe(3);
    }
  });

  it('refuses a ratio metric without a denominator, and another aggregation than sum', async () => {
    const source = [file(jsonLines(records), 'events.jsonl')];
    const without = { ...spec, metrics: [{ ...spec.metrics[0], denominatorEventKey: undefined }] };
    await expect(aggregateExperimentData(source, without)).rejects.toThrow(
      'Ratio metric "revenue-per-order" has no denominator event key.',
    );
    const average = { ...spec, metrics: [{ ...spec.metrics[0], aggregation: 'average' as const }] };
    await expect(aggregateExperimentData(source, average)).rejects.toThrow(
      'A ratio metric ("revenue-per-order") aggregates by \'sum\'.',
    );
  });

  it('says a unit-level file cannot hold a ratio metric', async () => {
    const units = file('user,arm,revenue\nu1,a,3\n', 'units.csv');
    await expect(
      aggregateCsvUnits([units], spec, {
        unitKey: 'user',
        variation: 'arm',
        metrics: { 'revenue-per-order': 'revenue', 'clicks-per-session': 'revenue' },
      }),
    ).rejects.toThrow(
      'Ratio metric "revenue-per-order" needs its numerator and denominator events',
    );
  });
});

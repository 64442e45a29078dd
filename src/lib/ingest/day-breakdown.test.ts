// Statistics by day of first exposure (issue #16: results over time), counted by hand in the comments.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateExperimentData } from './index.ts';
import { exposure, file, jsonLines, track } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1); // 2026-03-01T00:00Z

describe('statistics by UTC day of first exposure', () => {
  const spec: ExperimentSpec = {
    flagKey: 'checkout',
    randomizationUnit: 'user',
    metrics: [
      { key: 'buyer', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
      { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    ],
  };
  // Day 1 (03-01): a (arm 0, buys 10 on day 3: counted on its exposure day), b (arm 1).
  // Day 2 (03-02): c (arm 1, buys 4 and 6), d (arm 0, first seen 03-02 23:59, again 03-03).
  // Day 3 (03-03): e (arm 1, exposed 03-03 00:00 exactly; buys 5).
  const records = [
    exposure('a', 0, T0 + 1000, { key: 'checkout' }),
    exposure('b', 1, T0 + 5000, { key: 'checkout' }),
    exposure('c', 1, T0 + DAY + 10, { key: 'checkout' }),
    exposure('d', 0, T0 + 2 * DAY - 1, { key: 'checkout' }),
    exposure('d', 0, T0 + 2 * DAY + 5, { key: 'checkout' }),
    exposure('e', 1, T0 + 2 * DAY, { key: 'checkout' }),
    track('a', 'purchase', T0 + 2 * DAY + 100, 10),
    track('c', 'purchase', T0 + DAY + 20, 4),
    track('c', 'purchase', T0 + DAY + 30, 6),
    track('e', 'purchase', T0 + 2 * DAY + 1, 5),
  ];

  it('splits units by the day of their first exposure; the days add up to the totals', async () => {
    // Files in reverse order: the days come out sorted all the same.
    const data = await aggregateExperimentData(
      [file(jsonLines([...records].reverse()), 'events.jsonl')],
      spec,
    );
    const days = data.breakdowns?.find((breakdown) => breakdown.by === 'day');
    expect(days?.cells.map((cell) => Number(cell.value))).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
    expect(days?.cells.map((cell) => cell.arms)).toEqual([
      [
        { variation: 0, units: 1 }, // a
        { variation: 1, units: 1 }, // b
      ],
      [
        { variation: 0, units: 1 }, // d
        { variation: 1, units: 1 }, // c
      ],
      [
        { variation: 0, units: 0 },
        { variation: 1, units: 1 }, // e
      ],
    ]);
    expect(days?.cells.map((cell) => cell.metrics.revenue)).toEqual([
      [
        { variation: 0, units: 1, conversions: 1, sum: 10, sumSquares: 100 }, // a: 10
        { variation: 1, units: 1, conversions: 0, sum: 0, sumSquares: 0 }, // b: 0
      ],
      [
        { variation: 0, units: 1, conversions: 0, sum: 0, sumSquares: 0 }, // d: 0
        { variation: 1, units: 1, conversions: 1, sum: 10, sumSquares: 100 }, // c: 4 + 6
      ],
      [
        { variation: 0, units: 0, conversions: 0, sum: 0, sumSquares: 0 },
        { variation: 1, units: 1, conversions: 1, sum: 5, sumSquares: 25 }, // e: 5
      ],
    ]);
    expect(days?.cells[1].metrics.buyer[1]).toEqual({
      variation: 1,
      units: 1,
      conversions: 1,
      sum: 1,
      sumSquares: 1,
    });
    expect(data.metrics.revenue).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 10, sumSquares: 100 },
      { variation: 1, units: 3, conversions: 2, sum: 15, sumSquares: 125 },
    ]);
  });

  it('follows the arms when labels are placed on the design’s variations', async () => {
    // Named arms, treatment first in the file: the day cells are re-keyed with the totals.
    const text = [
      'user,arm,first_seen,spent',
      `u1,treatment,${new Date(T0 + 1000).toISOString()},3`,
      `u2,control,${new Date(T0 + 2000).toISOString()},1`,
      `u3,control,${new Date(T0 + DAY + 1).toISOString()},2`,
    ].join('\n');
    const data = await aggregateCsvUnits(
      [file(text, 'units.csv')],
      {
        flagKey: 'checkout',
        randomizationUnit: 'user',
        metrics: [{ key: 'spent', eventKey: 'spent', kind: 'numeric', aggregation: 'sum' }],
      },
      {
        unitKey: 'user',
        variation: 'arm',
        firstExposure: 'first_seen',
        metrics: { spent: 'spent' },
      },
      { variations: ['control', 'treatment'] },
    );
    const days = data.breakdowns?.find((breakdown) => breakdown.by === 'day');
    // Day 1: control u2 (1), treatment u1 (3). Day 2: control u3 (2), treatment none.
    expect(
      days?.cells.map((cell) => cell.metrics.spent.map((arm) => [arm.variation, arm.sum])),
    ).toEqual([
      [
        [0, 1],
        [1, 3],
      ],
      [
        [0, 2],
        [1, 0],
      ],
    ]);
    expect(days?.cells[1].arms).toEqual([
      { variation: 0, units: 1 },
      { variation: 1, units: 0 },
    ]);
  });
});

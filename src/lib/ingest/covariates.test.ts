// CUPED covariates (issue #17): each unit's metric value over the days before its first exposure,
// events before the window included; per arm Σx, Σx², Σxy. Worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import { exposure, file, jsonLines, track } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 15);

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  window: { start: START, end: START + 10 * DAY },
  covariateDays: 14,
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'buyer', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
  ],
};

// a (arm 0), exposed on day 2 (then again on day 1, read later: its first exposure is day 1):
//   before: 5 at day −3 (before the window, within 14 days of day 1) and 7 at day 0.5 → x = 12;
//   after: 20 at day 3 → y = 20. A purchase at day −20 is more than 14 days before: neither.
// b (arm 0), exposed on day 0: no purchase before → x = 0; after: 10 → y = 10.
// c (arm 1), exposed on day 4: before: 3 at day 1 (in the window, before exposure) → x = 3; no
//   purchase after → y = 0.
const records = [
  exposure('a', 0, START + 2 * DAY, { key: 'checkout' }),
  track('a', 'purchase', START - 3 * DAY, 5),
  track('a', 'purchase', START + DAY / 2, 7),
  track('a', 'purchase', START + 3 * DAY, 20),
  track('a', 'purchase', START - 20 * DAY, 99),
  exposure('a', 0, START + DAY, { key: 'checkout' }),
  exposure('b', 0, START, { key: 'checkout' }),
  track('b', 'purchase', START + 5 * DAY, 10),
  exposure('c', 1, START + 4 * DAY, { key: 'checkout' }),
  track('c', 'purchase', START + DAY, 3),
];

describe('CUPED covariates from the pre-exposure window', () => {
  it('sums each unit’s events of the 14 days before its first exposure, in any order', async () => {
    for (const order of [records, [...records].reverse()])
      for (const maxStashedEvents of [undefined, 0, 2]) {
        const data = await aggregateExperimentData(
          [file(jsonLines(order), 'events.jsonl')],
          spec,
          undefined,
          undefined,
          { maxStashedEvents },
        );
        // Arm 0: x = (12, 0), y = (20, 10): Σx 12, Σx² 144, Σxy 240. Arm 1: x = 3, y = 0.
        expect(data.metrics.revenue).toEqual([
          {
            variation: 0,
            units: 2,
            conversions: 2,
            sum: 30,
            sumSquares: 500,
            covariateSum: 12,
            covariateSumSquares: 144,
            covariateCrossSum: 240,
          },
          {
            variation: 1,
            units: 1,
            conversions: 0,
            sum: 0,
            sumSquares: 0,
            covariateSum: 3,
            covariateSumSquares: 9,
            covariateCrossSum: 0,
          },
        ]);
        // Conversions: a bought before (x 1) and after (y 1); b only after; c only before.
        expect(data.metrics.buyer.map((arm) => arm.covariateSum)).toEqual([1, 1]);
        expect(data.metrics.buyer[0].covariateCrossSum).toBe(1);
        // Events before exposure: a's at day 0.5, c's at day 1 (in the window); the two before the
        // window count as outside it, as without CUPED. Covariate events: 5, 7 (a) and 3 (c).
        expect(data.diagnostics.eventsBeforeExposure).toBe(2);
        expect(data.diagnostics.eventsOutsideWindow).toBe(2);
        expect(data.diagnostics.covariateEvents).toBe(3);
      }
  });

  it('changes nothing else: without covariateDays the result has no covariate fields', async () => {
    const { covariateDays: _off, ...plain } = spec;
    const without = await aggregateExperimentData([file(jsonLines(records), 'e.jsonl')], plain);
    const withCuped = await aggregateExperimentData([file(jsonLines(records), 'e.jsonl')], spec);
    expect(without.metrics.revenue[0]).toEqual({
      variation: 0,
      units: 2,
      conversions: 2,
      sum: 30,
      sumSquares: 500,
    });
    expect(without.diagnostics.covariateEvents).toBeUndefined();
    const { covariateEvents: _used, ...diagnostics } = withCuped.diagnostics;
    expect(diagnostics).toEqual(without.diagnostics);
  });
});

// The over-time view's cumulative statistics and relative differences, against sums and a normal
// model worked out by hand (flat prior: posterior Normal(ȳ, s²/N) per arm; relative difference
// ȳ_t/ȳ_c − 1 by the delta method; 90% interval ± z₀.₉₅ = 1.6448536269514722 sd).
import { describe, expect, it } from 'vitest';
import { analyzeMetric } from '../stats/index.ts';
import type { StoredArmStatistics } from '../metric-kinds/index.ts';
import {
  cumulativeDays,
  planOverTime,
  readOverTime,
  type DayStatistics,
  type OverTimeInput,
} from './over-time.ts';
import type { AnalysisResponse } from './types.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
const Z = 1.6448536269514722;

const arm = (units: number, sum: number, sumSquares: number, conversions = 0) =>
  ({ units, sum, sumSquares, conversions }) satisfies StoredArmStatistics;

// Metric 0 is numeric (control, treatment); metric 1 a conversion rate.
const days: DayStatistics[] = [
  // Given out of order: the days are sorted by their start.
  {
    start: T0 + DAY,
    metrics: [
      [arm(3, 9, 31, 3), arm(2, 5, 13, 2)],
      [arm(3, 1, 1, 1), arm(2, 1, 1, 1)],
    ],
  },
  {
    start: T0,
    metrics: [
      [arm(4, 8, 20, 4), arm(4, 12, 40, 3)],
      [arm(4, 1, 1, 1), arm(4, 2, 2, 2)],
    ],
  },
  {
    start: T0 + 2 * DAY,
    metrics: [
      [arm(3, 3, 5, 2), arm(4, 10, 30, 4)],
      [arm(3, 0, 0, 0), arm(4, 1, 1, 1)],
    ],
  },
];

const input: OverTimeInput = {
  viewKey: 'iteration-1',
  control: 0,
  armNames: ['Control', 'Treatment'],
  metrics: [
    { key: 'revenue', kind: 'numeric', aggregation: 'sum', direction: 'higher' },
    { key: 'signup', kind: 'conversion', aggregation: 'average', direction: 'higher' },
  ],
  days,
  settings: { credibleMass: 0.9, prior: 'flat', method: 'monte-carlo', priorRelativeVariance: {} },
};

/** What the workers answer, computed by the engine's entry point in this thread. */
async function analyse(plan: ReturnType<typeof planOverTime>): Promise<AnalysisResponse[]> {
  return plan.requests.map((request) => ({
    viewKey: request.viewKey,
    srm: null,
    metrics: request.metrics.map((metric) => ({
      key: metric.key,
      result: {
        ok: true,
        value: { key: metric.key, arms: analyzeMetric(metric.arms, metric.options) },
      },
    })),
  }));
}

describe('cumulative statistics by day of first exposure', () => {
  it('sums the days in order, conversions included', () => {
    const points = cumulativeDays(days, { metrics: 2, arms: 2 });
    expect(points.map((point) => [point.start, point.days])).toEqual([
      [T0, 1],
      [T0 + DAY, 1],
      [T0 + 2 * DAY, 1],
    ]);
    // Control: 4+3 = 7 units, 8+9 = 17, 20+31 = 51; then +3 units, +3, +5.
    expect(points.map((point) => point.metrics[0][0])).toEqual([
      arm(4, 8, 20, 4),
      arm(7, 17, 51, 7),
      arm(10, 20, 56, 9),
    ]);
    // Treatment: 4, 12, 40 → 6, 17, 53 → 10, 27, 83.
    expect(points.map((point) => point.metrics[0][1])).toEqual([
      arm(4, 12, 40, 3),
      arm(6, 17, 53, 5),
      arm(10, 27, 83, 9),
    ]);
    expect(points[2].metrics[1]).toEqual([arm(10, 2, 2, 2), arm(10, 4, 4, 4)]);
    // The input is not changed by the sums.
    expect(days[1].metrics[0][0]).toEqual(arm(4, 8, 20, 4));
  });

  it('adds the optional statistics (ratio, CUPED) a kind stores', () => {
    const withRatio = (units: number, denominatorSum: number) => ({
      ...arm(units, units, units),
      denominatorSum,
      crossSum: 2 * denominatorSum,
    });
    const points = cumulativeDays(
      [
        { start: T0, metrics: [[withRatio(2, 5)]] },
        { start: T0 + DAY, metrics: [[withRatio(3, 7)]] },
      ],
      { metrics: 1, arms: 1 },
    );
    expect(points[1].metrics[0][0]).toMatchObject({ units: 5, denominatorSum: 12, crossSum: 24 });
  });

  it('merges the oldest days into the first point beyond the limit, and leaves out bad days', () => {
    const points = cumulativeDays(
      [...days, { start: Number.NaN, metrics: [[arm(100, 1, 1)]] }],
      { metrics: 2, arms: 2 },
      2,
    );
    expect(points.map((point) => [point.start, point.days])).toEqual([
      [T0 + DAY, 2],
      [T0 + 2 * DAY, 1],
    ]);
    expect(points[0].metrics[0][0]).toEqual(arm(7, 17, 51, 7));
    expect(points[1].metrics[0][0]).toEqual(arm(10, 20, 56, 9));
  });
});

describe('relative difference over time, through the engine', () => {
  it('matches the flat-prior normal model worked out by hand, day by day', async () => {
    const plan = planOverTime(input);
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0].viewKey).toBe('iteration-1/over-time/0');
    expect(plan.requests[0].srm).toBeUndefined();
    expect(plan.requests[0].metrics.every((entry) => entry.options.method === 'exact')).toBe(true);
    const [revenue] = readOverTime(plan, await analyse(plan));
    expect(revenue.key).toBe('revenue');
    expect(revenue.arms.map((a) => [a.armIndex, a.name])).toEqual([[1, 'Treatment']]);
    // Day 1: ȳ_c = 8/4 = 2, s_c² = (20 − 64/4)/3 = 4/3, var = 1/3; ȳ_t = 3, var = (40 − 36)/3/4 = 1/3.
    // rel = 3/2 − 1 = 0.5; sd² = (1/3)/4 + 1.5²·(1/3)/4 = 0.2708333 → sd = 0.5204165.
    // Day 2: ȳ_c = 17/7, var_c = (51 − 289/7)/6/7; ȳ_t = 17/6, var_t = (53 − 289/6)/5/6.
    // Day 3: ȳ_c = 2, var_c = (56 − 40)/9/10; ȳ_t = 2.7, var_t = (83 − 72.9)/9/10.
    const expected = [
      [0.5, 0.5204164998665332],
      [1 / 6, 0.2840657020494843],
      [0.35, 0.3302356061292536],
    ];
    revenue.arms[0].points.forEach((point, index) => {
      const [mean, sd] = expected[index];
      expect(point.start).toBe(T0 + index * DAY);
      expect(point.relative?.mean).toBeCloseTo(mean, 12);
      expect(point.relative?.sd).toBeCloseTo(sd, 12);
      expect(point.relative?.credibleInterval[0]).toBeCloseTo(mean - Z * sd, 10);
      expect(point.relative?.credibleInterval[1]).toBeCloseTo(mean + Z * sd, 10);
    });
    expect(revenue.arms[0].points.map((point) => [point.units, point.controlUnits])).toEqual([
      [4, 4],
      [6, 7],
      [10, 10],
    ]);
  });

  it('gives no point, with the reason, when an arm has too few units yet', async () => {
    const early: DayStatistics = {
      start: T0 - DAY,
      metrics: [
        [arm(1, 2, 4, 1), arm(0, 0, 0)],
        [arm(1, 0, 0), arm(0, 0, 0)],
      ],
    };
    const plan = planOverTime({ ...input, days: [early, ...days] });
    const [revenue] = readOverTime(plan, await analyse(plan));
    const first = revenue.arms[0].points[0];
    expect(first.relative).toBeNull();
    expect(first.note).toMatch(/not enough data/);
    expect(revenue.arms[0].points[1].relative).not.toBeNull();
  });

  it('splits long histories into requests the workers accept, each under its own view key', () => {
    const many: DayStatistics[] = Array.from({ length: 130 }, (_, index) => ({
      start: T0 + index * DAY,
      metrics: [
        [arm(3, 3, 5), arm(3, 4, 8)],
        [arm(3, 1, 1), arm(3, 2, 2)],
      ],
    }));
    const plan = planOverTime({ ...input, days: many });
    // 130 days → 120 points (the first holds 11 days) × 2 metrics = 240 entries: 100 + 100 + 40.
    expect(plan.points).toHaveLength(120);
    expect(plan.points[0].days).toBe(11);
    expect(plan.requests.map((request) => request.metrics.length)).toEqual([100, 100, 40]);
    expect(new Set(plan.requests.map((request) => request.viewKey)).size).toBe(3);
    expect(plan.requests.every((request) => request.viewKey !== input.viewKey)).toBe(true);
  });
});

describe('relative difference by day since exposure (the novelty view)', () => {
  it('analyses each day as given (already cumulative per unit), in order of k', async () => {
    // k = 1 given first; a metric missing for an arm counts no units.
    const sinceExposure: DayStatistics[] = [
      { start: 1, metrics: [[arm(3, 9, 31, 3), arm(3, 6, 14, 3)], []] },
      { start: 0, metrics: [[arm(4, 8, 20, 4), arm(4, 12, 40, 3)], []] },
    ];
    const plan = planOverTime({ ...input, days: sinceExposure, by: 'since-exposure' });
    expect(plan.points.map((point) => point.start)).toEqual([0, 1]);
    expect(plan.points[1].metrics[1]).toEqual([arm(0, 0, 0), arm(0, 0, 0)]);
    const [revenue] = readOverTime(plan, await analyse(plan));
    // k = 0: as day 1 above, rel 0.5, sd 0.5204165. k = 1 (not added to k = 0): ȳ_c = 3,
    // var_c = (31 − 27)/2/3 = 2/3; ȳ_t = 2, var_t = (14 − 12)/2/3 = 1/3; rel = 2/3 − 1;
    // sd² = (1/3)/9 + (2/3)²·(2/3)/9 → sd = 0.2644973492052907.
    const expected = [
      [0.5, 0.5204164998665332],
      [-1 / 3, 0.2644973492052907],
    ];
    revenue.arms[0].points.forEach((point, index) => {
      expect(point.start).toBe(index);
      expect(point.relative?.mean).toBeCloseTo(expected[index][0], 12);
      expect(point.relative?.sd).toBeCloseTo(expected[index][1], 12);
    });
    expect(revenue.arms[0].points.map((point) => [point.units, point.controlUnits])).toEqual([
      [4, 4],
      [3, 3],
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import { SnapshotError } from './snapshot-error.ts';
import type { Snapshot } from './snapshot-types.ts';
import { testSnapshot } from './test-snapshot.ts';
import { validateSnapshot } from './validate-snapshot.ts';

type Mutation = (snapshot: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

function refusal(mutate: Mutation): SnapshotError {
  const snapshot: Snapshot = JSON.parse(JSON.stringify(testSnapshot()));
  mutate(snapshot);
  try {
    validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected the snapshot to be refused');
}

const cases: [string, Mutation, string][] = [
  ['missing design', (s) => delete s.design, 'design'],
  ['experiment name not text', (s) => (s.design.name = 42), 'design.name'],
  ['empty experiment name', (s) => (s.design.name = '  '), 'design.name'],
  ['overlong hypothesis', (s) => (s.design.hypothesis = 'x'.repeat(5001)), 'design.hypothesis'],
  ['a single arm', (s) => s.design.arms.pop(), 'design.arms'],
  ['negative split', (s) => (s.design.arms[0].split = -5), 'design.arms[0].split'],
  ['split over 100 %', (s) => (s.design.arms[0].split = 150), 'design.arms[0].split'],
  [
    'every split zero',
    (s) => s.design.arms.forEach((arm: { split: number }) => (arm.split = 0)),
    'design.arms',
  ],
  ['control out of range', (s) => (s.design.control = 2), 'design.control'],
  ['fractional control', (s) => (s.design.control = 0.5), 'design.control'],
  ['unknown metric kind', (s) => (s.design.metrics[0].kind = 'median'), 'design.metrics[0].kind'],
  [
    'unknown direction',
    (s) => (s.design.metrics[0].direction = 'up'),
    'design.metrics[0].direction',
  ],
  [
    'unknown aggregation',
    (s) => (s.design.metrics[1].aggregation = 'max'),
    'design.metrics[1].aggregation',
  ],
  [
    'primary not boolean',
    (s) => (s.design.metrics[0].primary = 'yes'),
    'design.metrics[0].primary',
  ],
  [
    'repeated metric key',
    (s) => (s.design.metrics[1].key = 'order-value'),
    'design.metrics[1].key',
  ],
  [
    'non-positive γ²',
    (s) => (s.design.metrics[0].priorRelativeVariance = 0),
    'design.metrics[0].priorRelativeVariance',
  ],
  [
    'end before start',
    (s) => (s.iteration.endedAt = s.iteration.startedAt - 1),
    'iteration.endedAt',
  ],
  ['start not a time', (s) => (s.iteration.startedAt = '2025-03-01'), 'iteration.startedAt'],
  ['credible mass of 1', (s) => (s.settings.credibleMass = 1), 'settings.credibleMass'],
  ['unknown prior', (s) => (s.settings.prior = 'jeffreys'), 'settings.prior'],
  ['unknown method', (s) => (s.settings.method = 'bootstrap'), 'settings.method'],
  ['zero draws', (s) => (s.settings.draws = 0), 'settings.draws'],
  ['more draws than the app allows', (s) => (s.settings.draws = 100_000_001), 'settings.draws'],
  ['fractional seed', (s) => (s.settings.seed = 1.5), 'settings.seed'],
  ['winner threshold of 1', (s) => (s.settings.winnerThreshold = 1), 'settings.winnerThreshold'],
  [
    'part of the covariate sums',
    (s) => (s.statistics[0].arms[0].covariateSum = 5),
    'statistics[0].arms[0].covariateSumSquares',
  ],
  [
    'an impossible covariate sum of squares',
    (s) =>
      Object.assign(s.statistics[0].arms[0], {
        covariateSum: 100,
        covariateSumSquares: 1,
        covariateCrossSum: 0,
      }),
    'statistics[0].arms[0].covariateSumSquares',
  ],
  ['an unknown method', (s) => (s.settings.inference = 'likelihood'), 'settings.inference'],
  [
    'a confidence level of 95',
    (s) => (s.settings.confidenceLevel = 95),
    'settings.confidenceLevel',
  ],
  ['a tuning N* of 0', (s) => (s.settings.sequentialTuning = 0), 'settings.sequentialTuning'],
  [
    'Bonferroni (not offered)',
    (s) => (s.settings.correction = 'bonferroni'),
    'settings.correction',
  ],
  [
    'a CUPED metric key that is a number',
    (s) => (s.settings.cupedMetrics = [1]),
    'settings.cupedMetrics[0]',
  ],
  ['statistics missing a metric', (s) => s.statistics.pop(), 'statistics'],
  ['statistics in another order', (s) => s.statistics.reverse(), 'statistics[0].metric'],
  ['statistics missing an arm', (s) => s.statistics[0].arms.pop(), 'statistics[0].arms'],
  ['negative units', (s) => (s.statistics[0].arms[0].units = -1), 'statistics[0].arms[0].units'],
  [
    'fractional units',
    (s) => (s.statistics[1].arms[0].units = 10.5),
    'statistics[1].arms[0].units',
  ],
  ['units as text', (s) => (s.statistics[1].arms[0].units = '1000'), 'statistics[1].arms[0].units'],
  [
    'more conversions than units',
    (s) => (s.statistics[1].arms[1].conversions = 1001),
    'statistics[1].arms[1].conversions',
  ],
  [
    'conversions missing',
    (s) => delete s.statistics[1].arms[1].conversions,
    'statistics[1].arms[1].conversions',
  ],
  ['sum missing', (s) => delete s.statistics[0].arms[0].sum, 'statistics[0].arms[0].sum'],
  [
    'negative sum of squares',
    (s) => (s.statistics[0].arms[0].sumSquares = -1),
    'statistics[0].arms[0].sumSquares',
  ],
  [
    'sum of squares impossible for the sum',
    (s) => (s.statistics[0].arms[0].sumSquares = 99_999),
    'statistics[0].arms[0].sumSquares',
  ],
  ['null in a look', (s) => (s.srmLooks[0].units[0] = null), 'srmLooks[0].units[0]'],
  ['look with the wrong arm count', (s) => s.srmLooks[1].units.push(5), 'srmLooks[1].units'],
  ['looks out of time order', (s) => (s.srmLooks[1].at = s.srmLooks[0].at), 'srmLooks[1].at'],
  ['looks that are not cumulative', (s) => (s.srmLooks[2].units[0] = 700), 'srmLooks[2].units[0]'],
];

describe('validateSnapshot refuses', () => {
  test.each(cases)('%s', (_, mutate, field) => {
    const error = refusal(mutate);
    expect(error.code).toBe('invalid-content');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  test('infinity, which JSON.parse makes of 1e999', () => {
    const parsed = JSON.parse(JSON.stringify(testSnapshot()).replace('"sum":10000', '"sum":1e999'));
    expect(() => validateSnapshot(parsed)).toThrow(
      /statistics\[0\]\.arms\[0\]\.sum: must be a finite number/,
    );
  });
});

describe('validateSnapshot accepts', () => {
  test('the worked example as it is', () => {
    expect(validateSnapshot(testSnapshot())).toEqual(testSnapshot());
  });

  test('a running iteration, no looks, optional settings and a zero-weight arm', () => {
    const snapshot = testSnapshot();
    snapshot.iteration.endedAt = null;
    snapshot.srmLooks = [];
    snapshot.settings = {
      credibleMass: 0.95,
      prior: 'flat',
      method: 'monte-carlo',
      draws: 10_000,
      seed: 7,
      winnerThreshold: 0.9,
    };
    snapshot.design.arms[1].split = 0;
    snapshot.design.metrics[0].priorRelativeVariance = 0.1;
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  test('the frequentist settings', () => {
    const snapshot = testSnapshot();
    snapshot.settings = {
      ...snapshot.settings,
      inference: 'sequential',
      confidenceLevel: 0.9,
      sequentialTuning: 2000,
      correction: 'benjamini-hochberg',
      cupedMetrics: ['revenue'],
    };
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  test('CUPED covariate sums on a numeric arm', () => {
    const snapshot = testSnapshot();
    Object.assign(snapshot.statistics[0].arms[1], {
      covariateSum: 9000,
      covariateSumSquares: 100_000,
      covariateCrossSum: 110_000,
    });
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  test('negative metric values (refunds) as long as the statistics are possible', () => {
    const snapshot = testSnapshot();
    snapshot.statistics[0].arms[0] = { units: 2, sum: -3, sumSquares: 5 }; // values −1 and −2
    expect(validateSnapshot(snapshot).statistics[0].arms[0]).toEqual({
      units: 2,
      sum: -3,
      sumSquares: 5,
    });
  });
});

describe('the work a link may ask for', () => {
  // The probe's link: Monte Carlo, 1e8 draws, 100 metrics × 26 arms = 2.6e11 draws of an arm (hours).
  function heavy(draws: number, arms: number, metrics: number, method = 'monte-carlo') {
    const snapshot: any = JSON.parse(JSON.stringify(testSnapshot())); // eslint-disable-line @typescript-eslint/no-explicit-any
    snapshot.settings = { ...snapshot.settings, method, draws };
    const armList = Array.from({ length: arms }, (_, i) => ({ name: `Arm ${i}`, split: 1 }));
    snapshot.design.arms = armList;
    snapshot.design.control = 0;
    snapshot.design.metrics = Array.from({ length: metrics }, (_, m) => ({
      ...snapshot.design.metrics[0],
      key: `m${m}`,
      name: `Metric ${m}`,
    }));
    const stats = snapshot.statistics[0];
    snapshot.statistics = snapshot.design.metrics.map((metric: { key: string }) => ({
      ...stats,
      metric: metric.key,
      arms: armList.map(() => stats.arms[0]),
    }));
    snapshot.srmLooks = [];
    return snapshot;
  }

  test('the probe link is refused at validation with the limit and what to lower', () => {
    let error: unknown;
    try {
      validateSnapshot(heavy(100_000_000, 26, 100));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).field).toBe('settings.draws');
    expect((error as SnapshotError).message).toMatch(/260,000,000,000 .*500,000,000/);
  });

  test('draws × arms × metrics at the limit pass; one more metric does not', () => {
    // 1,000,000 draws × 25 arms × 20 metrics = 5e8, the limit exactly.
    expect(() => validateSnapshot(heavy(1_000_000, 25, 20))).not.toThrow();
    expect(() => validateSnapshot(heavy(1_000_000, 25, 21))).toThrow(SnapshotError);
  });

  test('the exact method draws nothing, so its draws setting costs nothing', () => {
    expect(() => validateSnapshot(heavy(100_000_000, 26, 100, 'exact'))).not.toThrow();
  });

  test('without a draws setting the default (1,000,000) is what the link costs', () => {
    const snapshot = heavy(1, 26, 100);
    delete snapshot.settings.draws;
    expect(() => validateSnapshot(snapshot)).toThrow(/2,600,000,000/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Dataset, Iteration } from './types.ts';
import { baselineChoices, baselineFromData, latestDataset } from './plan-baseline.ts';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 2, 1);

// The control is variation 1 (“Old”), so the arm order in the data is not the design's.
const iteration = (id: string, number: number, createdAt: number) =>
  ({
    id,
    number,
    createdAt,
    environmentKey: 'production',
    experimentId: 'e',
    design: {
      flagVariations: [{ id: 'v-new' }, { id: 'v-old' }],
      controlVariationId: 'v-old',
      treatments: [],
      metrics: [
        { key: 'signup', name: 'Signup', kind: 'conversion', aggregation: 'average' },
        { key: 'revenue', name: 'Revenue', kind: 'numeric', aggregation: 'average' },
        { key: 'clicks', name: '', kind: 'conversion', aggregation: 'average' },
      ],
    },
  }) as unknown as Iteration;

const dataset = (fields: Partial<Dataset> = {}): Dataset =>
  ({
    id: 'd1',
    iterationId: 'it-1',
    experimentId: 'e',
    createdAt: 10,
    arms: [
      { variation: 0, units: 480 },
      { variation: 1, units: 520 },
    ],
    metrics: {
      signup: [
        { variation: 0, units: 480, conversions: 70, sum: 70, sumSquares: 70 },
        { variation: 1, units: 500, conversions: 60, sum: 60, sumSquares: 60 },
      ],
      // The control's four values 2, 4, 4, 6: Σy = 16, Σy² = 72.
      revenue: [
        { variation: 0, units: 3, conversions: 3, sum: 30, sumSquares: 400 },
        { variation: 1, units: 4, conversions: 4, sum: 16, sumSquares: 72 },
      ],
    },
    // Exposures from hour 0 to hour 47 (48 hours = 2 days); an hour counted 0 does not extend it.
    exposuresByHour: [
      { hourStart: T, counts: { 0: 300, 1: 320 } },
      { hourStart: T + 47 * HOUR, counts: { 0: 180, 1: 200 } },
      { hourStart: T + 60 * HOUR, counts: { 0: 0 } },
    ],
    diagnostics: {},
    source: { kind: 'files', files: [] },
    ...fields,
  }) as Dataset;

describe('baselineFromData', () => {
  it('takes a rate from the control’s conversions and the traffic from units over exposure days', () => {
    // 60 of the control's 500 units → 12%; 480 + 520 = 1,000 units over 2 days → 500 a day.
    expect(baselineFromData(iteration('it-1', 1, 1), dataset(), 'signup')).toEqual({
      ok: true,
      baseline: { kind: 'rate', rate: 0.12 },
      trafficPerDay: 500,
      controlUnits: 500,
      exposureDays: 2,
    });
  });

  it('takes a mean and an n − 1 standard deviation from the control’s sums', () => {
    // Mean 16/4 = 4; Σ(y − 4)² = 4 + 0 + 0 + 4 = 8, / 3 → sd √(8/3).
    const found = baselineFromData(iteration('it-1', 1, 1), dataset(), 'revenue');
    if (!found.ok) throw new Error(found.message);
    expect(found.baseline).toEqual({ kind: 'mean', mean: 4, sd: Math.sqrt(8 / 3) });
  });

  it('leaves the traffic out when the data has no exposure times, and says why it cannot help', () => {
    const typed = dataset({ exposuresByHour: [] });
    expect(baselineFromData(iteration('it-1', 1, 1), typed, 'signup')).toMatchObject({
      ok: true,
      trafficPerDay: null,
      exposureDays: null,
    });
    const none = dataset({
      metrics: { signup: [{ variation: 1, units: 500, conversions: 0, sum: 0, sumSquares: 0 }] },
    });
    expect(baselineFromData(iteration('it-1', 1, 1), none, 'signup')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/0% or 100%/),
    });
    expect(baselineFromData(iteration('it-1', 1, 1), dataset(), 'clicks')).toMatchObject({
      ok: false,
    });
  });
});

describe('baselineChoices', () => {
  it('lists each iteration’s metrics that have data, newest iteration first, from its newest dataset', () => {
    const older = dataset({ id: 'd0', createdAt: 5, metrics: {} });
    const second = dataset({
      id: 'd2',
      iterationId: 'it-2',
      metrics: {
        clicks: [{ variation: 1, units: 9, conversions: 1, sum: 1, sumSquares: 1 }],
        signup: [],
      },
    });
    const iterations = [iteration('it-1', 1, 1), iteration('it-2', 2, 2), iteration('it-3', 3, 3)];
    expect(latestDataset([older, dataset()], 'it-1')?.id).toBe('d1');
    expect(baselineChoices(iterations, [older, dataset(), second])).toEqual([
      { iterationId: 'it-2', metricKey: 'clicks', label: 'Iteration 2 (production) · clicks' },
      { iterationId: 'it-1', metricKey: 'signup', label: 'Iteration 1 (production) · Signup' },
      { iterationId: 'it-1', metricKey: 'revenue', label: 'Iteration 1 (production) · Revenue' },
    ]);
  });
});

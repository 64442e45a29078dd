import { expect, test } from 'vitest';
import { primaryMetricIndices, snapshotAnalysisRequest } from './snapshot-analysis.ts';
import { testSnapshot } from './test-snapshot.ts';

test('each metric becomes a worker request with the design and settings applied', () => {
  const request = snapshotAnalysisRequest(testSnapshot(), 'snapshot');
  expect(request.viewKey).toBe('snapshot');
  expect(request.metrics[0]).toEqual({
    key: 'order-value',
    arms: [
      { name: 'Blue (control)', units: 1000, sum: 10_000, sumSquares: 124_975 },
      { name: 'Green', units: 1000, sum: 10_500, sumSquares: 137_262.96 },
    ],
    options: {
      kind: 'numeric',
      direction: 'higher',
      control: 0,
      credibleMass: 0.9,
      prior: 'informative',
      method: 'exact',
    },
  });
  expect(request.metrics[1].options.kind).toBe('conversion');
  expect(request.metrics[1].arms[1]).toEqual({ name: 'Green', units: 1000, conversions: 120 });
  expect(request.srm).toEqual({
    looks: [
      [480, 470],
      [760, 755],
      [1000, 1000],
    ],
    weights: [50, 50],
  });
});

test('a conversion metric summed per unit is a count, analysed with the numeric model', () => {
  const snapshot = testSnapshot();
  snapshot.design.metrics[0].kind = 'conversion';
  expect(snapshotAnalysisRequest(snapshot, 'v').metrics[0].options.kind).toBe('numeric');
});

test('without looks, the SRM test uses the analysed units; settings pass through', () => {
  const snapshot = testSnapshot();
  snapshot.srmLooks = [];
  snapshot.settings = {
    credibleMass: 0.95,
    prior: 'flat',
    method: 'monte-carlo',
    draws: 5000,
    seed: 3,
  };
  snapshot.design.metrics[1].priorRelativeVariance = 0.02;
  const request = snapshotAnalysisRequest(snapshot, 'v');
  expect(request.srm?.looks).toEqual([[1000, 1000]]);
  expect(request.metrics[1].options).toMatchObject({
    credibleMass: 0.95,
    prior: 'flat',
    method: 'monte-carlo',
    draws: 5000,
    seed: 3,
    priorRelativeVariance: 0.02,
  });
});

test('the card shows the primary metrics, or the first when none is primary', () => {
  const snapshot = testSnapshot();
  expect(primaryMetricIndices(snapshot)).toEqual([0]);
  snapshot.design.metrics[0].primary = false;
  expect(primaryMetricIndices(snapshot)).toEqual([0]);
  snapshot.design.metrics[1].primary = true;
  expect(primaryMetricIndices(snapshot)).toEqual([1]);
});

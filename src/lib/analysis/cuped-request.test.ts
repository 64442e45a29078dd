import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAnalysisRequest, type MetricStatistics } from './build-request.ts';

// Written by scripts/reference/frequentist_view_reference.py (expanded from the raw sums).
type Sums = { units: number; sum: number; sumSquares: number } & Record<string, number>;
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/frequentist-view.json', import.meta.url), 'utf8'),
) as {
  statistics: { arm: string; revenue: Sums }[];
  bayesianCuped: { arms: { units: number; sum: number; sumSquares: number }[] };
};

const revenue: MetricStatistics = {
  key: 'revenue',
  kind: 'numeric',
  aggregation: 'average',
  direction: 'higher',
  arms: reference.statistics.map((row) => ({ name: row.arm, ...row.revenue })),
};

function requestArms(metrics: MetricStatistics[], cupedMetrics?: string[]) {
  return buildAnalysisRequest({
    viewKey: 'view',
    control: 0,
    metrics,
    settings: {
      credibleMass: 0.9,
      prior: 'informative',
      method: 'exact',
      priorRelativeVariance: {},
      ...(cupedMetrics ? { cupedMetrics } : {}),
    },
    srm: { looks: [], weights: [1, 1, 1] },
  }).metrics[0].arms;
}

describe('Bayesian CUPED in the analysis request', () => {
  it('feeds the normal model the moments of y − θ(x − x̄), θ and x̄ pooled over every arm', () => {
    const arms = requestArms([revenue], ['revenue']);
    arms.forEach((arm, index) => {
      const expected = reference.bayesianCuped.arms[index];
      expect(arm.units).toBe(expected.units);
      expect(arm.sum).toBeCloseTo(expected.sum, 6);
      expect(arm.sumSquares! / expected.sumSquares).toBeCloseTo(1, 10);
    });
  });

  it('leaves the metric as it is when CUPED is off or the covariate is unknown', () => {
    const plain = requestArms([revenue]);
    expect(plain[1]).toEqual({ name: 'B', ...pick(reference.statistics[1].revenue) });
    const withoutCovariate = {
      ...revenue,
      arms: revenue.arms.map((arm) => ({ name: arm.name, ...pick(arm as unknown as Sums) })),
    };
    expect(requestArms([withoutCovariate], ['revenue'])[0]).toEqual({
      name: 'A',
      ...pick(reference.statistics[0].revenue),
    });
  });
});

function pick(arm: Sums) {
  return { units: arm.units, sum: arm.sum, sumSquares: arm.sumSquares };
}

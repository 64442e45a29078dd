// Analysis requests shared by the worker layer's unit tests, browser tests and benchmark. The numeric
// and conversion arms are the worked examples of docs/statistics.md, plus a third arm each.
import type { AnalysisRequest, MetricRequest } from '../../lib/analysis/types.ts';

export const NUMERIC_ARMS = [
  { name: 'control', units: 1000, mean: 10, sd: 5 },
  { name: 'treatment', units: 1000, mean: 10.5, sd: 5.2 },
  { name: 'treatment B', units: 980, mean: 10.3, sd: 5.1 },
];

export const CONVERSION_ARMS = [
  { name: 'control', units: 1000, conversions: 100 },
  { name: 'treatment', units: 1000, conversions: 120 },
  { name: 'treatment B', units: 1010, conversions: 111 },
];

export function exactMetric(key = 'revenue'): MetricRequest {
  return { key, arms: NUMERIC_ARMS, options: { kind: 'numeric' } };
}

export function monteCarloMetric(
  key: string,
  draws: number,
  seed = 7,
  kind: 'numeric' | 'conversion' = 'conversion',
): MetricRequest {
  const arms = kind === 'numeric' ? NUMERIC_ARMS : CONVERSION_ARMS;
  return { key, arms, options: { kind, method: 'monte-carlo', draws, seed } };
}

/** Numeric and conversion metrics, exact and Monte Carlo, and an SRM check: every result type at once. */
export function fullRequest(viewKey: string, draws = 300_000, seed = 7): AnalysisRequest {
  return {
    viewKey,
    metrics: [
      exactMetric('revenue'),
      { key: 'signup', arms: CONVERSION_ARMS, options: { kind: 'conversion' } },
      monteCarloMetric('signup-mc', draws, seed, 'conversion'),
      monteCarloMetric('revenue-mc', draws, seed, 'numeric'),
    ],
    srm: {
      looks: [
        [480, 500, 490],
        [1000, 1000, 1010],
      ],
      weights: [1, 1, 1],
    },
  };
}

/** One K-arm normal metric with `draws` Monte Carlo draws: the long run of the responsiveness check. */
export function longRunRequest(
  viewKey: string,
  draws: number,
  arms = 5,
  seed = 11,
): AnalysisRequest {
  return {
    viewKey,
    metrics: [
      {
        key: 'long',
        arms: Array.from({ length: arms }, (_, i) => ({
          name: `arm ${i}`,
          units: 5000,
          mean: 10 + i * 0.02,
          sd: 4,
        })),
        options: { kind: 'numeric', method: 'monte-carlo', draws, seed },
      },
    ],
  };
}

import { AGGREGATIONS, METRIC_KINDS, type MetricKindName } from '../metric-kinds/index.ts';
import { describe, expect, it } from 'vitest';
import { buildAnalysisRequest, type RequestInput } from './build-request.ts';

const SETTINGS = { credibleMass: 0.9, prior: 'informative' as const, method: 'exact' as const };

function input(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    viewKey: 'view',
    control: 0,
    metrics: [
      {
        key: 'signup',
        kind: 'conversion',
        aggregation: 'average',
        direction: 'higher',
        arms: [
          { name: 'A', units: 200, conversions: 20, sum: 99, sumSquares: 99 },
          { name: 'B', units: 210, conversions: 30 },
        ],
      },
      {
        key: 'revenue',
        kind: 'numeric',
        aggregation: 'average',
        direction: 'lower',
        arms: [
          { name: 'A', units: 200, sum: 400, sumSquares: 1000 },
          { name: 'B', units: 190, mean: 2.5, sd: 1.5 },
        ],
      },
    ],
    settings: { ...SETTINGS, priorRelativeVariance: {} },
    srm: { looks: [], weights: [50, 50] },
    ...overrides,
  };
}

describe('buildAnalysisRequest', () => {
  it('turns each metric into its model, direction, control and settings', () => {
    const request = buildAnalysisRequest(input({ control: 1 }));
    expect(request.viewKey).toBe('view');
    expect(request.metrics).toEqual([
      {
        key: 'signup',
        // Only what the beta–binomial model reads.
        arms: [
          { name: 'A', units: 200, conversions: 20 },
          { name: 'B', units: 210, conversions: 30 },
        ],
        options: { kind: 'conversion', direction: 'higher', control: 1, ...SETTINGS },
      },
      {
        key: 'revenue',
        arms: [
          { name: 'A', units: 200, sum: 400, sumSquares: 1000 },
          { name: 'B', units: 190, mean: 2.5, sd: 1.5 },
        ],
        options: { kind: 'numeric', direction: 'lower', control: 1, ...SETTINGS },
      },
    ]);
  });

  it('passes draws, seed and γ² only when the settings have them', () => {
    const request = buildAnalysisRequest(
      input({
        settings: {
          credibleMass: 0.8,
          prior: 'flat',
          method: 'monte-carlo',
          draws: 5000,
          seed: 7,
          priorRelativeVariance: { revenue: 0.3 },
        },
      }),
    );
    expect(request.metrics[0].options).toEqual({
      kind: 'conversion',
      direction: 'higher',
      control: 0,
      credibleMass: 0.8,
      prior: 'flat',
      method: 'monte-carlo',
      draws: 5000,
      seed: 7,
    });
    expect(request.metrics[1].options.priorRelativeVariance).toBe(0.3);
  });

  it('reads γ² from the settings’ own keys only', () => {
    const metric = { ...input().metrics[1], key: 'toString' };
    const request = buildAnalysisRequest(input({ metrics: [metric] }));
    expect(request.metrics[0].options.priorRelativeVariance).toBeUndefined();
  });

  it('analyses a conversion metric summed per unit as counts with the numeric model', () => {
    const request = buildAnalysisRequest(
      input({
        metrics: [
          {
            key: 'clicks',
            kind: 'conversion',
            aggregation: 'sum',
            direction: 'higher',
            arms: [{ name: 'A', units: 10, conversions: 4 }],
          },
        ],
      }),
    );
    expect(request.metrics[0].options.kind).toBe('numeric');
    expect(request.metrics[0].arms).toEqual([{ name: 'A', units: 10, sum: 4, sumSquares: 4 }]);
  });

  it('sends the SRM looks and weights as given', () => {
    const looks = [
      [10, 12],
      [30, 29],
    ];
    const request = buildAnalysisRequest(input({ srm: { looks, weights: [0.5, 0.5] } }));
    expect(request.srm).toEqual({ looks, weights: [0.5, 0.5] });
  });

  it('without looks, tests one look of the most units any metric saw per arm', () => {
    // Arm A: 200 in both metrics; arm B: 210 (signup) beats 190 (revenue).
    expect(buildAnalysisRequest(input()).srm).toEqual({ looks: [[200, 210]], weights: [50, 50] });
    expect(buildAnalysisRequest(input({ metrics: [] })).srm?.looks).toEqual([[0, 0]]);
  });
});

// Each registered kind with each aggregation reaches its model with the statistics the model reads: a
// kind added to the registry is covered here without a new test.
describe('every registered metric kind', () => {
  for (const definition of METRIC_KINDS)
    for (const aggregation of AGGREGATIONS)
      it(`${definition.kind}/${aggregation} is sent to its model with what the model reads`, () => {
        const rule = definition.rule(aggregation);
        const arm = (name: string, units: number) => ({
          name,
          units,
          conversions: 2,
          sum: 2,
          sumSquares: 2,
          denominatorSum: 3,
          denominatorSumSquares: 5,
          crossSum: 3,
        });
        const request = buildAnalysisRequest({
          viewKey: 'v',
          control: 0,
          metrics: [
            {
              key: 'm',
              kind: definition.kind as MetricKindName,
              aggregation,
              direction: 'higher',
              arms: [arm('A', 10), arm('B', 20)],
            },
          ],
          settings: {
            credibleMass: 0.9,
            prior: 'informative',
            method: 'exact',
            priorRelativeVariance: {},
          },
          srm: { looks: [], weights: [1, 1] },
        });
        const [metric] = request.metrics;
        expect(metric.options.kind).toBe(rule.model);
        expect(metric.arms.map((a) => a.units)).toEqual([10, 20]);
        // A ratio's model reads the delta-method estimate as a mean and a per-unit sd.
        const read =
          rule.model === 'conversion'
            ? ['conversions']
            : rule.statistics.includes('denominatorSum')
              ? ['mean', 'sd']
              : ['sum', 'sumSquares'];
        for (const a of metric.arms)
          expect(Object.keys(a).sort()).toEqual(['name', 'units', ...read].sort());
      });
});

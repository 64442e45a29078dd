import { describe, expect, it } from 'vitest';
import { decisionFor, guardrailRows } from './decision-view.ts';
import type { ResultsInput, ResultsMetric } from './results-input.ts';
import type { MetricAnalysis, MetricArmResult } from '../../lib/analysis/types.ts';
import { defaultAnalysisSettings } from '../../lib/analysis/settings.ts';

const arm = (name: string, fields: Partial<MetricArmResult>): MetricArmResult => ({
  name,
  status: 'ok',
  posterior: { family: 'normal', mean: 1, sd: 0.1 },
  posteriorMean: 1,
  credibleInterval: [0.8, 1.2],
  relativeDifference: null,
  probabilityToBeatControl: null,
  probabilityToBeBest: 0.5,
  expectedLoss: 0.01,
  expectedLossRelative: 0.01,
  ...fields,
});

const metric = (key: string, fields: Partial<ResultsMetric>): ResultsMetric => ({
  key,
  name: key,
  kind: 'conversion',
  aggregation: 'average',
  direction: 'higher',
  primary: false,
  arms: [
    { name: 'A', units: 1000, conversions: 100 },
    { name: 'B', units: 1000, conversions: 120 },
  ],
  ...fields,
});

const input: ResultsInput = {
  viewKey: 'x',
  hypothesis: '',
  armNames: ['A', 'B'],
  controlIndex: 0,
  weights: [50, 50],
  metrics: [
    metric('signup', { primary: true }),
    metric('latency', { direction: 'lower', guardrailMargin: 0.02 }),
    metric('revenue', { kind: 'numeric' }),
  ],
  exposures: [],
  unitsInSeveralArms: 0,
};

const rd = (mean: number, sd: number) => ({
  mean,
  sd,
  credibleInterval: [0, 0] as [number, number],
});
const signup: MetricAnalysis = {
  key: 'signup',
  arms: [
    arm('A', { probabilityToBeBest: 0.01, expectedLossRelative: 0.2 }),
    arm('B', {
      probabilityToBeBest: 0.99,
      expectedLossRelative: 0.0001,
      relativeDifference: rd(0.2, 0.05),
    }),
  ],
};
// Latency +3% ± 1% with a 2% margin, lower is better: P(worse) = Φ((0.03 − 0.02)/0.01) = Φ(1).
const latency: MetricAnalysis = {
  key: 'latency',
  arms: [arm('A', {}), arm('B', { relativeDifference: rd(0.03, 0.01) })],
};

describe('decisionFor', () => {
  it('reads roles from the design: the latency guardrail blocks shipping B', () => {
    const decision = decisionFor(input, [signup, latency, null], false, defaultAnalysisSettings());
    expect(decision.verdict).toBe('keep-running');
    expect(decision.reasons.map((r) => r.code)).toEqual(['guardrail-harmed']);
    expect(decision.sentence).toContain(
      'guardrail latency may be worse than its −2% margin under B (84.1% probability',
    );
  });

  it('ships B once the guardrail holds; units per arm come from the metrics', () => {
    const fine = {
      ...latency,
      arms: [latency.arms[0], { ...latency.arms[1], relativeDifference: rd(-0.01, 0.005) }],
    };
    expect(decisionFor(input, [signup, fine, null], false, defaultAnalysisSettings()).verdict).toBe(
      'ship',
    );
    expect(
      decisionFor(input, [signup, fine, null], false, {
        ...defaultAnalysisSettings(),
        minimumUnitsPerArm: 1001,
      }).reasons[0],
    ).toEqual({ code: 'not-enough-data', arms: ['A', 'B'], minimumUnits: 1001 });
  });

  it('works with settings stored before the decision thresholds existed (defaults fill them)', () => {
    const {
      caringThreshold: _c,
      guardrailThreshold: _g,
      minimumUnitsPerArm: _m,
      ...old
    } = defaultAnalysisSettings();
    expect(
      decisionFor(input, [signup, latency, null], true, old).reasons.map((r) => r.code),
    ).toEqual(['sample-ratio-mismatch', 'guardrail-harmed']);
  });
});

describe('guardrailRows', () => {
  it('marks the harmed treatment arm of a guardrail, and nothing for other roles', () => {
    const rows = guardrailRows(input.metrics[1], latency, 0, defaultAnalysisSettings());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ arm: 1, harmed: true, margin: 0.02 });
    expect(rows[0].probabilityWorse).toBeCloseTo(0.841344746068543, 14);
    expect(guardrailRows(input.metrics[0], signup, 0, defaultAnalysisSettings())).toEqual([]);
  });
});

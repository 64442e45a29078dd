import { describe, expect, it } from 'vitest';
import {
  decide,
  guardrailChecks,
  probabilityWorseThanMargin,
  type DecisionInput,
  type DecisionMetric,
} from './decision.ts';
import type { MetricArmResult } from './types.ts';
import type { DecisionThresholds } from './settings.ts';

const thresholds: DecisionThresholds = {
  winnerThreshold: 0.95,
  caringThreshold: 0.0025,
  guardrailThreshold: 0.05,
  minimumUnitsPerArm: 100,
};

function arm(name: string, fields: Partial<MetricArmResult> = {}): MetricArmResult {
  return {
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
  };
}

const rd = (mean: number, sd: number) => ({
  mean,
  sd,
  credibleInterval: [0, 0] as [number, number],
});

/** Control A, treatment B leading clearly on the primary, a latency guardrail that holds. */
function shippable(): DecisionInput {
  const primary: DecisionMetric = {
    key: 'checkout',
    name: 'Checkout',
    role: 'primary',
    direction: 'higher',
    analysis: {
      key: 'checkout',
      arms: [
        arm('A', { probabilityToBeBest: 0.02, expectedLossRelative: 0.04 }),
        arm('B', {
          probabilityToBeBest: 0.98,
          expectedLossRelative: 0.0004,
          relativeDifference: rd(0.04, 0.015),
        }),
      ],
    },
  };
  const latency: DecisionMetric = {
    key: 'latency',
    name: 'Latency',
    role: 'guardrail',
    direction: 'lower',
    guardrailMargin: 0.01,
    analysis: {
      key: 'latency',
      arms: [arm('A'), arm('B', { relativeDifference: rd(-0.01, 0.005) })],
    },
  };
  const secondary: DecisionMetric = {
    key: 'revenue',
    name: 'Revenue',
    role: 'secondary',
    direction: 'higher',
    analysis: null,
  };
  return {
    metrics: [primary, latency, secondary],
    armNames: ['A', 'B'],
    controlIndex: 0,
    armUnits: [5000, 5000],
    srmAlert: false,
    thresholds,
  };
}

function withPrimaryArms(input: DecisionInput, arms: MetricArmResult[]): DecisionInput {
  const [primary, ...rest] = input.metrics;
  return { ...input, metrics: [{ ...primary, analysis: { key: primary.key, arms } }, ...rest] };
}

describe('probabilityWorseThanMargin', () => {
  it('higher is better: Φ((−m − r)/s), by hand Φ(−1) for r = −0.5%, s = 0.5%, m = 1%', () => {
    const p = probabilityWorseThanMargin({ relativeDifference: rd(-0.005, 0.005) }, 'higher', 0.01);
    expect(p).toBeCloseTo(0.158655253931457, 14);
  });

  it('lower is better: Φ((r − m)/s), by hand Φ(1) for r = +2%, s = 1%, m = 1%', () => {
    const p = probabilityWorseThanMargin({ relativeDifference: rd(0.02, 0.01) }, 'lower', 0.01);
    expect(p).toBeCloseTo(0.841344746068543, 14);
  });

  it('a zero margin is "worse at all"; no relative difference is unknown; a zero sd is certain', () => {
    expect(probabilityWorseThanMargin({ relativeDifference: rd(0, 0.01) }, 'higher', 0)).toBe(0.5);
    expect(probabilityWorseThanMargin({ relativeDifference: null }, 'higher', 0.01)).toBeNull();
    expect(probabilityWorseThanMargin({ relativeDifference: rd(-0.02, 0) }, 'higher', 0.01)).toBe(
      1,
    );
    expect(probabilityWorseThanMargin({ relativeDifference: rd(-0.005, 0) }, 'higher', 0.01)).toBe(
      0,
    );
  });
});

describe('guardrailChecks', () => {
  it('checks every treatment arm, never the control, and marks harm above the threshold', () => {
    const input = shippable();
    const latency = input.metrics[1];
    const checks = guardrailChecks(
      {
        ...latency,
        analysis: {
          key: 'latency',
          arms: [...latency.analysis!.arms, arm('C', { relativeDifference: rd(0.03, 0.01) })],
        },
      },
      0,
      0.05,
    );
    expect(checks.map((c) => [c.arm, c.harmed])).toEqual([
      [1, false],
      [2, true],
    ]);
    // C: Φ((0.03 − 0.01)/0.01) = Φ(2)
    expect(checks[1].probabilityWorse).toBeCloseTo(0.977249868051821, 14);
  });
});

describe('decide', () => {
  it('ships the leader when every condition holds, in one plain sentence', () => {
    const decision = decide(shippable());
    expect(decision.verdict).toBe('ship');
    expect(decision.reasons).toEqual([]);
    expect(decision.leader).toEqual({ index: 1, name: 'B', probabilityToBeBest: 0.98 });
    // Latency: Φ((−0.01 − 0.01)/0.005) = Φ(−4) ≈ 3.2e-5, far below 5%.
    expect(decision.guardrails[0].probabilityWorse).toBeCloseTo(3.16712418331199e-5, 15);
    expect(decision.sentence).toBe(
      'Ship B: 98.0% probability to be best on Checkout, expected loss 0.04%, and the guardrail holds.',
    );
  });

  it('keeps running when the leader is not clearly best', () => {
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const decision = decide(
      withPrimaryArms(input, [
        { ...arms[0], probabilityToBeBest: 0.1 },
        { ...arms[1], probabilityToBeBest: 0.9 },
      ]),
    );
    expect(decision.verdict).toBe('keep-running');
    expect(decision.reasons).toEqual([
      { code: 'no-clear-leader', arm: 'B', probabilityToBeBest: 0.9, threshold: 0.95 },
    ]);
    expect(decision.sentence).toBe(
      'Keep running: B leads with 90.0% probability to be best, not above the 95.0% threshold.',
    );
  });

  it('keeps running when the expected loss is not below the threshold of caring', () => {
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const decision = decide(
      withPrimaryArms(input, [arms[0], { ...arms[1], expectedLossRelative: 0.003 }]),
    );
    expect(decision.reasons).toEqual([
      { code: 'expected-loss-too-high', arm: 'B', expectedLossRelative: 0.003, threshold: 0.0025 },
    ]);
    expect(decision.sentence).toMatch(
      /expected loss of 0\.3% of the control, not below the 0\.25% threshold of caring/,
    );
  });

  it('keeps running when the expected loss relative to the control is unknown', () => {
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const decision = decide(
      withPrimaryArms(input, [arms[0], { ...arms[1], expectedLossRelative: null }]),
    );
    expect(decision.reasons.map((r) => r.code)).toEqual(['expected-loss-unknown']);
  });

  it('keeps running when a guardrail is harmed beyond its margin', () => {
    const input = shippable();
    const latency = input.metrics[1];
    // Latency up 1.5% ± 1% with a 1% margin: Φ((0.015 − 0.01)/0.01) = Φ(0.5) ≈ 69.1% > 5%.
    const harmed: DecisionMetric = {
      ...latency,
      analysis: {
        key: 'latency',
        arms: [arm('A'), arm('B', { relativeDifference: rd(0.015, 0.01) })],
      },
    };
    const decision = decide({ ...input, metrics: [input.metrics[0], harmed] });
    expect(decision.verdict).toBe('keep-running');
    expect(decision.reasons).toHaveLength(1);
    const reason = decision.reasons[0];
    expect(reason.code).toBe('guardrail-harmed');
    if (reason.code !== 'guardrail-harmed') return;
    expect(reason.probabilityWorse).toBeCloseTo(0.691462461274013, 14);
    expect(decision.sentence).toBe(
      'Keep running: guardrail Latency may be worse than its −1% margin under B (69.1% probability, above 5.0%).',
    );
  });

  it('keeps running when a guardrail cannot be checked (its analysis failed or has no difference)', () => {
    const input = shippable();
    const failed = { ...input.metrics[1], analysis: null };
    expect(decide({ ...input, metrics: [input.metrics[0], failed] }).reasons).toEqual([
      { code: 'guardrail-unknown', metric: 'Latency', arm: 'B' },
    ]);
  });

  it('keeps running when the sample ratio mismatch alerts', () => {
    const decision = decide({ ...shippable(), srmAlert: true });
    expect(decision.reasons).toEqual([{ code: 'sample-ratio-mismatch' }]);
    expect(decision.sentence).toMatch(/^Keep running: the sample ratio does not match the design/);
  });

  it('keeps running when an arm has too few units or too little data to analyse', () => {
    expect(decide({ ...shippable(), armUnits: [5000, 99] }).reasons).toEqual([
      { code: 'not-enough-data', arms: ['B'], minimumUnits: 100 },
    ]);
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const thinControl = withPrimaryArms(input, [
      { ...arms[0], status: 'insufficient-data' },
      arms[1],
    ]);
    expect(decide(thinControl).reasons).toEqual([
      { code: 'not-enough-data', arms: ['A'], minimumUnits: 100 },
    ]);
  });

  it('lists every blocking reason at once, in the rule order', () => {
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const decision = decide({
      ...withPrimaryArms(input, [
        arms[0],
        { ...arms[1], probabilityToBeBest: 0.6, expectedLossRelative: 0.02 },
      ]),
      srmAlert: true,
      armUnits: [50, 5000],
    });
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'not-enough-data',
      'sample-ratio-mismatch',
      'no-clear-leader',
      'expected-loss-too-high',
    ]);
    expect(decision.sentence.split('; ')).toHaveLength(4);
  });

  it('rolls back when the control is best with the same confidence, guardrails aside', () => {
    const input = shippable();
    const decision = decide(
      withPrimaryArms(input, [
        arm('A', { probabilityToBeBest: 0.97, expectedLossRelative: 0.001 }),
        arm('B', {
          probabilityToBeBest: 0.03,
          expectedLossRelative: 0.05,
          relativeDifference: rd(-0.05, 0.02),
        }),
      ]),
    );
    expect(decision.verdict).toBe('roll-back');
    expect(decision.guardrails).toEqual([]);
    expect(decision.sentence).toBe(
      'Roll back to A: it is best on Checkout with 97.0% probability, expected loss 0.1%.',
    );
  });

  it('keeps running, not rolling back, when the control leads without the confidence', () => {
    const input = shippable();
    const decision = decide(
      withPrimaryArms(input, [
        arm('A', { probabilityToBeBest: 0.7, expectedLossRelative: 0.001 }),
        arm('B', { probabilityToBeBest: 0.3, relativeDifference: rd(-0.01, 0.02) }),
      ]),
    );
    expect(decision.verdict).toBe('keep-running');
    expect(decision.reasons.map((r) => r.code)).toEqual(['no-clear-leader']);
  });

  it('has nothing to decide without a primary metric or when the primary failed', () => {
    const input = shippable();
    expect(decide({ ...input, metrics: input.metrics.slice(1) }).reasons).toEqual([
      { code: 'no-primary-metric' },
    ]);
    const failed = { ...input.metrics[0], analysis: null };
    const decision = decide({ ...input, metrics: [failed, ...input.metrics.slice(1)] });
    expect(decision.reasons).toEqual([{ code: 'primary-unavailable', metric: 'Checkout' }]);
    expect(decision.sentence).toBe('Keep running: Checkout could not be analysed.');
  });

  it('uses the given thresholds: a lower winner threshold ships what 95% would not', () => {
    const input = shippable();
    const arms = input.metrics[0].analysis!.arms;
    const lenient = withPrimaryArms(input, [arms[0], { ...arms[1], probabilityToBeBest: 0.9 }]);
    expect(decide(lenient).verdict).toBe('keep-running');
    expect(
      decide({ ...lenient, thresholds: { ...thresholds, winnerThreshold: 0.85 } }).verdict,
    ).toBe('ship');
  });
});

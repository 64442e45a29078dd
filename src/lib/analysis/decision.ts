// The decision rule (docs/statistics.md#the-decision-rule): ship the leading arm, roll back to the
// control, or keep running and say what blocks. Pure: it reads an analysis the engine already returned.
import { normalCdf } from '../stats/special/index.ts';
import type { Direction } from '../stats/types.ts';
import type { DecisionThresholds } from './settings.ts';
import type { MetricAnalysis, MetricArmResult } from './types.ts';

/** The metric roles of the design (src/lib/domain/types.ts MetricRole), restated: analysis does not import domain. */
export type DecisionMetricRole = 'primary' | 'secondary' | 'guardrail';

/** One metric as the rule sees it: its role, direction, margin (guardrails) and analysis (null if it failed). */
export type DecisionMetric = {
  key: string;
  name: string;
  role: DecisionMetricRole;
  direction: Direction;
  /** Relative non-inferiority margin ≥ 0 of a guardrail, e.g. 0.01 for "no worse than −1%". */
  guardrailMargin?: number;
  analysis: MetricAnalysis | null;
};

export type DecisionInput = {
  metrics: readonly DecisionMetric[];
  armNames: readonly string[];
  controlIndex: number;
  /** Units per arm, in arm order. */
  armUnits: readonly number[];
  srmAlert: boolean;
  thresholds: DecisionThresholds;
};

export type GuardrailCheck = {
  metricKey: string;
  metricName: string;
  arm: number;
  margin: number;
  /** P(the arm is worse than the margin), from the relative difference's normal approximation; null when unknown. */
  probabilityWorse: number | null;
  harmed: boolean;
};

export type BlockingReason =
  | { code: 'no-primary-metric' }
  | { code: 'primary-unavailable'; metric: string }
  | { code: 'not-enough-data'; arms: string[]; minimumUnits: number }
  | { code: 'sample-ratio-mismatch' }
  | { code: 'no-clear-leader'; arm: string; probabilityToBeBest: number; threshold: number }
  | { code: 'expected-loss-too-high'; arm: string; expectedLossRelative: number; threshold: number }
  | { code: 'expected-loss-unknown'; arm: string }
  | {
      code: 'guardrail-harmed';
      metric: string;
      arm: string;
      margin: number;
      probabilityWorse: number;
      threshold: number;
    }
  | { code: 'guardrail-unknown'; metric: string; arm: string };

export type DecisionVerdict = 'ship' | 'roll-back' | 'keep-running';

export type Decision = {
  verdict: DecisionVerdict;
  /** The primary metric's leading arm (the one shipped, or the control rolled back to); null without one. */
  leader: { index: number; name: string; probabilityToBeBest: number } | null;
  /** The primary metric's name; null without a primary metric. */
  metric: string | null;
  /** Empty for ship and roll back; why the experiment keeps running otherwise, in the rule's order. */
  reasons: BlockingReason[];
  /** Each guardrail checked against the leading arm (treatment leaders only). */
  guardrails: GuardrailCheck[];
  sentence: string;
};

/**
 * P(the arm's relative difference is worse than −margin), "worse" by the metric's direction:
 * Φ((−m − r)/s) when higher is better, Φ((r − m)/s) when lower is better; null without a difference.
 */
export function probabilityWorseThanMargin(
  arm: Pick<MetricArmResult, 'relativeDifference'>,
  direction: Direction,
  margin: number,
): number | null {
  const difference = arm.relativeDifference;
  if (!difference || !Number.isFinite(difference.mean) || !Number.isFinite(difference.sd))
    return null;
  const { mean, sd } = difference;
  if (sd === 0) {
    const worse = direction === 'higher' ? mean < -margin : mean > margin;
    return worse ? 1 : 0;
  }
  return direction === 'higher'
    ? normalCdf((-margin - mean) / sd)
    : normalCdf((mean - margin) / sd);
}

/** Every treatment arm of a guardrail metric against its margin (the control has nothing to compare). */
export function guardrailChecks(
  metric: DecisionMetric,
  controlIndex: number,
  guardrailThreshold: number,
): GuardrailCheck[] {
  if (metric.role !== 'guardrail' || !metric.analysis) return [];
  const margin = metric.guardrailMargin ?? 0;
  return metric.analysis.arms.flatMap((arm, index) => {
    if (index === controlIndex) return [];
    const probabilityWorse = probabilityWorseThanMargin(arm, metric.direction, margin);
    return [
      {
        metricKey: metric.key,
        metricName: metric.name,
        arm: index,
        margin,
        probabilityWorse,
        harmed: probabilityWorse !== null && probabilityWorse > guardrailThreshold,
      },
    ];
  });
}

function leadingArmOf(analysis: MetricAnalysis): { index: number; arm: MetricArmResult } | null {
  let best: { index: number; arm: MetricArmResult } | null = null;
  analysis.arms.forEach((arm, index) => {
    if (arm.status !== 'ok' || !Number.isFinite(arm.probabilityToBeBest)) return;
    if (!best || arm.probabilityToBeBest > best.arm.probabilityToBeBest) best = { index, arm };
  });
  return best;
}

/** Ship, roll back or keep running, with every reason that blocks. */
export function decide(input: DecisionInput): Decision {
  const { thresholds, armNames, controlIndex } = input;
  const primary = input.metrics.find((m) => m.role === 'primary');
  const keepRunning = (
    reasons: BlockingReason[],
    leader: Decision['leader'] = null,
    guardrails: GuardrailCheck[] = [],
  ): Decision => {
    const decision = {
      verdict: 'keep-running' as const,
      leader,
      metric: primary?.name ?? null,
      reasons,
      guardrails,
    };
    return { ...decision, sentence: decisionSentence(decision) };
  };
  if (!primary) return keepRunning([{ code: 'no-primary-metric' }]);
  const analysis = primary.analysis;
  const found = analysis ? leadingArmOf(analysis) : null;
  if (!analysis || !found)
    return keepRunning([{ code: 'primary-unavailable', metric: primary.name }]);

  const reasons: BlockingReason[] = [];
  const thin = armNames.filter(
    (_, index) =>
      (input.armUnits[index] ?? 0) < thresholds.minimumUnitsPerArm ||
      analysis.arms[index]?.status !== 'ok',
  );
  if (thin.length > 0)
    reasons.push({
      code: 'not-enough-data',
      arms: thin,
      minimumUnits: thresholds.minimumUnitsPerArm,
    });
  if (input.srmAlert) reasons.push({ code: 'sample-ratio-mismatch' });

  const { index, arm } = found;
  const name = armNames[index] ?? arm.name;
  const leader = { index, name, probabilityToBeBest: arm.probabilityToBeBest };
  if (!(arm.probabilityToBeBest > thresholds.winnerThreshold))
    reasons.push({
      code: 'no-clear-leader',
      arm: name,
      probabilityToBeBest: arm.probabilityToBeBest,
      threshold: thresholds.winnerThreshold,
    });
  const loss = arm.expectedLossRelative;
  if (loss === null || !Number.isFinite(loss))
    reasons.push({ code: 'expected-loss-unknown', arm: name });
  else if (!(loss < thresholds.caringThreshold))
    reasons.push({
      code: 'expected-loss-too-high',
      arm: name,
      expectedLossRelative: loss,
      threshold: thresholds.caringThreshold,
    });

  const isControl = index === controlIndex;
  const guardrails = isControl
    ? []
    : input.metrics.flatMap((metric) => {
        if (metric.role !== 'guardrail') return [];
        const check = guardrailChecks(metric, controlIndex, thresholds.guardrailThreshold).find(
          (c) => c.arm === index,
        );
        if (check) return [check];
        return [
          {
            metricKey: metric.key,
            metricName: metric.name,
            arm: index,
            margin: metric.guardrailMargin ?? 0,
            probabilityWorse: null,
            harmed: false,
          },
        ];
      });
  for (const check of guardrails) {
    if (check.probabilityWorse === null)
      reasons.push({ code: 'guardrail-unknown', metric: check.metricName, arm: name });
    else if (check.harmed)
      reasons.push({
        code: 'guardrail-harmed',
        metric: check.metricName,
        arm: name,
        margin: check.margin,
        probabilityWorse: check.probabilityWorse,
        threshold: thresholds.guardrailThreshold,
      });
  }

  if (reasons.length > 0) return keepRunning(reasons, leader, guardrails);
  const decision = {
    verdict: isControl ? ('roll-back' as const) : ('ship' as const),
    leader,
    metric: primary.name,
    reasons,
    guardrails,
  };
  return { ...decision, sentence: decisionSentence(decision, arm) };
}

/** A probability or a relative amount as a percentage with one decimal, never "100%" or "0%" for what is not. */
export function percent(value: number): string {
  if (value > 0.999 && value < 1) return '>99.9%';
  if (value < 0.001 && value > 0) return '<0.1%';
  return `${(value * 100).toFixed(1)}%`;
}

/** A relative amount as a percentage with up to two decimals: 0.0025 → "0.25%". */
function smallPercent(value: number): string {
  return `${Number((value * 100).toFixed(2))}%`;
}

/** One plain reason, as it ends "Keep running: …". */
export function reasonText(reason: BlockingReason): string {
  switch (reason.code) {
    case 'no-primary-metric':
      return 'the design has no primary metric to decide on';
    case 'primary-unavailable':
      return `${reason.metric} could not be analysed`;
    case 'not-enough-data':
      return `${reason.arms.join(', ')} ${reason.arms.length === 1 ? 'has' : 'have'} too little data (at least ${reason.minimumUnits.toLocaleString('en-US')} units per arm)`;
    case 'sample-ratio-mismatch':
      return 'the sample ratio does not match the design, so the results are not trustworthy';
    case 'no-clear-leader':
      return `${reason.arm} leads with ${percent(reason.probabilityToBeBest)} probability to be best, not above the ${percent(reason.threshold)} threshold`;
    case 'expected-loss-too-high':
      return `choosing ${reason.arm} still risks an expected loss of ${smallPercent(reason.expectedLossRelative)} of the control, not below the ${smallPercent(reason.threshold)} threshold of caring`;
    case 'expected-loss-unknown':
      return `the expected loss of ${reason.arm} relative to the control is unknown (the control's mean is 0)`;
    case 'guardrail-harmed':
      return `guardrail ${reason.metric} may be worse than its −${smallPercent(reason.margin)} margin under ${reason.arm} (${percent(reason.probabilityWorse)} probability, above ${percent(reason.threshold)})`;
    case 'guardrail-unknown':
      return `guardrail ${reason.metric} cannot be checked for ${reason.arm} (no relative difference)`;
  }
}

/** The decision in one plain sentence (the summary line, exports and the embed card use it). */
export function decisionSentence(
  decision: Pick<Decision, 'verdict' | 'leader' | 'metric' | 'reasons' | 'guardrails'>,
  leaderResult?: Pick<MetricArmResult, 'expectedLossRelative'>,
): string {
  const { leader, metric } = decision;
  if (decision.verdict === 'keep-running' || !leader || !metric) {
    const reasons = decision.reasons.map(reasonText);
    const text = reasons.length > 0 ? reasons.join('; ') : 'no reason to decide yet';
    return `Keep running: ${text}.`;
  }
  const loss = leaderResult?.expectedLossRelative;
  const lossText =
    loss === null || loss === undefined ? '' : `, expected loss ${smallPercent(loss)}`;
  if (decision.verdict === 'roll-back')
    return `Roll back to ${leader.name}: it is best on ${metric} with ${percent(leader.probabilityToBeBest)} probability${lossText}.`;
  const guardrails = decision.guardrails.length;
  const guardrailText =
    guardrails === 0
      ? ''
      : guardrails === 1
        ? ', and the guardrail holds'
        : `, and all ${guardrails} guardrails hold`;
  return `Ship ${leader.name}: ${percent(leader.probabilityToBeBest)} probability to be best on ${metric}${lossText}${guardrailText}.`;
}

// The Results tab's decision: the rule of src/lib/analysis/decision.ts applied to what is on screen.
import {
  decide,
  guardrailChecks,
  type Decision,
  type DecisionMetric,
  type GuardrailCheck,
} from '../../lib/analysis/decision.ts';
import { decisionThresholds } from '../../lib/analysis/settings.ts';
import type { MetricAnalysis } from '../../lib/analysis/types.ts';
import { metricRole, type AnalysisSettings } from '../../lib/domain/types.ts';
import { armUnits } from './health-checks.ts';
import type { ResultsInput, ResultsMetric } from './results-input.ts';

function decisionMetric(metric: ResultsMetric, analysis: MetricAnalysis | null): DecisionMetric {
  return {
    key: metric.key,
    name: metric.name,
    role: metricRole(metric),
    direction: metric.direction,
    ...(metric.guardrailMargin !== undefined && { guardrailMargin: metric.guardrailMargin }),
    analysis,
  };
}

/** The decision for the shown results; `analyses` is in the order of `input.metrics` (null: failed or pending). */
export function decisionFor(
  input: ResultsInput,
  analyses: readonly (MetricAnalysis | null)[],
  srmAlert: boolean,
  settings: Partial<AnalysisSettings>,
): Decision {
  return decide({
    metrics: input.metrics.map((metric, i) => decisionMetric(metric, analyses[i] ?? null)),
    armNames: input.armNames,
    controlIndex: input.controlIndex,
    armUnits: armUnits(input),
    srmAlert,
    thresholds: decisionThresholds(settings),
  });
}

/** A guardrail metric's check per treatment arm (empty for other roles), for marking its rows. */
export function guardrailRows(
  metric: ResultsMetric,
  analysis: MetricAnalysis | null,
  controlIndex: number,
  settings: Partial<AnalysisSettings>,
): GuardrailCheck[] {
  return guardrailChecks(
    decisionMetric(metric, analysis),
    controlIndex,
    decisionThresholds(settings).guardrailThreshold,
  );
}

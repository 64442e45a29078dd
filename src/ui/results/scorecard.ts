// The scorecard: every metric × every treatment arm on one screen, grouped by the metric's role, each
// row coloured (and labelled) by the decision. Pure: it reads analyses the Results tab already has.
import type { Decision, GuardrailCheck } from '../../lib/analysis/decision.ts';
import type { MetricAnalysis } from '../../lib/analysis/types.ts';
import { metricRole, type AnalysisSettings, type MetricRole } from '../../lib/domain/types.ts';
import {
  columnSpan,
  formatLoss,
  formatProbability,
  formatRelative,
  formatRelativeInterval,
  formatValue,
  lossDecimals,
  MISSING,
  type ValueUnit,
} from '../../lib/format/index.ts';
import { valueUnit } from '../../lib/metric-kinds/index.ts';
import { guardrailRows } from './decision-view.ts';
import type { ResultsMetric } from './results-input.ts';

/** positive: the arm the decision ships; negative: a harmed guardrail; neutral: everything else. */
export type ScorecardTone = 'positive' | 'negative' | 'neutral';

export type ScorecardRow = {
  /** Unique within the scorecard: metric key and arm index. */
  id: string;
  metricKey: string;
  metricName: string;
  role: MetricRole;
  arm: number;
  armName: string;
  unit: ValueUnit;
  /** Formatted with the detailed table's precision for this metric, so both show the same text. */
  value: string;
  controlValue: string;
  /** The relative difference from control, raw for the bar and formatted for reading. */
  relativeMean: number | null;
  relativeInterval: [number, number] | null;
  relative: string;
  relativeIntervalText: string;
  beatControl: string;
  best: string;
  loss: string;
  tone: ScorecardTone;
  /** The decision in a word or two (the colour is never the only sign); '' when there is nothing to say. */
  label: string;
  /** Why the row has no numbers, when it has none. */
  note?: string;
};

export type ScorecardGroup = { role: MetricRole; title: string; rows: ScorecardRow[] };

const GROUPS: readonly { role: MetricRole; title: string }[] = [
  { role: 'primary', title: 'Primary' },
  { role: 'secondary', title: 'Secondary' },
  { role: 'guardrail', title: 'Guardrails' },
];

export type ScorecardInput = {
  metrics: readonly ResultsMetric[];
  /** In the order of `metrics`; null: the metric failed or is still being analysed. */
  analyses: readonly (MetricAnalysis | null)[];
  /** Why a metric failed, by metric key, when it did. */
  errors?: ReadonlyMap<string, string>;
  armNames: readonly string[];
  controlIndex: number;
  /** The decision on the shown results; null while it is not known. */
  decision: Decision | null;
  settings: Partial<AnalysisSettings>;
};

function toneAndLabel(
  role: MetricRole,
  arm: number,
  decision: Decision | null,
  check: GuardrailCheck | undefined,
): { tone: ScorecardTone; label: string } {
  if (check?.harmed) return { tone: 'negative', label: 'Guardrail harmed' };
  if (check && check.probabilityWorse !== null) return { tone: 'neutral', label: 'Within margin' };
  if (role !== 'primary' || !decision?.leader) return { tone: 'neutral', label: '' };
  if (decision.verdict === 'ship' && decision.leader.index === arm)
    return { tone: 'positive', label: 'Ships' };
  if (decision.verdict === 'roll-back') return { tone: 'neutral', label: 'Control best' };
  if (decision.verdict === 'keep-running' && decision.leader.index === arm)
    return { tone: 'neutral', label: 'Leads' };
  return { tone: 'neutral', label: '' };
}

function metricRows(
  metric: ResultsMetric,
  analysis: MetricAnalysis | null,
  input: ScorecardInput,
): ScorecardRow[] {
  const role = metricRole(metric);
  const unit = valueUnit(metric);
  const { controlIndex } = input;
  const arms = analysis?.arms ?? [];
  // One precision per column within a metric, computed as the detailed table does.
  const meanSpan = columnSpan(arms.map((a) => (a.status === 'ok' ? a.credibleInterval : null)));
  const relativeSpan = columnSpan(arms.map((a) => a.relativeDifference?.credibleInterval));
  const lossPlaces = lossDecimals(
    arms.map((a) => a.expectedLoss),
    unit,
  );
  const control = arms[controlIndex];
  const controlValue =
    control?.status === 'ok' ? formatValue(control.posteriorMean, unit, meanSpan) : MISSING;
  const checks = guardrailRows(metric, analysis, controlIndex, input.settings);
  const failure = analysis
    ? undefined
    : (input.errors?.get(metric.key) ?? 'This metric could not be analysed.');

  return input.armNames.flatMap((armName, index): ScorecardRow[] => {
    if (index === controlIndex) return [];
    const result = arms[index];
    const difference = result?.relativeDifference ?? null;
    const ok = result?.status === 'ok';
    const note = failure ?? (result && !ok ? (result.note ?? 'Not enough data.') : undefined);
    return [
      {
        id: `${metric.key}:${index}`,
        metricKey: metric.key,
        metricName: metric.name,
        role,
        arm: index,
        armName,
        unit,
        value: ok ? formatValue(result.posteriorMean, unit, meanSpan) : MISSING,
        controlValue,
        relativeMean: difference?.mean ?? null,
        relativeInterval: difference ? [...difference.credibleInterval] : null,
        relative: formatRelative(difference?.mean, relativeSpan),
        relativeIntervalText: formatRelativeInterval(difference?.credibleInterval, relativeSpan),
        beatControl: formatProbability(result?.probabilityToBeatControl),
        best: formatProbability(result?.probabilityToBeBest),
        loss: result ? formatLoss(result.expectedLoss, unit, lossPlaces) : MISSING,
        ...toneAndLabel(
          role,
          index,
          input.decision,
          checks.find((check) => check.arm === index),
        ),
        ...(note !== undefined && { note }),
      },
    ];
  });
}

/** The groups in the order Primary, Secondary, Guardrails (empty ones left out), metrics in design order. */
export function scorecardGroups(input: ScorecardInput): ScorecardGroup[] {
  const rows = input.metrics.map((metric, index) =>
    metricRows(metric, input.analyses[index] ?? null, input),
  );
  return GROUPS.map(({ role, title }) => ({
    role,
    title,
    rows: input.metrics.flatMap((metric, index) =>
      metricRole(metric) === role ? (rows[index] ?? []) : [],
    ),
  })).filter((group) => group.rows.length > 0);
}

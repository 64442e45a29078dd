// The frequentist readout of the Results tab: each treatment arm against the control, per metric, from
// the same per-arm statistics the request builder uses (the registry says which model reads them:
// a rate is a proportion, everything else a mean), with p-values corrected across arms × metrics.
import { metricRule } from '../metric-kinds/index.ts';
import type { ArmStatistics } from '../stats/arm-statistics.ts';
import {
  adjustPValues,
  compareFrequentist,
  DegenerateInputError,
  type FrequentistOptions,
  type FrequentistResult,
  type MomentStats,
} from '../stats/frequentist/index.ts';
import { StatsInputError, type ArmInput } from '../stats/types.ts';
import type { MetricModelFields } from './metric-model.ts';
import { cupedOn, frequentistSettings, type FrequentistSettings } from './settings.ts';

export type CovariateSums = Pick<
  ArmStatistics,
  'covariateSum' | 'covariateSumSquares' | 'covariateCrossSum'
>;

/** One arm's statistics as the Results tab holds them, with the CUPED covariate's sums when known. */
export type ViewArm = ArmInput & CovariateSums;

export type FrequentistMetricInput = MetricModelFields & {
  arms: ViewArm[];
  /**
   * Hook for metric roles: a guardrail is left out of the corrected family (its p-value is shown
   * uncorrected, as the peers do). Every metric without a role is corrected.
   */
  role?: string;
};

export type Comparison =
  | {
      ok: true;
      /** Relative difference (treatment − control) / |control|. */
      estimate: number;
      ci: [number, number];
      pValue: number;
      /** The corrected p-value; null when no correction is on (or for a guardrail). */
      adjustedPValue: number | null;
      /** 1 − CUPED interval width / unadjusted width; null without CUPED. */
      cupedNarrowing: number | null;
    }
  | { ok: false; note: string };

export type FrequentistArmRow = {
  name: string;
  /** The arm's observed mean (a rate for conversions); null without units. */
  mean: number | null;
  /** Null for the control. */
  comparison: Comparison | null;
};

export type FrequentistMetricView = {
  key: string;
  /** Whether CUPED was applied (on in the settings and possible for the metric). */
  cuped: boolean;
  arms: FrequentistArmRow[];
};

export type FrequentistViewInput = {
  metrics: FrequentistMetricInput[];
  control: number;
  settings: Partial<FrequentistSettings>;
};

export function frequentistView(input: FrequentistViewInput): FrequentistMetricView[] {
  const settings = frequentistSettings(input.settings);
  const options: FrequentistOptions = {
    difference: 'relative',
    alpha: 1 - settings.confidenceLevel,
    sequential: settings.inference === 'sequential' ? { tuning: settings.sequentialTuning } : null,
  };
  const views = input.metrics.map((metric): FrequentistMetricView => {
    const cuped = cupedOn(settings, metric.key) && cupedAvailable(metric);
    const stats = metric.arms.map((arm) => momentStats(metric, arm));
    const control = stats[input.control];
    return {
      key: metric.key,
      cuped,
      arms: metric.arms.map((arm, index) => ({
        name: arm.name,
        mean: stats[index].units > 0 ? stats[index].sum / stats[index].units : null,
        comparison:
          index === input.control || control === undefined
            ? null
            : compare(control, stats[index], options, cuped),
      })),
    };
  });
  if (settings.correction !== 'none') applyCorrection(views, input.metrics, settings.correction);
  return views;
}

/** CUPED needs the normal model and every arm's covariate sums [ours: not offered for rates]. */
export function cupedAvailable(metric: FrequentistMetricInput): boolean {
  return (
    metricRule(metric).model === 'numeric' &&
    metric.arms.length > 0 &&
    metric.arms.every(
      (arm) =>
        Number.isFinite(arm.covariateSum) &&
        Number.isFinite(arm.covariateSumSquares) &&
        Number.isFinite(arm.covariateCrossSum),
    )
  );
}

/** One arm as the engine's moments: a rate is a proportion (Σy = Σy² = conversions), else a mean. */
export function momentStats(metric: MetricModelFields, arm: ViewArm): MomentStats {
  const rule = metricRule(metric);
  const read = rule.modelArm(arm.name, arm);
  const covariate: CovariateSums =
    arm.covariateSum === undefined
      ? {}
      : {
          covariateSum: arm.covariateSum,
          covariateSumSquares: arm.covariateSumSquares,
          covariateCrossSum: arm.covariateCrossSum,
        };
  if (rule.model === 'conversion') {
    const conversions = read.conversions ?? 0;
    return { kind: 'proportion', units: read.units, sum: conversions, sumSquares: conversions };
  }
  if (read.mean !== undefined && read.sd !== undefined) {
    const n = read.units;
    return {
      kind: 'mean',
      units: n,
      sum: n * read.mean,
      sumSquares: Math.max(0, n - 1) * read.sd ** 2 + n * read.mean ** 2,
      ...covariate,
    };
  }
  return {
    kind: 'mean',
    units: read.units,
    sum: read.sum ?? 0,
    sumSquares: read.sumSquares ?? 0,
    ...covariate,
  };
}

function compare(
  control: MomentStats,
  treatment: MomentStats,
  options: FrequentistOptions,
  cuped: boolean,
): Comparison {
  try {
    const result = compareFrequentist(control, treatment, { ...options, cuped });
    const plain = cuped ? compareFrequentist(control, treatment, options) : null;
    if (!finiteResult(result)) return { ok: false, note: 'This comparison has no finite result.' };
    return {
      ok: true,
      estimate: result.estimate,
      ci: result.ci,
      pValue: result.pValue,
      adjustedPValue: null,
      cupedNarrowing: plain ? narrowing(result, plain) : null,
    };
  } catch (error) {
    if (error instanceof StatsInputError) return { ok: false, note: plainWords(error) };
    throw error;
  }
}

function finiteResult(result: FrequentistResult): boolean {
  return [result.estimate, result.pValue, ...result.ci].every(Number.isFinite);
}

function narrowing(adjusted: FrequentistResult, plain: FrequentistResult): number | null {
  const width = plain.ci[1] - plain.ci[0];
  const value = 1 - (adjusted.ci[1] - adjusted.ci[0]) / width;
  return Number.isFinite(value) ? value : null;
}

function plainWords(error: StatsInputError): string {
  if (error instanceof DegenerateInputError) {
    switch (error.reason) {
      case 'too-few-units':
        return 'Needs at least 2 units in this arm and in the control.';
      case 'zero-variance':
        return 'Every unit has the same value in an arm, so there is no interval to compute.';
      case 'zero-control-mean':
        return 'The control’s mean is 0, so a relative difference is undefined.';
      default:
        return 'No comparison is possible with these numbers.';
    }
  }
  return `No comparison: ${error.message}.`;
}

/** Corrects every ok treatment-vs-control p-value of the non-guardrail metrics as one family. */
function applyCorrection(
  views: FrequentistMetricView[],
  metrics: FrequentistMetricInput[],
  method: Exclude<FrequentistSettings['correction'], 'none'>,
): void {
  const family: Extract<Comparison, { ok: true }>[] = [];
  views.forEach((view, m) => {
    if (metrics[m].role === 'guardrail') return;
    for (const arm of view.arms) if (arm.comparison?.ok) family.push(arm.comparison);
  });
  if (family.length === 0) return;
  const adjusted = adjustPValues(
    family.map((comparison) => comparison.pValue),
    method,
  );
  family.forEach((comparison, i) => (comparison.adjustedPValue = adjusted[i]));
}

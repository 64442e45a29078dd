// What the Results tab shows, independent of where the numbers came from: the request sent to the
// analysis workers, and the plain reading of their answer (leading arm, winner, health checks).
import type {
  AnalysisSettings,
  Direction,
  MetricAggregation,
  MetricKind,
} from '../../lib/domain/types.ts';
import type { ArmInput, SrmResult } from '../../lib/stats/types.ts';
import type { AnalysisRequest, MetricAnalysis, MetricArmResult } from '../../lib/analysis/types.ts';
import {
  analysedUnits,
  buildAnalysisRequest as buildRequest,
} from '../../lib/analysis/build-request.ts';
import { modelKind } from '../../lib/analysis/metric-model.ts';
import { leadingArm, type Leader } from '../../lib/analysis/leader.ts';
import type { ExposureBucket } from '../../lib/charts/exposure-chart.ts';
import type { ValueUnit } from '../../lib/charts/format.ts';
import { noUnitsDetail, srmCounts, srmHealthCheck } from './srm-state.ts';

export type ResultsMetric = {
  key: string;
  name: string;
  kind: MetricKind;
  aggregation: MetricAggregation;
  direction: Direction;
  primary: boolean;
  /** A guardrail's relative non-inferiority margin (metric role 'guardrail'); absent otherwise. */
  guardrailMargin?: number;
  /** Per-arm statistics, in arm order. For conversion metrics `conversions` is set; numeric: sum and sumSquares. */
  arms: ArmInput[];
};

export type ResultsInput = {
  /** Identifies the view; a newer analysis for it supersedes older ones. */
  viewKey: string;
  hypothesis: string;
  armNames: string[];
  controlIndex: number;
  /** Designed allocation per arm (percent). */
  weights: number[];
  metrics: ResultsMetric[];
  exposures: ExposureBucket[];
  /** From the import's diagnostics; null when unknown (typed summaries). */
  unitsInSeveralArms: number | null;
  /** Events the import left out for falling outside the iteration's window (diagnostics), if known. */
  eventsOutsideWindow?: number | null;
};

export { modelKind };

export function valueUnit(metric: Pick<ResultsMetric, 'kind' | 'aggregation'>): ValueUnit {
  return modelKind(metric) === 'conversion' ? 'rate' : 'number';
}

/** The Results tab's request: its metrics and settings, its exposure looks and its split in percent. */
export function buildAnalysisRequest(
  input: ResultsInput,
  settings: AnalysisSettings,
): AnalysisRequest {
  return buildRequest({
    viewKey: input.viewKey,
    control: input.controlIndex,
    metrics: input.metrics,
    settings,
    srm: {
      looks: cumulativeLooks(input.exposures, input.armNames.length),
      weights: input.weights.map((weight) => weight / 100),
    },
  });
}

/** Cumulative units per arm at each hour of first exposure: the looks of the sequential SRM test. */
export function cumulativeLooks(buckets: readonly ExposureBucket[], arms: number): number[][] {
  const running = new Array<number>(arms).fill(0);
  return [...buckets]
    .sort((a, b) => a.start - b.start)
    .map((bucket) => {
      for (let arm = 0; arm < arms; arm++) running[arm] += bucket.counts[arm] ?? 0;
      return [...running];
    });
}

export { leadingArm, type Leader };

export type HealthStatus = 'pass' | 'warn' | 'fail';
export type HealthCheck = { id: string; label: string; status: HealthStatus; detail: string };

/** Arms with fewer units than this are flagged as thin (a warning, not an error) [ours]. */
export const THIN_ARM_UNITS = 100;

export function healthChecks(
  input: ResultsInput,
  analyses: (MetricAnalysis | null)[],
  srm: SrmResult | null,
): HealthCheck[] {
  const checks: HealthCheck[] = [];
  const outside = input.eventsOutsideWindow ?? null;
  if (srm) checks.push(srmHealthCheck(srm, srmCounts(input), outside));
  const units = armUnits(input);
  const insufficient = analyses.some((analysis) =>
    analysis?.arms.some((arm) => arm.status === 'insufficient-data'),
  );
  const thin = units.filter((count) => count < THIN_ARM_UNITS).length;
  const noUnits = [...units, ...srmCounts(input)].every((count) => count === 0);
  checks.push({
    id: 'enough-data',
    label: 'Enough data',
    status: insufficient || noUnits ? 'fail' : thin > 0 ? 'warn' : 'pass',
    detail: noUnits
      ? 'No units in the window: nothing to analyse.'
      : insufficient
        ? 'At least one arm has too little data to analyse (fewer than 2 units or no variation).'
        : thin > 0
          ? `${thin} arm${thin === 1 ? ' has' : 's have'} fewer than ${THIN_ARM_UNITS} units: estimates are still rough.`
          : 'Every arm has enough units to analyse.',
  });
  if (input.unitsInSeveralArms !== null) {
    const several = input.unitsInSeveralArms;
    checks.push({
      id: 'several-arms',
      label: 'Units in several arms',
      status: several === 0 ? 'pass' : 'warn',
      detail:
        several === 0
          ? 'No unit was exposed to more than one arm.'
          : `${several} unit${several === 1 ? ' was' : 's were'} exposed to more than one arm and left out of the analysis.`,
    });
  }
  const silent = input.metrics.filter((metric) => !receivesEvents(metric));
  checks.push({
    id: 'metric-events',
    label: 'Metrics receiving events',
    status: silent.length === 0 ? 'pass' : 'fail',
    detail: noUnits
      ? noUnitsDetail(outside)
      : silent.length === 0
        ? 'Every metric received events.'
        : `No events for: ${silent.map((metric) => metric.name).join(', ')}. Check the event key.`,
  });
  return checks;
}

function receivesEvents(metric: ResultsMetric): boolean {
  return metric.arms.some(
    (arm) =>
      (arm.conversions ?? 0) > 0 ||
      (arm.sum ?? 0) !== 0 ||
      (arm.sumSquares ?? 0) > 0 ||
      (arm.mean ?? 0) !== 0,
  );
}

/** Exposures per arm: the most units any metric saw for that arm. */
export function armUnits(input: ResultsInput): number[] {
  return analysedUnits(input.metrics, input.armNames.length);
}

export type { MetricArmResult };

// The Results tab's health checks: sample ratio, enough data, units in several arms, metrics that
// received events.
import type { MetricAnalysis } from '../../lib/analysis/types.ts';
import { analysedUnits } from '../../lib/analysis/build-request.ts';
import type { SrmResult } from '../../lib/stats/types.ts';
import type { ResultsInput, ResultsMetric } from './results-input.ts';
import { noUnitsDetail, srmCounts, srmHealthCheck } from './srm-state.ts';

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

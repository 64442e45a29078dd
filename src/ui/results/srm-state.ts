// The sample-ratio check as the Results tab states it: alert, watch, ok, or no units at all, with the
// numbers behind it (observed and expected units per arm, χ² p-value, posterior probability, Bayes
// factor). The alert itself is the engine's (posterior probability of a mismatch above 0.99).
import type { SrmResult } from '../../lib/stats/types.ts';
import { formatCount, formatProbability } from '../../lib/format/index.ts';
import type { HealthCheck } from './health-checks.ts';
import type { ResultsInput } from './results-input.ts';

export type SrmState = 'no-units' | 'alert' | 'watch' | 'ok';

/** χ² p-value below which the split is watched (never shown as a pass) [ours]. */
export const SRM_WATCH_P_VALUE = 0.01;
/** Posterior probability of a mismatch above which the split is watched (mismatch more likely than not) [ours]. */
export const SRM_WATCH_POSTERIOR = 0.5;

export function srmState(srm: SrmResult, totalUnits: number): SrmState {
  if (totalUnits === 0) return 'no-units';
  if (srm.alert) return 'alert';
  if (srm.chiSquarePValue < SRM_WATCH_P_VALUE || srm.posteriorProbability > SRM_WATCH_POSTERIOR)
    return 'watch';
  return 'ok';
}

/** Units per arm the SRM test saw: the last look of the exposures, or the metrics' units. */
export function srmCounts(input: ResultsInput): number[] {
  if (input.exposures.length)
    return input.armNames.map((_, arm) =>
      input.exposures.reduce((sum, bucket) => sum + (bucket.counts[arm] ?? 0), 0),
    );
  return input.armNames.map((_, arm) =>
    Math.max(0, ...input.metrics.map((metric) => metric.arms[arm]?.units ?? 0)),
  );
}

export type SrmRow = { observed: number; expected: number };

/** Observed units per arm beside the units the designed split expects of the same total. */
export function srmRows(counts: number[], weights: number[]): SrmRow[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const weightTotal = weights.reduce((sum, w) => sum + (w > 0 ? w : 0), 0);
  return counts.map((observed, arm) => ({
    observed,
    expected: weightTotal > 0 ? (total * Math.max(0, weights[arm] ?? 0)) / weightTotal : 0,
  }));
}

/** A p-value with two significant digits ("0.0086"), "< 0.0001" below that. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p < 0.0001) return '< 0.0001';
  if (p >= 0.995) return '1.00';
  return p.toPrecision(2);
}

/** A Bayes factor with three significant digits, in powers of ten once it passes 10,000. */
export function formatBayesFactor(bf: number): string {
  if (!Number.isFinite(bf) || bf < 0) return '—';
  if (bf >= 10_000) {
    const exponent = Math.floor(Math.log10(bf));
    return `${(bf / 10 ** exponent).toFixed(1)} × 10^${exponent}`;
  }
  if (bf < 0.001) return '< 0.001';
  return Number(bf.toPrecision(3)).toString();
}

/** "χ² p = 0.0086; probability of a mismatch 87.6%; Bayes factor 7.06" */
export function srmNumbers(srm: SrmResult): string {
  return `χ² p = ${formatPValue(srm.chiSquarePValue)}; probability of a mismatch ${formatProbability(srm.posteriorProbability)}; Bayes factor ${formatBayesFactor(srm.bayesFactor)}`;
}

export function srmHealthCheck(
  srm: SrmResult,
  counts: number[],
  eventsOutsideWindow: number | null = null,
): HealthCheck {
  const label = 'Sample ratio';
  const total = counts.reduce((sum, n) => sum + n, 0);
  const state = srmState(srm, total);
  if (state === 'no-units')
    return {
      id: 'srm',
      label,
      status: 'fail',
      detail: `No units in the window: there is no split to check.${outsideText(eventsOutsideWindow)}`,
    };
  const numbers = `${formatCount(total)} units; ${srmNumbers(srm)}`;
  if (state === 'alert')
    return {
      id: 'srm',
      label,
      status: 'fail',
      detail: `The observed split differs from the design: assignment or logging is broken (${numbers}).`,
    };
  if (state === 'watch')
    return {
      id: 'srm',
      label,
      status: 'warn',
      detail: `Watch: the observed split leans away from the design, short of the alert at 99% (${numbers}). Check the assignment and the logging before trusting the results.`,
    };
  return {
    id: 'srm',
    label,
    status: 'pass',
    detail: `The observed split matches the design (${numbers}).`,
  };
}

function outsideText(eventsOutsideWindow: number | null): string {
  return eventsOutsideWindow
    ? ` ${formatCount(eventsOutsideWindow)} events fall outside the iteration's window: set the window (Design tab) or use the data's range on the Data tab, then import again.`
    : '';
}

/** Why the metrics received no events when no unit is in the window (not their event keys). */
export function noUnitsDetail(eventsOutsideWindow: number | null): string {
  return `No units in the window, so no metric event could count (the event keys are not the cause).${outsideText(eventsOutsideWindow)}`;
}

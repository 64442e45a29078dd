// The planner's baseline taken from data: an earlier iteration's control arm gives the baseline (a
// rate, or a mean and a per-unit standard deviation) and its units over its exposure days the traffic.
import type { Dataset, Iteration } from './types.ts';
import { metricRule } from '../metric-kinds/index.ts';
import { centredSumOfSquares } from '../stats/models/numeric.ts';
import type { PlanBaseline } from '../analysis/planner.ts';

const HOUR_MS = 3_600_000;

/** One metric of one iteration with stored data, as the planner lists it. */
export type BaselineChoice = {
  iterationId: string;
  metricKey: string;
  label: string;
};

export type DataBaseline =
  | {
      ok: true;
      baseline: PlanBaseline;
      /** Units in all arms per day of exposures; null when the data has no exposure times. */
      trafficPerDay: number | null;
      controlUnits: number;
      exposureDays: number | null;
    }
  | { ok: false; message: string };

/** The newest dataset of each iteration, as the Results tab reads it. */
export function latestDataset(datasets: readonly Dataset[], iterationId: string): Dataset | null {
  let latest: Dataset | null = null;
  for (const dataset of datasets)
    if (dataset.iterationId === iterationId && (!latest || dataset.createdAt > latest.createdAt))
      latest = dataset;
  return latest;
}

/** Every (iteration, metric) with stored statistics, newest iteration first. */
export function baselineChoices(
  iterations: readonly Iteration[],
  datasets: readonly Dataset[],
): BaselineChoice[] {
  return [...iterations]
    .sort((a, b) => b.createdAt - a.createdAt)
    .flatMap((iteration) => {
      const dataset = latestDataset(datasets, iteration.id);
      if (!dataset) return [];
      return iteration.design.metrics
        .filter(
          (metric) =>
            Object.hasOwn(dataset.metrics, metric.key) && dataset.metrics[metric.key].length > 0,
        )
        .map((metric) => ({
          iterationId: iteration.id,
          metricKey: metric.key,
          label: `Iteration ${iteration.number} (${iteration.environmentKey}) · ${metric.name || metric.key}`,
        }));
    });
}

/**
 * The control arm's statistics of one metric as a baseline: a rate's conversions over units; a mean's
 * Σy/n and sd √((Σy² − (Σy)²/n)/(n − 1)) (a ratio's mean and per-unit sd by the delta method); the
 * traffic as the units of all arms over the span of hours with exposures.
 */
export function baselineFromData(
  iteration: Iteration,
  dataset: Dataset,
  metricKey: string,
): DataBaseline {
  const design = iteration.design;
  const metric = design.metrics.find((m) => m.key === metricKey);
  const stats =
    metric && Object.hasOwn(dataset.metrics, metricKey) ? dataset.metrics[metricKey] : [];
  const controlVariation = design.flagVariations.findIndex(
    (variation) => variation.id === design.controlVariationId,
  );
  const control = stats.find((arm) => arm.variation === controlVariation);
  if (!metric || !control)
    return {
      ok: false,
      message: 'This data has no statistics for the control arm of that metric.',
    };
  const rule = metricRule(metric);
  const n = control.units;
  let baseline: PlanBaseline;
  if (rule.model === 'conversion') {
    if (!(n > 0 && control.conversions > 0 && control.conversions < n))
      return { ok: false, message: 'The control’s rate is 0% or 100%: no baseline to plan from.' };
    baseline = { kind: 'rate', rate: control.conversions / n };
  } else {
    const arm = rule.modelArm('control', { ...control, name: 'control' });
    let mean: number;
    let sd: number;
    if (arm.sum !== undefined && arm.sumSquares !== undefined) {
      mean = n > 0 ? arm.sum / n : Number.NaN;
      sd =
        n > 1
          ? Math.sqrt(Math.max(0, centredSumOfSquares(n, arm.sum, arm.sumSquares)) / (n - 1))
          : Number.NaN;
    } else {
      mean = arm.mean ?? Number.NaN;
      sd = arm.sd ?? Number.NaN;
    }
    if (!(Number.isFinite(mean) && mean !== 0 && Number.isFinite(sd) && sd > 0))
      return {
        ok: false,
        message: 'The control needs at least 2 units, a mean other than 0 and some spread.',
      };
    baseline = { kind: 'mean', mean, sd };
  }
  const exposureDays = exposureSpanDays(dataset);
  const allUnits = dataset.arms.reduce((total, arm) => total + arm.units, 0);
  return {
    ok: true,
    baseline,
    trafficPerDay: exposureDays !== null && allUnits > 0 ? allUnits / exposureDays : null,
    controlUnits: n,
    exposureDays,
  };
}

/** First to last hour with exposures, both counted whole, in days (168 hours → 7). */
function exposureSpanDays(dataset: Dataset): number | null {
  let first = Infinity;
  let last = -Infinity;
  for (const hour of dataset.exposuresByHour) {
    if (!Object.values(hour.counts).some((count) => count > 0)) continue;
    first = Math.min(first, hour.hourStart);
    last = Math.max(last, hour.hourStart);
  }
  if (first > last) return null;
  return (last - first + HOUR_MS) / (24 * HOUR_MS);
}

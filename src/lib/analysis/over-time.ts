// Results over time: each treatment's relative difference from control, with its credible interval,
// for the units first exposed up to the end of each UTC day. The day cells ingest records are summed
// day by day (prefix sums of the sufficient statistics), and every cumulative day is analysed by the
// engine through the one request builder, so a point on the last day equals the Results table's.
import type { StoredArmStatistics } from '../metric-kinds/index.ts';
import { addArmStatistics } from '../stats/arm-statistics.ts';
import type { RelativeDifference } from '../stats/types.ts';
import { buildAnalysisRequest, type RequestSettings } from './build-request.ts';
import { ANALYSIS_LIMITS } from './defaults.ts';
import type { MetricModelFields } from './metric-model.ts';
import type { AnalysisRequest, AnalysisResponse, MetricRequest } from './types.ts';

/** Points drawn at most [ours]: older days are merged into the first point. */
export const MAX_OVER_TIME_DAYS = 120;

/** One UTC day of first exposure; `metrics[m]` holds metric m's per-arm statistics, in arm order. */
export type DayStatistics = {
  /** The day's start, Unix ms (UTC midnight). */
  start: number;
  metrics: readonly (readonly StoredArmStatistics[])[];
};

/** The statistics of every unit first exposed up to the end of day `start`. */
export type CumulativeDay = {
  /** Start of the last day included (Unix ms). */
  start: number;
  /** Days of data this point adds (more than 1 only for the first point when older days are merged). */
  days: number;
  metrics: StoredArmStatistics[][];
};

/**
 * Running sums of the days' statistics, oldest day first (days with a start that is not a finite
 * number are left out). With more than `maxDays` days, the oldest are merged into the first point.
 */
export function cumulativeDays(
  days: readonly DayStatistics[],
  shape: { metrics: number; arms: number },
  maxDays = MAX_OVER_TIME_DAYS,
): CumulativeDay[] {
  const sorted = days.filter((day) => Number.isFinite(day.start)).sort((a, b) => a.start - b.start);
  const running = Array.from({ length: shape.metrics }, () =>
    Array.from({ length: shape.arms }, (): StoredArmStatistics => emptyStatistics()),
  );
  const merged = Math.max(0, sorted.length - Math.max(1, maxDays));
  const points: CumulativeDay[] = [];
  sorted.forEach((day, index) => {
    running.forEach((arms, metric) =>
      arms.forEach((arm, armIndex) => {
        const add = day.metrics[metric]?.[armIndex];
        if (!add) return;
        addArmStatistics(arm, add);
        arm.conversions += add.conversions;
      }),
    );
    if (index < merged) return;
    points.push({
      start: day.start,
      days: index === merged ? merged + 1 : 1,
      metrics: running.map((arms) => arms.map((arm) => ({ ...arm }))),
    });
  });
  return points;
}

/** Days since exposure as points: already cumulative, sorted by k (missing arms: no units). */
function sinceExposurePoints(
  days: readonly DayStatistics[],
  shape: { metrics: number; arms: number },
): CumulativeDay[] {
  return days
    .filter((day) => Number.isInteger(day.start) && day.start >= 0)
    .sort((a, b) => a.start - b.start)
    .map((day) => ({
      start: day.start,
      days: 1,
      metrics: Array.from({ length: shape.metrics }, (_, metric) =>
        Array.from({ length: shape.arms }, (_, arm) => {
          const given = day.metrics[metric]?.[arm];
          return given ? { ...given } : emptyStatistics();
        }),
      ),
    }));
}

function emptyStatistics(): StoredArmStatistics {
  return { units: 0, conversions: 0, sum: 0, sumSquares: 0 };
}

export type OverTimeInput = {
  /** The view asking; the requests' view keys extend it, so they never supersede its main analysis. */
  viewKey: string;
  control: number;
  armNames: readonly string[];
  /** The metrics followed (their definitions); `DayStatistics.metrics` is in the same order. */
  metrics: readonly MetricModelFields[];
  days: readonly DayStatistics[];
  settings: RequestSettings;
  maxDays?: number;
  /**
   * 'since-exposure': the days are days since first exposure (`start` = k), each already holding
   * every unit's events through day k (ingest's 'days-since-exposure' cells): analysed as given.
   */
  by?: 'first-exposure' | 'since-exposure';
};

/** What to analyse: one metric entry per cumulative day and metric, in requests of at most 100. */
export type OverTimePlan = {
  points: CumulativeDay[];
  metrics: readonly MetricModelFields[];
  control: number;
  armNames: readonly string[];
  requests: AnalysisRequest[];
};

/**
 * The requests of the over-time view. Only relative differences are read, and those do not depend on
 * how the probabilities are computed, so every entry uses the exact method (no Monte Carlo draws).
 */
export function planOverTime(input: OverTimeInput): OverTimePlan {
  const shape = { metrics: input.metrics.length, arms: input.armNames.length };
  const points =
    input.by === 'since-exposure'
      ? sinceExposurePoints(input.days, shape)
      : cumulativeDays(input.days, shape, input.maxDays);
  const entries: MetricRequest[] = points.flatMap((point) =>
    buildAnalysisRequest({
      viewKey: input.viewKey,
      control: input.control,
      metrics: input.metrics.map((metric, index) => ({
        ...metric,
        arms: point.metrics[index].map((arm, armIndex) => ({
          ...arm,
          name: input.armNames[armIndex],
        })),
      })),
      settings: { ...input.settings, method: 'exact' },
      srm: { looks: [], weights: input.armNames.map(() => 1) },
    }).metrics.map((entry) => ({ ...entry, key: `${entry.key}@${point.start}` })),
  );
  const size = ANALYSIS_LIMITS.maxMetrics;
  const requests: AnalysisRequest[] = [];
  for (let first = 0; first < entries.length; first += size)
    requests.push({
      viewKey: `${input.viewKey}/over-time/${first / size}`,
      metrics: entries.slice(first, first + size),
    });
  return {
    points,
    metrics: input.metrics,
    control: input.control,
    armNames: input.armNames,
    requests,
  };
}

export type OverTimePoint = {
  /** Start of the point's (last) day, Unix ms. */
  start: number;
  days: number;
  /** Cumulative units of this arm and of the control. */
  units: number;
  controlUnits: number;
  /** null when the engine gives none (too few units, a control mean of 0, a failed analysis). */
  relative: RelativeDifference | null;
  /** Why `relative` is null, in plain words. */
  note?: string;
};

export type OverTimeArm = { armIndex: number; name: string; points: OverTimePoint[] };

export type OverTimeMetric = { key: string; arms: OverTimeArm[] };

/** Each metric's treatments with their points, from the responses to the plan's requests (in order). */
export function readOverTime(
  plan: OverTimePlan,
  responses: readonly AnalysisResponse[],
): OverTimeMetric[] {
  const outcomes = responses.flatMap((response) => response.metrics);
  const metricCount = plan.metrics.length;
  return plan.metrics.map((metric, metricIndex) => ({
    key: metric.key,
    arms: plan.armNames.flatMap((name, armIndex): OverTimeArm[] =>
      armIndex === plan.control
        ? []
        : [
            {
              armIndex,
              name,
              points: plan.points.map((point, pointIndex): OverTimePoint => {
                const outcome = outcomes[pointIndex * metricCount + metricIndex];
                const arms = point.metrics[metricIndex];
                const base = {
                  start: point.start,
                  days: point.days,
                  units: arms[armIndex]?.units ?? 0,
                  controlUnits: arms[plan.control]?.units ?? 0,
                };
                if (!outcome) return { ...base, relative: null, note: 'not analysed' };
                if (!outcome.result.ok)
                  return { ...base, relative: null, note: outcome.result.error.message };
                const result = outcome.result.value.arms[armIndex];
                return result?.relativeDifference
                  ? { ...base, relative: result.relativeDifference }
                  : { ...base, relative: null, note: result?.note ?? 'not available' };
              }),
            },
          ],
    ),
  }));
}

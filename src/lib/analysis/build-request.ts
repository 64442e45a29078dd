// The one way an analysis request is made: per-arm statistics per metric + the metrics' definitions +
// the settings → the request the analysis workers answer. The Results tab, the experiments list,
// snapshot links and embeds all build their requests here, so they all analyse alike.
import { metricRule, type ArmStatisticsInput } from '../metric-kinds/index.ts';
import type { MetricModelFields } from './metric-model.ts';
import { gammaSquaredFor, type AnalysisSettings } from './settings.ts';
import type { AnalysisRequest, MetricRequest } from './types.ts';

/** One metric: its definition and its per-arm statistics, in arm order. */
export type MetricStatistics = MetricModelFields & { arms: ArmStatisticsInput[] };

/** The settings a request needs; draws and seed may be left to the engine's defaults. */
export type RequestSettings = Pick<
  AnalysisSettings,
  'credibleMass' | 'prior' | 'method' | 'priorRelativeVariance'
> &
  Partial<Pick<AnalysisSettings, 'draws' | 'seed'>>;

export type RequestInput = {
  /** Identifies the view asking; a newer request for it supersedes older ones. */
  viewKey: string;
  /** Index of the control arm. */
  control: number;
  metrics: MetricStatistics[];
  settings: RequestSettings;
  srm: {
    /** Cumulative units per arm at each look, oldest first; none: one look of the analysed units. */
    looks: number[][];
    /** The designed split, one weight per arm, on any scale (the test normalises it). */
    weights: number[];
  };
};

export function buildAnalysisRequest(input: RequestInput): AnalysisRequest {
  const { settings } = input;
  const metrics = input.metrics.map((metric): MetricRequest => {
    const rule = metricRule(metric);
    const gamma = gammaSquaredFor(settings, metric.key);
    return {
      key: metric.key,
      arms: metric.arms.map((arm) => rule.modelArm(arm.name, arm)),
      options: {
        kind: rule.model,
        direction: metric.direction,
        control: input.control,
        credibleMass: settings.credibleMass,
        prior: settings.prior,
        method: settings.method,
        ...(settings.draws === undefined ? {} : { draws: settings.draws }),
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        ...(gamma === undefined ? {} : { priorRelativeVariance: gamma }),
      },
    };
  });
  const { looks, weights } = input.srm;
  return {
    viewKey: input.viewKey,
    metrics,
    srm: {
      looks: looks.length > 0 ? looks : [analysedUnits(input.metrics, weights.length)],
      weights,
    },
  };
}

/** Units per arm: the most any metric saw for that arm (0 for an arm no metric saw). */
export function analysedUnits(
  metrics: readonly Pick<MetricStatistics, 'arms'>[],
  armCount: number,
): number[] {
  return Array.from({ length: armCount }, (_, arm) =>
    Math.max(0, ...metrics.map((metric) => metric.arms[arm]?.units ?? 0)),
  );
}

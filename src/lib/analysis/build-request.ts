// The one way an analysis request is made: per-arm statistics per metric + the metrics' definitions +
// the settings → the request the analysis workers answer. The Results tab, the experiments list,
// snapshot links and embeds all build their requests here, so they all analyse alike.
import { metricRule, type ArmStatisticsInput } from '../metric-kinds/index.ts';
import { cupedAdjustedMoments, pooledTheta, type MomentStats } from '../stats/frequentist/index.ts';
import type { ArmInput } from '../stats/types.ts';
import { cupedAvailable, momentStats } from './frequentist-view.ts';
import type { MetricModelFields } from './metric-model.ts';
import { cupedOn, gammaSquaredFor, type AnalysisSettings } from './settings.ts';
import type { AnalysisRequest, MetricRequest } from './types.ts';

/** One metric: its definition and its per-arm statistics, in arm order. */
export type MetricStatistics = MetricModelFields & { arms: ArmStatisticsInput[] };

/** The settings a request needs; draws and seed may be left to the engine's defaults. */
export type RequestSettings = Pick<
  AnalysisSettings,
  'credibleMass' | 'prior' | 'method' | 'priorRelativeVariance'
> &
  Partial<Pick<AnalysisSettings, 'draws' | 'seed' | 'cupedMetrics'>>;

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
    const cuped = cupedOn(settings, metric.key) && cupedAvailable(metric);
    return {
      key: metric.key,
      arms: cuped ? cupedArms(metric) : metric.arms.map((arm) => rule.modelArm(arm.name, arm)),
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

/**
 * Bayesian CUPED: each arm's moments of y − θ(x − x̄), θ pooled over every arm and x̄ the covariate's
 * mean over every arm, so the normal model reads the adjusted metric on the metric's own scale.
 */
function cupedArms(metric: MetricStatistics): ArmInput[] {
  const stats = metric.arms.map((arm) => momentStats(metric, arm));
  const pooled = stats.reduce<MomentStats>(
    (total, arm) => ({
      units: total.units + arm.units,
      sum: total.sum + arm.sum,
      sumSquares: total.sumSquares + arm.sumSquares,
      covariateSum: (total.covariateSum ?? 0) + (arm.covariateSum ?? 0),
      covariateSumSquares: (total.covariateSumSquares ?? 0) + (arm.covariateSumSquares ?? 0),
      covariateCrossSum: (total.covariateCrossSum ?? 0) + (arm.covariateCrossSum ?? 0),
    }),
    { units: 0, sum: 0, sumSquares: 0 },
  );
  const none: MomentStats = { units: 0, sum: 0, sumSquares: 0 };
  const theta = pooledTheta(pooled, none);
  const covariateMean = pooled.units > 0 ? (pooled.covariateSum ?? 0) / pooled.units : 0;
  return stats.map((arm, index) => ({
    name: metric.arms[index].name,
    ...cupedAdjustedMoments(arm, theta, covariateMean),
  }));
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

// A snapshot → the analysis worker's request, so links and embeds compute their results live.
import type { AnalysisRequest, MetricRequest } from '../analysis/types.ts';
import type { ArmInput } from '../stats/types.ts';
import type { Snapshot } from './snapshot-types.ts';
import { usesConversions } from './validate-snapshot.ts';

export function snapshotAnalysisRequest(snapshot: Snapshot, viewKey: string): AnalysisRequest {
  const { design, settings } = snapshot;
  const metrics: MetricRequest[] = design.metrics.map((metric, m) => {
    const arms: ArmInput[] = snapshot.statistics[m].arms.map((stats, a) => ({
      name: design.arms[a].name,
      ...stats,
    }));
    return {
      key: metric.key,
      arms,
      options: {
        kind: usesConversions(metric) ? 'conversion' : 'numeric',
        direction: metric.direction,
        control: design.control,
        credibleMass: settings.credibleMass,
        prior: settings.prior,
        method: settings.method,
        ...(metric.priorRelativeVariance === undefined
          ? {}
          : { priorRelativeVariance: metric.priorRelativeVariance }),
        ...(settings.draws === undefined ? {} : { draws: settings.draws }),
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
      },
    };
  });
  const looks =
    snapshot.srmLooks.length > 0
      ? snapshot.srmLooks.map((look) => look.units)
      : finalUnits(snapshot);
  return {
    viewKey,
    metrics,
    ...(looks.length > 0 ? { srm: { looks, weights: design.arms.map((arm) => arm.split) } } : {}),
  };
}

/** Without recorded looks the SRM test still has one: the units of the analysis itself. */
function finalUnits(snapshot: Snapshot): number[][] {
  const first = snapshot.statistics[0];
  return first ? [first.arms.map((arm) => arm.units)] : [];
}

/** The metrics the embed card shows: the primary ones, or the first when none is marked primary. */
export function primaryMetricIndices(snapshot: Snapshot): number[] {
  const primary = snapshot.design.metrics.flatMap((metric, i) => (metric.primary ? [i] : []));
  return primary.length > 0 ? primary : [0];
}

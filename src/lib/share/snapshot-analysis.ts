// A snapshot → the analysis worker's request, so links and embeds compute their results live.
import { buildAnalysisRequest } from '../analysis/build-request.ts';
import type { AnalysisRequest } from '../analysis/types.ts';
import { snapshotRequestSettings } from './snapshot-settings.ts';
import type { Snapshot } from './snapshot-types.ts';

export function snapshotAnalysisRequest(snapshot: Snapshot, viewKey: string): AnalysisRequest {
  const { design } = snapshot;
  return buildAnalysisRequest({
    viewKey,
    control: design.control,
    metrics: design.metrics.map((metric, m) => ({
      ...metric,
      arms: snapshot.statistics[m].arms.map((stats, a) => ({
        name: design.arms[a].name,
        ...stats,
      })),
    })),
    settings: snapshotRequestSettings(snapshot),
    srm: {
      looks: snapshot.srmLooks.map((look) => look.units),
      weights: design.arms.map((arm) => arm.split),
    },
  });
}

/** The metrics the embed card shows: the primary ones, or the first when none is marked primary. */
export function primaryMetricIndices(snapshot: Snapshot): number[] {
  const primary = snapshot.design.metrics.flatMap((metric, i) => (metric.primary ? [i] : []));
  return primary.length > 0 ? primary : [0];
}

// A snapshot's settings as the analysis contract's settings object: the link stores γ² on each metric
// and may leave out draws, seed and the winner threshold.
import {
  completeAnalysisSettings,
  type AnalysisSettings,
  type PartialAnalysisSettings,
} from '../analysis/settings.ts';
import type { Snapshot } from './snapshot-types.ts';

/** The settings exactly as the link has them: left-out fields stay left out (the engine's defaults). */
export function snapshotRequestSettings(snapshot: Snapshot): PartialAnalysisSettings & {
  priorRelativeVariance: Record<string, number>;
} {
  const priorRelativeVariance = Object.create(null) as Record<string, number>;
  for (const metric of snapshot.design.metrics) {
    if (metric.priorRelativeVariance !== undefined)
      priorRelativeVariance[metric.key] = metric.priorRelativeVariance;
  }
  return { ...snapshot.settings, priorRelativeVariance };
}

/** The settings with every left-out field at its default, as the results view edits them. */
export function snapshotAnalysisSettings(snapshot: Snapshot): AnalysisSettings {
  return completeAnalysisSettings(snapshotRequestSettings(snapshot));
}

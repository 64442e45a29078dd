// The decision rule (src/lib/analysis/decision.ts) applied to a snapshot and the analysis of it: the
// embed card, snapshot pages and exports say the same sentence the Results tab shows.
import type { AnalysisResponse, MetricAnalysis } from '../analysis/types.ts';
import { decide, type Decision } from '../analysis/decision.ts';
import { decisionThresholds } from '../analysis/settings.ts';
import { metricRole } from '../domain/types.ts';
import type { Snapshot } from './snapshot-types.ts';

/** The decision rule applied to a snapshot and the analysis of it. */
export function snapshotDecision(snapshot: Snapshot, response: AnalysisResponse): Decision {
  const { design } = snapshot;
  const analysisOf = (key: string): MetricAnalysis | null => {
    const outcome = response.metrics.find((candidate) => candidate.key === key);
    return outcome?.result.ok ? outcome.result.value : null;
  };
  return decide({
    metrics: design.metrics.map((metric) => ({
      key: metric.key,
      name: metric.name,
      role: metricRole(metric),
      direction: metric.direction,
      ...(metric.guardrailMargin !== undefined && { guardrailMargin: metric.guardrailMargin }),
      analysis: analysisOf(metric.key),
    })),
    armNames: design.arms.map((arm) => arm.name),
    controlIndex: design.control,
    // Units per arm: the most any metric saw for that arm (as the Results tab counts them).
    armUnits: design.arms.map((_, a) =>
      Math.max(0, ...snapshot.statistics.map((metric) => metric.arms[a]?.units ?? 0)),
    ),
    srmAlert: response.srm?.ok ? response.srm.value.alert : false,
    thresholds: decisionThresholds(snapshot.settings),
  });
}

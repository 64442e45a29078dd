// A shared snapshot and the worker's answer for it → the exportable results table.
import type { AnalysisResponse, MetricAnalysis } from '../analysis/types.ts';
import { decide, type Decision } from '../analysis/decision.ts';
import { decisionThresholds } from '../analysis/settings.ts';
import { decisionRecordLine } from '../domain/decision-record.ts';
import { metricRole } from '../domain/types.ts';
import type { Snapshot } from '../share/snapshot-types.ts';
import { usesConversions } from '../share/validate-snapshot.ts';
import type { ResultsTable } from './results-table.ts';

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

export function resultsTableFromSnapshot(
  snapshot: Snapshot,
  response: AnalysisResponse,
): ResultsTable {
  const { design } = snapshot;
  const record = snapshot.iteration.decision;
  return {
    experiment: design.name,
    credibleMass: snapshot.settings.credibleMass,
    decision: snapshotDecision(snapshot, response).sentence,
    ...(record && { decisionRecord: decisionRecordLine(record) }),
    metrics: design.metrics.map((metric, m) => {
      const outcome = response.metrics.find((candidate) => candidate.key === metric.key);
      const analysed = outcome?.result.ok ? outcome.result.value : null;
      return {
        name: metric.name,
        unit: usesConversions(metric) ? 'rate' : 'number',
        ...(analysed
          ? {}
          : {
              error: outcome && !outcome.result.ok ? outcome.result.error.message : 'not analysed',
            }),
        arms: design.arms.map((arm, a) => {
          const stats = snapshot.statistics[m].arms[a];
          return {
            name: arm.name,
            isControl: a === design.control,
            units: stats.units,
            ...('conversions' in stats ? { conversions: stats.conversions } : { sum: stats.sum }),
            result: analysed?.arms[a] ?? null,
          };
        }),
      };
    }),
  };
}

// A shared snapshot and the worker's answer for it → the exportable results table.
import type { AnalysisResponse } from '../analysis/types.ts';
import { decisionRecordLine } from '../domain/decision-record.ts';
import { metricRole } from '../domain/types.ts';
import { snapshotDecision } from '../share/snapshot-decision.ts';
import type { Snapshot } from '../share/snapshot-types.ts';
import { usesConversions } from '../share/validate-snapshot.ts';
import { frequentistView } from '../analysis/frequentist-view.ts';
import { frequentistWording } from '../analysis/frequentist-wording.ts';
import { frequentistSettings } from '../analysis/settings.ts';
import type { ResultsTable } from './results-table.ts';
import { exportedSlices, type ShownSlices } from './slice-table.ts';

/** `slices`: what the Slices section shows, when it has finished (exported as its own block). */
export function resultsTableFromSnapshot(
  snapshot: Snapshot,
  response: AnalysisResponse,
  slices: ShownSlices | null = null,
): ResultsTable {
  const { design } = snapshot;
  const record = snapshot.iteration.decision;
  const settings = frequentistSettings(snapshot.settings);
  const frequentist =
    settings.inference === 'bayesian'
      ? null
      : frequentistView({
          metrics: design.metrics.map((metric, m) => ({
            ...metric,
            ...(metric.guardrailMargin === undefined ? {} : { role: 'guardrail' }),
            arms: design.arms.map((arm, a) => ({
              name: arm.name,
              ...snapshot.statistics[m].arms[a],
            })),
          })),
          control: design.control,
          settings,
        });
  return {
    experiment: design.name,
    credibleMass: snapshot.settings.credibleMass,
    decision: snapshotDecision(snapshot, response).sentence,
    ...(record && { decisionRecord: decisionRecordLine(record) }),
    ...(frequentist ? { frequentist: frequentistWording(settings) } : {}),
    ...(slices && {
      slices: exportedSlices(slices, {
        armNames: design.arms.map((arm) => arm.name),
        control: design.control,
        weights: design.arms.map((arm) => arm.split),
        credibleMass: snapshot.settings.credibleMass,
      }),
    }),
    metrics: design.metrics.map((metric, m) => {
      const outcome = response.metrics.find((candidate) => candidate.key === metric.key);
      const analysed = outcome?.result.ok ? outcome.result.value : null;
      return {
        name: metric.name,
        role: metricRole(metric),
        ...(metric.guardrailMargin !== undefined && { guardrailMargin: metric.guardrailMargin }),
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
            ...(frequentist ? { frequentist: frequentist[m].arms[a].comparison } : {}),
          };
        }),
      };
    }),
  };
}

// An import's statistics as the Dataset record that stores them: the one place that says which parts
// of ExperimentData are kept (typed numbers, a file import, the quick path all come through here).
import { createDataset } from '../../lib/domain/create.ts';
import type { Dataset, DatasetSource, Iteration, JsonValue } from '../../lib/domain/types.ts';
import type { ExperimentData } from '../../lib/ingest/types.ts';

const plain = <T>(value: T) => JSON.parse(JSON.stringify(value)) as T;

export function datasetFromData(
  iteration: Pick<Iteration, 'id' | 'experimentId'>,
  data: Pick<
    ExperimentData,
    'arms' | 'metrics' | 'exposuresByHour' | 'diagnostics' | 'breakdowns' | 'assignmentAudit'
  >,
  source: DatasetSource,
  armAssignment?: Dataset['armAssignment'],
): Dataset {
  return createDataset({
    iterationId: iteration.id,
    experimentId: iteration.experimentId,
    source,
    // Plain JSON: the diagnostics may hold a null-prototype record (skip reasons by name).
    diagnostics: plain(data.diagnostics) as unknown as { [key: string]: JsonValue },
    arms: data.arms,
    metrics: { ...data.metrics },
    exposuresByHour: data.exposuresByHour,
    ...(data.breakdowns === undefined ? {} : { breakdowns: data.breakdowns }),
    ...(data.assignmentAudit === undefined ? {} : { assignmentAudit: plain(data.assignmentAudit) }),
    ...(armAssignment === undefined ? {} : { armAssignment }),
  });
}

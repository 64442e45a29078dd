// An import's statistics as the Dataset record that stores them: the one place that says which parts
// of ExperimentData are kept (typed numbers, a file import, the quick path all come through here).
import { createDataset } from '../../lib/domain/create.ts';
import type { Dataset, DatasetSource, Iteration, JsonValue } from '../../lib/domain/types.ts';
import type { ExperimentData } from '../../lib/ingest/types.ts';

export function datasetFromData(
  iteration: Pick<Iteration, 'id' | 'experimentId'>,
  data: Pick<ExperimentData, 'arms' | 'metrics' | 'exposuresByHour' | 'diagnostics' | 'breakdowns'>,
  source: DatasetSource,
  armAssignment?: Dataset['armAssignment'],
): Dataset {
  return createDataset({
    iterationId: iteration.id,
    experimentId: iteration.experimentId,
    source,
    // Plain JSON: the diagnostics may hold a null-prototype record (skip reasons by name).
    diagnostics: JSON.parse(JSON.stringify(data.diagnostics)) as { [key: string]: JsonValue },
    arms: data.arms,
    metrics: { ...data.metrics },
    exposuresByHour: data.exposuresByHour,
    ...(data.breakdowns === undefined ? {} : { breakdowns: data.breakdowns }),
    ...(armAssignment === undefined ? {} : { armAssignment }),
  });
}

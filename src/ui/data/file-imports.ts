// Running an import of files read one way (through the ingest worker) and storing an iteration's files
// with the dataset computed from all of them.
import { datasetFromData } from '../services/dataset-from-data.ts';
import type { Iteration, JsonValue } from '../../lib/domain/types.ts';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
import {
  dropOrphanedFiles,
  importedFiles,
  replaceFileImports,
  type FileImport,
  type ImportedFile,
} from '../../lib/db/import-files.ts';
import type {
  ArmAssignment,
  AssignmentConfig,
  ExperimentData,
  FoundArmLabel,
} from '../../lib/ingest/index.ts';
import { assignmentSource } from '../../lib/domain/assignment-source.ts';
import { layerMembers } from '../../lib/domain/layer-overlap.ts';
import { trackedRanges } from '../../lib/bucketing/ranges.ts';
import type { IngestCallOptions } from '../../workers/ingest-client.ts';
import { fail, ok, type WorkerResult } from '../../lib/analysis/result.ts';
import { IngestError } from '../../lib/ingest/index.ts';
import { importWarehouseResult } from '../../lib/warehouse/result-import.ts';
import { workspace } from '../store/workspace.svelte.ts';
import { ingestClient, specForIteration } from '../services/ingest.ts';
import { toStored, withUnits } from './import-plan.ts';

/** The files as the worker reads them: named Files (a stored Blob may have lost its name). */
const named = (files: readonly { blob: Blob; name: string }[]) =>
  files.map(({ blob, name }) =>
    blob instanceof File && blob.name === name ? blob : new File([blob], name),
  );

/** Per-label statistics of `files` read together (the arm mapping comes after). */
export function readTogether(
  iteration: Iteration,
  files: readonly { blob: Blob; name: string }[],
  read: FileImport,
  options: IngestCallOptions,
): Promise<WorkerResult<ExperimentData>> {
  const client = ingestClient();
  const sources = named(files);
  const spec = specForIteration(
    iteration,
    read.kind === 'json' && read.countAll,
    read.kind === 'json' ? assignmentFor(iteration) : undefined,
  );
  switch (read.kind) {
    case 'json':
      return client.aggregateExperimentData(sources, spec, options);
    case 'events':
      return client.aggregateCsvEvents(sources, spec, read.mapping, options);
    case 'units':
      return client.aggregateCsvUnits(sources, spec, read.mapping, options);
    case 'summary':
      return client.aggregateSummaryCsv(sources, spec, options);
    case 'warehouse':
      // A query result is small (statistics, not events): read here, not in the worker.
      return importWarehouseResult(sources, spec, { signal: options.signal }).then(ok, (error) =>
        error instanceof IngestError
          ? fail(error.code, error.message, error.field)
          : fail('internal', `the result could not be read: ${(error as Error).message}`),
      );
  }
}

/**
 * The flag's bucketing for the assignment audit, when the workspace knows it, with the tracked ranges
 * of the other experiments of its layer hashed alike (a plain copy for the worker).
 */
function assignmentFor(iteration: Iteration): AssignmentConfig | undefined {
  const flag = workspace.flags.find((f) => f.key === iteration.flagKey);
  const source = assignmentSource(iteration, flag);
  if (!source.ok) return undefined;
  const config: AssignmentConfig = { ...source.value };
  const experiment = workspace.experiments.find((e) => e.id === iteration.experimentId);
  const layer = iteration.design.layer;
  if (experiment && layer) {
    const [self, ...others] = layerMembers(
      { key: experiment.key, layer },
      iteration.environmentKey,
      workspace.experiments,
      workspace.flags,
    );
    if (self?.experimentKey === experiment.key)
      config.layer = {
        key: layer.layerKey,
        others: others
          .filter((other) => other.hashPrefix === self.hashPrefix)
          .map((other) => ({
            experimentKey: other.experimentKey,
            ranges: trackedRanges(other.rollout).map(([from, to]) => [from, to]),
          })),
      };
  }
  return JSON.parse(JSON.stringify(config)) as AssignmentConfig;
}

let swept = false;

/** The iteration's files (the first call of a page also drops the files of deleted iterations). */
export async function filesOf(iterationId: string): Promise<ImportedFile[]> {
  const db = await workspace.db();
  if (!swept) {
    swept = true;
    await dropOrphanedFiles(db).catch(() => 0);
  }
  return importedFiles(db, iterationId);
}

/** A file record for `file` read as `read`, with its own diagnostics. */
export function fileRecord(
  iteration: Iteration,
  file: File,
  read: FileImport,
  assignment: ArmAssignment,
  diagnostics: ExperimentData['diagnostics'],
  addedAt: number,
): ImportedFile {
  return {
    id: crypto.randomUUID(),
    iterationId: iteration.id,
    name: file.name,
    size: file.size,
    addedAt,
    blob: file,
    read: plain(read) as unknown as FileImport,
    assignment: toStored(assignment),
    diagnostics: plain(diagnostics),
  };
}

/**
 * Stores the change to the iteration's files and the dataset computed from all of them
 * (`data` already assigned to the design's variations; null when no file is left).
 */
export async function saveFiles(
  iteration: Iteration,
  change: { add?: ImportedFile[]; removeIds?: string[] },
  all: readonly ImportedFile[],
  data: ExperimentData | null,
  assignment: ArmAssignment,
  found: readonly FoundArmLabel[],
): Promise<void> {
  const dataset = data
    ? datasetFromData(
        iteration,
        data,
        { kind: 'files', files: all.map((f) => ({ name: f.name, size: f.size })) },
        withUnits(assignment, found),
      )
    : null;
  await replaceFileImports(await workspace.db(), iteration.id, change, dataset);
}

// Every write the UI makes, in one place: each goes through src/lib/db, which checks the rules in a
// transaction. Rule refusals come back as violations for the form; a write nobody waits on (a
// dataset stored after an import, a flag toggled) reports its failure to the header's alert.
import { createEnvironment, createFlag, createLayer } from '../../lib/domain/create.ts';
import { uniqueKey } from '../../lib/domain/unique-key.ts';
import { defaultDeps } from '../../lib/domain/ids.ts';
import { DbError, toDbError } from '../../lib/db/errors.ts';
import { removeCorruptedRecord, repositories } from '../../lib/db/repository.ts';
import {
  deleteExperiment,
  editExperiment,
  importFlag,
  saveDataset,
  saveExperiment,
  saveFlag,
  saveSettings,
  setIterationDecision,
  setIterationWindowInDb,
  startIterationInDb,
  stopIterationInDb,
} from '../../lib/db/design-store.ts';
import type {
  AnalysisSettings,
  Dataset,
  DatasetSource,
  DecisionRecord,
  Experiment,
  Flag,
  FlagKind,
  Iteration,
  Layer,
} from '../../lib/domain/types.ts';
import type { Violation } from '../../lib/domain/violation.ts';
import type { IterationWindow } from '../../lib/domain/lifecycle.ts';
import {
  exportReadable,
  exportWorkspaceJson,
  importWorkspace,
  type DamagedRecord,
  type ImportMode,
} from '../../lib/db/workspace-store.ts';
import { serializeWorkspace } from '../../lib/domain/workspace-format.ts';
import type { TableName } from '../../lib/domain/record-shapes.ts';
import type { ExperimentData } from '../../lib/ingest/types.ts';
import { datasetFromData } from './dataset-from-data.ts';
import { headlines } from '../store/headlines.svelte.ts';
import { storageProblems } from '../store/storage-problems.svelte.ts';
import { workspace } from '../store/workspace.svelte.ts';

/** Runs a write; rule refusals become violations, anything else is rethrown for the error banner. */
async function refusals(work: () => Promise<unknown>): Promise<Violation[]> {
  try {
    await work();
    return [];
  } catch (error) {
    if (error instanceof DbError && error.code === 'rule-violation') return error.violations;
    if (error instanceof DbError)
      return [{ code: error.code, field: '', message: `${error.message} ${error.suggestion}` }];
    throw error;
  }
}

/** Saves a design with the layers created for it on the Design tab (stored only with the design). */
export async function saveDesign(
  experiment: Experiment,
  newLayers: Layer[] = [],
): Promise<Violation[]> {
  return refusals(async () =>
    saveExperiment(await workspace.db(), experiment, undefined, newLayers),
  );
}

export async function addEnvironment(key: string): Promise<void> {
  try {
    const db = await workspace.db();
    await repositories(db).environments.put(createEnvironment({ key, name: key }));
  } catch (error) {
    storageProblems.report(error, `Environment “${key}” was not added.`);
  }
}

export async function createFlagFor(fields: {
  key: string;
  name: string;
  kind: FlagKind;
  variations: string[];
}): Promise<Flag> {
  const db = await workspace.db();
  const flag = createFlag({
    key: fields.key,
    name: fields.name,
    kind: fields.kind,
    variations: fields.variations.map((name, index) => ({
      name,
      value: index === 0 ? false : name,
    })),
    environmentKeys: workspace.environments.map((env) => env.key),
  });
  return saveFlag(db, flag);
}

/**
 * Imports a flag's JSON (the platform's REST or SDK shape) into the workspace; an SDK document describes
 * one environment, taken as `environmentKey`. Refusals come back as one message listing the fields.
 */
export async function importFlagFor(doc: unknown, environmentKey: string): Promise<Flag> {
  const db = await workspace.db();
  try {
    return (await importFlag(db, doc, { deps: defaultDeps, environmentKey })).flag;
  } catch (error) {
    if (error instanceof DbError && error.details.violations?.length)
      throw new Error(
        `${error.message} ${error.details.violations.map((v) => v.message).join(' ')}`,
        { cause: error },
      );
    throw error;
  }
}

/**
 * A new layer for the design being edited. Not stored here: saveDesign writes it with the design, so
 * an abandoned draft leaves no layer behind. `pending` are layers already made for this draft.
 */
export async function createLayerNamed(
  fields: { name: string; description: string },
  pending: Layer[] = [],
): Promise<Layer> {
  const known = [...workspace.layers, ...pending];
  const key = uniqueKey(fields.name, 'layer', (taken) =>
    known.some((layer) => layer.key === taken),
  );
  return createLayer({ key, name: fields.name, description: fields.description });
}

/** Turns the flag on or off in one environment (creating its environment state if needed). */
export async function setFlagOn(flag: Flag, environmentKey: string, on: boolean): Promise<void> {
  const db = await workspace.db();
  const current = flag.environments[environmentKey] ?? {
    on: false,
    rules: [],
    fallthrough: { variation: 0 },
    offVariation: null,
    guardedRolloutActive: false,
    progressiveRolloutActive: false,
  };
  try {
    await saveFlag(db, {
      ...flag,
      environments: { ...flag.environments, [environmentKey]: { ...current, on } },
      updatedAt: Date.now(),
    });
  } catch (error) {
    storageProblems.report(error, `Flag “${flag.key}” was not switched ${on ? 'on' : 'off'}.`);
  }
}

export async function startIterationIn(
  experimentId: string,
  environmentKey: string,
): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => startIterationInDb(db, experimentId, environmentKey));
}

export async function stopIterationById(iterationId: string): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => stopIterationInDb(db, iterationId));
}

/** Sets or back-dates an iteration's window [start, end); refusals come back as violations. */
export async function setIterationWindowOf(
  iterationId: string,
  window: IterationWindow,
): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => setIterationWindowInDb(db, iterationId, window));
}

/** Records (or, with null, removes) the team's decision on an iteration; refusals come back as violations. */
export async function recordDecisionOf(
  iterationId: string,
  record: DecisionRecord | null,
): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => setIterationDecision(db, iterationId, record));
}

/** Deletes an experiment with its iterations and datasets; the db layer refuses while one runs. */
export async function removeExperiment(experimentId: string): Promise<Violation[]> {
  const db = await workspace.db();
  const problems = await refusals(() => deleteExperiment(db, experimentId));
  if (problems.length === 0) headlines.forget([experimentId]);
  return problems;
}

/**
 * Stores an imported dataset; null when storage failed, after reporting why (quota full, a value
 * that is not a finite number…) to the header's alert. Nothing is half-written: one transaction.
 */
export async function storeDataset(
  iteration: Iteration,
  data: ExperimentData,
  source: DatasetSource,
): Promise<Dataset | null> {
  try {
    const db = await workspace.db();
    const dataset = datasetFromData(iteration, data, source);
    await saveDataset(db, dataset);
    return dataset;
  } catch (error) {
    reportDatasetFailure(error);
    return null;
  }
}

/** Shows why imported data that was analysed could not be stored, with what to do, in the storage alert. */
export function reportDatasetFailure(error: unknown): void {
  const failure = toDbError(error);
  if (failure.code === 'invalid-record') {
    const first = failure.violations[0];
    storageProblems.report(
      new DbError(
        'invalid-record',
        `The imported data was analysed but not stored: ${first ? `${first.field} ${first.message}` : failure.message}`,
        'Nothing was stored. Check the file for values that are not numbers (empty, NaN or infinite) and import it again.',
      ),
    );
  } else storageProblems.report(failure, 'The imported data was analysed but not stored.');
}

/**
 * Saves settings changed on the Results tab: into the experiment when it has settings of its own
 * (γ² set on a metric), otherwise as the workspace's settings.
 */
export async function saveResultsSettings(
  experiment: Experiment,
  analysis: AnalysisSettings,
): Promise<void> {
  if (!experiment.analysis) return saveAnalysisSettings(analysis);
  try {
    await editExperiment(await workspace.db(), experiment.id, { analysis });
  } catch (error) {
    storageProblems.report(error, 'The analysis settings were not saved.');
  }
}

export async function saveAnalysisSettings(analysis: AnalysisSettings): Promise<void> {
  try {
    await saveSettings(await workspace.db(), { ...workspace.settings, analysis });
  } catch (error) {
    storageProblems.report(error, 'The analysis settings were not saved.');
  }
}

/** The whole workspace as JSON text (one read transaction: a consistent copy). */
export async function workspaceJson(): Promise<string> {
  const db = await workspace.db();
  return exportWorkspaceJson(db);
}

/** The recovery export: every readable record as a workspace file, and the damaged ones as stored. */
export async function readableWorkspace(): Promise<{ json: string; damaged: DamagedRecord[] }> {
  const { file, damaged } = await exportReadable(await workspace.db());
  return { json: serializeWorkspace(file), damaged };
}

/** Deletes damaged records without reading them; the page reloads to read the workspace again. */
export async function removeDamagedRecords(
  records: { table: TableName; id: string }[],
): Promise<void> {
  const db = await workspace.db();
  for (const { table, id } of records) await removeCorruptedRecord(db, table, id);
}

export type WorkspaceImportOutcome =
  | { ok: true; experiments: number; datasets: number }
  | { ok: false; message: string; suggestion: string; problems: Violation[] };

/** Imports a workspace file's text; nothing is written unless the whole file is valid and fits. */
export async function importWorkspaceText(
  text: string,
  mode: ImportMode,
): Promise<WorkspaceImportOutcome> {
  const db = await workspace.db();
  try {
    const file = await importWorkspace(db, text, mode);
    // The cached headlines describe the data as it was: drop those the import replaced.
    if (mode === 'replace') headlines.clear();
    else headlines.forget(file.experiments.map((experiment) => experiment.id));
    return { ok: true, experiments: file.experiments.length, datasets: file.datasets.length };
  } catch (error) {
    if (error instanceof DbError)
      return {
        ok: false,
        message: error.message,
        suggestion: error.suggestion,
        problems: error.violations,
      };
    throw error;
  }
}

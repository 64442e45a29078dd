// Every write the UI makes, in one place: each goes through src/lib/db, which checks the rules in a
// transaction. Rule refusals come back as violations for the form; other failures as a DbError.
import {
  createDataset,
  createEnvironment,
  createFlag,
  createLayer,
} from '../../lib/domain/create.ts';
import { uniqueKey } from '../../lib/domain/unique-key.ts';
import { DbError } from '../../lib/db/errors.ts';
import { repositories } from '../../lib/db/repository.ts';
import {
  deleteExperiment,
  editExperiment,
  saveDataset,
  saveExperiment,
  saveFlag,
  saveSettings,
  setIterationWindow,
  startIteration,
  stopIteration,
} from '../../lib/db/design-store.ts';
import type {
  AnalysisSettings,
  Dataset,
  DatasetSource,
  Experiment,
  Flag,
  FlagKind,
  Iteration,
  JsonValue,
  Layer,
} from '../../lib/domain/types.ts';
import type { Violation } from '../../lib/domain/violation.ts';
import type { IterationWindow } from '../../lib/domain/lifecycle.ts';
import {
  exportWorkspaceJson,
  importWorkspace,
  type ImportMode,
} from '../../lib/db/workspace-store.ts';
import type { ExperimentData } from '../../lib/ingest/types.ts';
import { headlines } from '../store/headlines.svelte.ts';
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

export async function saveDesign(experiment: Experiment): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => saveExperiment(db, experiment));
}

export async function addEnvironment(key: string): Promise<void> {
  const db = await workspace.db();
  await repositories(db).environments.put(createEnvironment({ key, name: key }));
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

export async function createLayerNamed(fields: {
  name: string;
  description: string;
}): Promise<Layer> {
  const db = await workspace.db();
  const key = uniqueKey(fields.name, 'layer', (taken) =>
    workspace.layers.some((layer) => layer.key === taken),
  );
  const layer = createLayer({ key, name: fields.name, description: fields.description });
  await repositories(db).layers.put(layer);
  return layer;
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
  await saveFlag(db, {
    ...flag,
    environments: { ...flag.environments, [environmentKey]: { ...current, on } },
    updatedAt: Date.now(),
  });
}

export async function startIterationIn(
  experimentId: string,
  environmentKey: string,
): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => startIteration(db, experimentId, environmentKey));
}

export async function stopIterationById(iterationId: string): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => stopIteration(db, iterationId));
}

/** Sets or back-dates an iteration's window [start, end); refusals come back as violations. */
export async function setIterationWindowOf(
  iterationId: string,
  window: IterationWindow,
): Promise<Violation[]> {
  const db = await workspace.db();
  return refusals(() => setIterationWindow(db, iterationId, window));
}

/** Deletes an experiment with its iterations and datasets; the db layer refuses while one runs. */
export async function removeExperiment(experimentId: string): Promise<Violation[]> {
  const db = await workspace.db();
  const problems = await refusals(() => deleteExperiment(db, experimentId));
  if (problems.length === 0) headlines.forget([experimentId]);
  return problems;
}

export async function storeDataset(
  iteration: Iteration,
  data: ExperimentData,
  source: DatasetSource,
): Promise<Dataset> {
  const db = await workspace.db();
  const dataset = createDataset({
    iterationId: iteration.id,
    experimentId: iteration.experimentId,
    source,
    diagnostics: JSON.parse(JSON.stringify(data.diagnostics)) as { [key: string]: JsonValue },
    arms: data.arms,
    metrics: data.metrics,
    exposuresByHour: data.exposuresByHour,
  });
  await saveDataset(db, dataset);
  return dataset;
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
  const db = await workspace.db();
  await editExperiment(db, experiment.id, { analysis });
}

export async function saveAnalysisSettings(analysis: AnalysisSettings): Promise<void> {
  const db = await workspace.db();
  await saveSettings(db, { ...workspace.settings, analysis });
}

/** The whole workspace as JSON text (one read transaction: a consistent copy). */
export async function workspaceJson(): Promise<string> {
  const db = await workspace.db();
  return exportWorkspaceJson(db);
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

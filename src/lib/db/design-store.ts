// Multi-record changes to designs and iterations. Each runs in one read-write transaction: the
// rules are checked against what is stored at that moment, and either every record is written or,
// on any failure, none is.

import { defaultWorkspaceSettings } from '../domain/create.ts';
import { checkSavable } from '../domain/design-rules.ts';
import { recordDecision } from '../domain/decision-record.ts';
import { importFlagJson, type FlagImportOptions } from '../domain/flag-import.ts';
import { defaultDeps, type Deps } from '../domain/ids.ts';
import {
  applyDesignEdit,
  planIterationWindow,
  planIterationStart,
  planIterationStop,
  type ExperimentEdit,
  type IterationChange,
  type IterationWindow,
  type StopOptions,
} from '../domain/lifecycle.ts';
import {
  importRestExperiment,
  type RestExperimentImport,
} from '../domain/rest-experiment-import.ts';
import type {
  Dataset,
  DecisionRecord,
  Experiment,
  Flag,
  Iteration,
  Layer,
  WorkspaceSettings,
} from '../domain/types.ts';
import type { Violation } from '../domain/violation.ts';
import type { WorkspaceView } from '../domain/workspace-view.ts';
import type { CredenceDb } from './credence-db.ts';
import { conflictError, DbError, notFound, ruleViolation, toDbError } from './errors.ts';
import { assertFiniteStatistics } from './finite-statistics.ts';
import { repositories } from './repository.ts';

const DESIGN_TABLES = ['flags', 'layers', 'holdouts', 'experiments', 'iterations'] as const;

/** Runs `work` in one read-write transaction over `tables`; any error aborts it and becomes a DbError. */
export async function inTransaction<T>(
  db: CredenceDb,
  tables: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction('rw', [...tables], work);
  } catch (error) {
    throw toDbError(error);
  }
}

async function loadView(db: CredenceDb): Promise<WorkspaceView> {
  const repos = repositories(db);
  const [flags, layers, holdouts, experiments, iterations] = await Promise.all([
    repos.flags.list(),
    repos.layers.list(),
    repos.holdouts.list(),
    repos.experiments.list(),
    repos.iterations.list(),
  ]);
  return { flags, layers, holdouts, experiments, iterations };
}

async function writeChange(db: CredenceDb, change: IterationChange): Promise<void> {
  const repos = repositories(db);
  await repos.experiments.put(change.experiment);
  for (const iteration of [...change.ended, ...change.updated, ...change.started])
    await repos.iterations.put(iteration);
}

function unwrap<T>(
  action: string,
  result: { ok: true; value: T } | { ok: false; violations: Violation[] },
): T {
  if (!result.ok) throw ruleViolation(action, result.violations);
  return result.value;
}

const revisionOf = (record: { revision?: number } | undefined) => record?.revision ?? 0;

/** Layers created while editing a design, stored with it (and only with it); refused if the name is taken. */
async function addNewLayers(db: CredenceDb, view: WorkspaceView, layers: Layer[]) {
  const repos = repositories(db);
  const added: Layer[] = [];
  for (const layer of layers) {
    if (view.layers.some((l) => l.id === layer.id)) continue;
    const name = layer.name.trim().toLowerCase();
    if (
      [...view.layers, ...added].some(
        (l) => l.key === layer.key || l.name.trim().toLowerCase() === name,
      )
    )
      throw ruleViolation('The experiment cannot be saved', [
        {
          code: 'duplicate-layer',
          field: 'layer.layerKey',
          message: `A layer named “${layer.name}” already exists: choose it instead of creating another.`,
        },
      ]);
    await repos.layers.put(layer);
    added.push(layer);
  }
  return { ...view, layers: [...view.layers, ...added] };
}

/**
 * Saves a design. A new draft is stored unless it contradicts itself (checkSavable); an existing one
 * goes through applyDesignEdit, so edits to a running experiment end and restart its iterations.
 * The draft must come from the stored revision: a draft from an older one (another tab saved since)
 * is refused with a 'conflict' DbError, so no change is ever reverted silently. `newLayers` (created
 * on the Design tab) are written in the same transaction.
 */
export function saveExperiment(
  db: CredenceDb,
  experiment: Experiment,
  deps: Deps = defaultDeps,
  newLayers: Layer[] = [],
): Promise<IterationChange> {
  return inTransaction(db, DESIGN_TABLES, async () => {
    const view = await addNewLayers(db, await loadView(db), newLayers);
    const stored = view.experiments.find((e) => e.id === experiment.id);
    if (stored && revisionOf(stored) !== revisionOf(experiment))
      throw conflictError('experiments', stored.id, stored.name);
    const revision = revisionOf(stored) + 1;
    if (!stored) {
      const problems = checkSavable(experiment, view);
      if (problems.length > 0) throw ruleViolation('The experiment cannot be saved', problems);
      const change: IterationChange = {
        experiment: { ...experiment, revision },
        ended: [],
        started: [],
        updated: [],
        restartedBecause: [],
      };
      await writeChange(db, change);
      return change;
    }
    const { id: _id, createdAt: _c, updatedAt: _u, ...edit } = experiment;
    const change = unwrap(
      'The experiment cannot be saved',
      applyDesignEdit(stored, { ...edit, revision }, view, deps),
    );
    await writeChange(db, change);
    return change;
  });
}

/** Applies an edit to a stored design (see applyDesignEdit for what restarts an iteration). */
export function editExperiment(
  db: CredenceDb,
  experimentId: string,
  edit: ExperimentEdit,
  deps: Deps = defaultDeps,
): Promise<IterationChange> {
  return inTransaction(db, DESIGN_TABLES, async () => {
    const view = await loadView(db);
    const stored = view.experiments.find((e) => e.id === experimentId);
    if (!stored) throw notFound('experiments', experimentId);
    const revised = { ...edit, revision: revisionOf(stored) + 1 };
    const change = unwrap(
      'The change cannot be saved',
      applyDesignEdit(stored, revised, view, deps),
    );
    await writeChange(db, change);
    return change;
  });
}

/** Checks the start rules, ends this experiment's running iteration in the environment, writes the new one. */
export function startIterationInDb(
  db: CredenceDb,
  experimentId: string,
  environmentKey: string,
  deps: Deps = defaultDeps,
): Promise<IterationChange> {
  return inTransaction(db, DESIGN_TABLES, async () => {
    const view = await loadView(db);
    const experiment = view.experiments.find((e) => e.id === experimentId);
    if (!experiment) throw notFound('experiments', experimentId);
    const change = unwrap(
      'The iteration cannot start',
      planIterationStart(experiment, environmentKey, view, deps),
    );
    await writeChange(db, change);
    return change;
  });
}

export function stopIterationInDb(
  db: CredenceDb,
  iterationId: string,
  options: StopOptions = {},
  deps: Deps = defaultDeps,
): Promise<Iteration> {
  return inTransaction(db, ['iterations', 'experiments'], async () => {
    const repos = repositories(db);
    const iteration = await repos.iterations.get(iterationId);
    const stopped = unwrap(
      'The iteration cannot be stopped',
      planIterationStop(iteration, deps.now(), options),
    );
    await repos.iterations.put(stopped);
    const experiment = await repos.experiments.get(iteration.experimentId);
    await repos.experiments.put({ ...experiment, updatedAt: deps.now() });
    return stopped;
  });
}

/** Sets or back-dates an iteration's window (see planIterationWindow for the rules). */
export function setIterationWindowInDb(
  db: CredenceDb,
  iterationId: string,
  window: IterationWindow,
  deps: Deps = defaultDeps,
): Promise<Iteration> {
  return inTransaction(db, ['iterations', 'experiments'], async () => {
    const repos = repositories(db);
    const iteration = await repos.iterations.get(iterationId);
    const changed = unwrap(
      "The iteration's window cannot be set",
      planIterationWindow(iteration, window, deps.now()),
    );
    await repos.iterations.put(changed);
    const experiment = await repos.experiments.get(iteration.experimentId);
    await repos.experiments.put({ ...experiment, updatedAt: deps.now() });
    return changed;
  });
}

/** Sets (or, with null, removes) the team's decision record on an iteration. */
export function setIterationDecision(
  db: CredenceDb,
  iterationId: string,
  record: DecisionRecord | null,
  deps: Deps = defaultDeps,
): Promise<Iteration> {
  return inTransaction(db, ['iterations', 'experiments'], async () => {
    const repos = repositories(db);
    const iteration = await repos.iterations.get(iterationId);
    const changed = unwrap('The decision cannot be recorded', recordDecision(iteration, record));
    await repos.iterations.put(changed);
    const experiment = await repos.experiments.get(iteration.experimentId);
    await repos.experiments.put({ ...experiment, updatedAt: deps.now() });
    return changed;
  });
}

/** Deletes an experiment with its iterations and datasets; refused while an iteration runs [ours]. */
export function deleteExperiment(db: CredenceDb, experimentId: string): Promise<void> {
  return inTransaction(db, ['experiments', 'iterations', 'datasets'], async () => {
    const repos = repositories(db);
    await repos.experiments.get(experimentId);
    const iterations = await db.iterations.where('experimentId').equals(experimentId).toArray();
    if (iterations.some((it) => it.status === 'running')) {
      throw ruleViolation('The experiment cannot be deleted', [
        { code: 'running', field: 'status', message: 'It has a running iteration: stop it first.' },
      ]);
    }
    await db.datasets.where('experimentId').equals(experimentId).delete();
    await db.iterations.where('experimentId').equals(experimentId).delete();
    await db.experiments.delete(experimentId);
  });
}

/** Stores a dataset for an existing iteration. */
export function saveDataset(db: CredenceDb, dataset: Dataset): Promise<void> {
  try {
    assertFiniteStatistics(dataset);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return inTransaction(db, ['iterations', 'datasets'], async () => {
    const repos = repositories(db);
    const iteration = await repos.iterations.get(dataset.iterationId);
    if (iteration.experimentId !== dataset.experimentId) {
      throw ruleViolation('The dataset cannot be saved', [
        {
          code: 'wrong-experiment',
          field: 'experimentId',
          message: `Iteration ${iteration.id} belongs to another experiment.`,
        },
      ]);
    }
    await repos.datasets.put(dataset);
  });
}

/**
 * Adds or replaces (by key, keeping the stored id) a flag. A flag read from storage carries its
 * revision: saving it after another tab saved the flag is refused as a conflict. A flag without one
 * (new, or imported from a file) replaces the stored one deliberately.
 */
export function saveFlag(db: CredenceDb, flag: Flag): Promise<Flag> {
  return inTransaction(db, ['flags'], async () => {
    const existing = await db.flags.where('key').equals(flag.key).first();
    if (existing && flag.revision !== undefined && revisionOf(existing) !== flag.revision)
      throw conflictError('flags', existing.id, existing.name || existing.key);
    const revision = revisionOf(existing) + 1;
    const record = existing
      ? { ...flag, id: existing.id, createdAt: existing.createdAt, revision }
      : { ...flag, revision };
    await repositories(db).flags.put(record);
    return record;
  });
}

/** Imports a flag document (SDK or REST shape) and saves it; returns the import's warnings. */
export async function importFlag(
  db: CredenceDb,
  doc: unknown,
  options: FlagImportOptions,
): Promise<{ flag: Flag; warnings: Violation[] }> {
  const result = importFlagJson(doc, options);
  if (!result.ok)
    throw new DbError(
      'invalid-workspace',
      'The flag JSON cannot be imported.',
      'Fix the fields listed and import it again.',
      { violations: result.violations },
    );
  const flag = await saveFlag(db, result.value.flag);
  return { flag, warnings: result.value.warnings };
}

/**
 * Imports an experiment from the platform's REST JSON with its iterations (and its layer when the
 * workspace lacks it) in one transaction. Refused when its key exists or the design contradicts itself.
 */
export function importExperiment(
  db: CredenceDb,
  doc: unknown,
  options: { environmentKey?: string; deps?: Deps } = {},
): Promise<RestExperimentImport> {
  const deps = options.deps ?? defaultDeps;
  return inTransaction(db, DESIGN_TABLES, async () => {
    const view = await loadView(db);
    const result = importRestExperiment(doc, {
      deps,
      environmentKey: options.environmentKey,
      flags: view.flags,
    });
    if (!result.ok)
      throw new DbError(
        'invalid-workspace',
        'The experiment JSON cannot be imported.',
        'Fix the fields listed and import it again.',
        { violations: result.violations },
      );
    const imported = result.value;
    if (view.experiments.some((e) => e.key === imported.experiment.key)) {
      throw new DbError(
        'duplicate-key',
        `An experiment with key “${imported.experiment.key}” already exists.`,
        'Delete or rename the existing experiment first.',
      );
    }
    const repos = repositories(db);
    const layerKnown =
      imported.layer === null || view.layers.some((l) => l.key === imported.layer?.key);
    const layers = layerKnown ? view.layers : [...view.layers, imported.layer!];
    const problems = checkSavable(imported.experiment, {
      ...view,
      layers,
      experiments: [...view.experiments, imported.experiment],
    });
    if (problems.length > 0)
      throw ruleViolation('The imported experiment cannot be saved', problems);
    if (!layerKnown) await repos.layers.put(imported.layer!);
    await repos.experiments.put(imported.experiment);
    for (const iteration of imported.iterations) await repos.iterations.put(iteration);
    return imported;
  });
}

/** The workspace settings, or the defaults when none were saved yet. */
export async function getSettings(db: CredenceDb): Promise<WorkspaceSettings> {
  return (await repositories(db).settings.find('workspace')) ?? defaultWorkspaceSettings();
}

export function saveSettings(db: CredenceDb, settings: WorkspaceSettings): Promise<void> {
  return repositories(db).settings.put(settings);
}

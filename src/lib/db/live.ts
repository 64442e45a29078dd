// Live queries for the UI: each returns a Dexie Observable that emits again whenever the tables it
// read change — in this tab or, through Dexie's cross-tab propagation, in another tab. Subscribe
// with `.subscribe({ next, error })`; errors arrive as DbError.

import { liveQuery, type Observable } from 'dexie';
import type { RecordOf, TableName } from '../domain/record-shapes.ts';
import type { WorkspaceSettings } from '../domain/types.ts';
import type { CredenceDb } from './credence-db.ts';
import { getSettings } from './design-store.ts';
import { checkedRead, guarded, repositories } from './repository.ts';

export function liveTable<N extends TableName>(
  db: CredenceDb,
  table: N,
): Observable<RecordOf[N][]> {
  return liveQuery(() => repositories(db)[table].list() as Promise<RecordOf[N][]>);
}

export const liveEnvironments = (db: CredenceDb) => liveTable(db, 'environments');
export const liveFlags = (db: CredenceDb) => liveTable(db, 'flags');
export const liveLayers = (db: CredenceDb) => liveTable(db, 'layers');
export const liveHoldouts = (db: CredenceDb) => liveTable(db, 'holdouts');
export const liveExperiments = (db: CredenceDb) => liveTable(db, 'experiments');

/** One experiment, or undefined once it is deleted. */
export function liveExperiment(
  db: CredenceDb,
  experimentId: string,
): Observable<RecordOf['experiments'] | undefined> {
  return liveQuery(() => repositories(db).experiments.find(experimentId));
}

/** An experiment's iterations, oldest first per environment. */
export function liveIterations(
  db: CredenceDb,
  experimentId: string,
): Observable<RecordOf['iterations'][]> {
  return liveQuery(() =>
    guarded(async () => {
      const rows = await db.iterations.where('experimentId').equals(experimentId).toArray();
      return rows
        .map((r) => checkedRead('iterations', r))
        .sort((a, b) => a.environmentKey.localeCompare(b.environmentKey) || a.number - b.number);
    }),
  );
}

/** The datasets imported for one iteration, oldest first. */
export function liveDatasets(
  db: CredenceDb,
  iterationId: string,
): Observable<RecordOf['datasets'][]> {
  return liveQuery(() =>
    guarded(async () => {
      const rows = await db.datasets.where('iterationId').equals(iterationId).toArray();
      return rows.map((r) => checkedRead('datasets', r)).sort((a, b) => a.createdAt - b.createdAt);
    }),
  );
}

/** The datasets imported for one experiment (every iteration), oldest first. */
export function experimentDatasets(
  db: CredenceDb,
  experimentId: string,
): Promise<RecordOf['datasets'][]> {
  return guarded(async () => {
    const rows = await db.datasets.where('experimentId').equals(experimentId).toArray();
    return rows.map((r) => checkedRead('datasets', r)).sort((a, b) => a.createdAt - b.createdAt);
  });
}

export function liveExperimentDatasets(
  db: CredenceDb,
  experimentId: string,
): Observable<RecordOf['datasets'][]> {
  return liveQuery(() => experimentDatasets(db, experimentId));
}

export const liveAllDatasets = (db: CredenceDb) => liveTable(db, 'datasets');

export function liveSettings(db: CredenceDb): Observable<WorkspaceSettings> {
  return liveQuery(() => getSettings(db));
}

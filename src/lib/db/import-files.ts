// The files an iteration's data came from: each file's bytes (a Blob), how it was read (kind, column
// mapping), the arm assignment chosen for its labels and its own diagnostics. The iteration's dataset
// is the import of all of them together (units counted once across files), recomputed when one is
// added or removed. Not part of the workspace JSON export (that carries the computed datasets).
import type { Dataset, JsonValue } from '../domain/types.ts';
import type { CsvEventMapping, CsvUnitMapping } from '../ingest/index.ts';
import type { CredenceDb } from './credence-db.ts';
import { inTransaction } from './design-store.ts';
import { repositories } from './repository.ts';
import { assertFiniteStatistics } from './finite-statistics.ts';

/** How a file is read. */
export type FileImport =
  | { kind: 'json'; countAll: boolean }
  | { kind: 'events'; mapping: CsvEventMapping }
  | { kind: 'units'; mapping: CsvUnitMapping }
  | { kind: 'summary' }
  /** The result of a generated warehouse query (src/lib/warehouse). */
  | { kind: 'warehouse' };

/** A label → a variation index, or null: excluded. */
export type StoredAssignment = { label: string; variation: number | null }[];

export type ImportedFile = {
  id: string;
  iterationId: string;
  name: string;
  size: number;
  addedAt: number;
  blob: Blob;
  read: FileImport;
  assignment: StoredAssignment;
  /** The file's diagnostics when imported on its own. */
  diagnostics: { [key: string]: JsonValue };
};

const TABLE = 'importFiles';

export async function importedFiles(db: CredenceDb, iterationId: string): Promise<ImportedFile[]> {
  const rows = (await db
    .table(TABLE)
    .where('iterationId')
    .equals(iterationId)
    .toArray()) as ImportedFile[];
  return rows.sort((a, b) => a.addedAt - b.addedAt || a.name.localeCompare(b.name));
}

/**
 * Stores the iteration's files as they now are and the dataset computed from all of them (or none,
 * when no file is left), replacing the dataset the iteration's files gave before.
 */
export function replaceFileImports(
  db: CredenceDb,
  iterationId: string,
  change: { add?: ImportedFile[]; removeIds?: string[] },
  dataset: Dataset | null,
): Promise<void> {
  try {
    if (dataset) assertFiniteStatistics(dataset);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return inTransaction(db, [TABLE, 'datasets', 'iterations'], async () => {
    const table = db.table(TABLE);
    if (change.removeIds?.length) await table.bulkDelete(change.removeIds);
    if (change.add?.length) await table.bulkPut(change.add);
    const earlier = await db.datasets.where('iterationId').equals(iterationId).toArray();
    // Datasets imported before files were kept (no arm assignment) stay: nothing could recompute them.
    const derived = earlier.filter((d) => d.source.kind === 'files' && d.armAssignment);
    await db.datasets.bulkDelete(derived.map((d) => d.id));
    if (dataset) await repositories(db).datasets.put(dataset);
  });
}

/**
 * Deletes the files of iterations that no longer exist (an experiment deleted, a workspace replaced):
 * nothing else refers to them, and their bytes would fill the disk.
 */
export async function dropOrphanedFiles(db: CredenceDb): Promise<number> {
  return inTransaction(db, [TABLE, 'iterations'], async () => {
    const ids = (await db.iterations.toCollection().primaryKeys()) as string[];
    return db.table(TABLE).where('iterationId').noneOf(ids).delete();
  });
}

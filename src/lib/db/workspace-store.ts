// Whole-workspace export, import and seeding, each in one transaction over every table.

import { checkRecord, TABLE_NAMES, type TableName } from '../domain/record-shapes.ts';
import {
  buildWorkspaceFile,
  parseWorkspace,
  serializeWorkspace,
  type WorkspaceFile,
  type WorkspaceTables,
} from '../domain/workspace-format.ts';
import type { CredenceDb } from './credence-db.ts';
import { DbError, toDbError } from './errors.ts';
import { checkedRead, plainRecord, primaryKeyOf, tableOf } from './repository.ts';

export type ImportMode = 'replace' | 'merge';

/** Reads every table in one (read-only) transaction, so the file is a consistent snapshot. */
export async function exportWorkspace(
  db: CredenceDb,
  now: number = Date.now(),
): Promise<WorkspaceFile> {
  try {
    return await db.transaction('r', [...TABLE_NAMES], async () => {
      const tables = {} as Record<string, unknown[]>;
      for (const table of TABLE_NAMES)
        tables[table] = (await tableOf(db, table).toArray()).map((r) => checkedRead(table, r));
      return buildWorkspaceFile(tables as WorkspaceTables, now);
    });
  } catch (error) {
    throw toDbError(error);
  }
}

export async function exportWorkspaceJson(
  db: CredenceDb,
  now: number = Date.now(),
): Promise<string> {
  return serializeWorkspace(await exportWorkspace(db, now));
}

export type DamagedRecord = { table: TableName; id: string; problem: string; record: unknown };

/**
 * The way out when a record is damaged (so exportWorkspace refuses): a workspace file with every
 * record that still passes its check, and the damaged records apart, as stored, for the user to keep.
 */
export async function exportReadable(
  db: CredenceDb,
  now: number = Date.now(),
): Promise<{ file: WorkspaceFile; damaged: DamagedRecord[] }> {
  try {
    return await db.transaction('r', [...TABLE_NAMES], async () => {
      const tables = {} as Record<string, unknown[]>;
      const damaged: DamagedRecord[] = [];
      for (const table of TABLE_NAMES) {
        tables[table] = [];
        for (const record of await tableOf(db, table).toArray()) {
          const problems = checkRecord(table, record);
          if (problems.length === 0) tables[table].push(record);
          else
            damaged.push({
              table,
              id: primaryKeyOf(table, record),
              problem: `${problems[0].field}: ${problems[0].message}`,
              record,
            });
        }
      }
      return { file: buildWorkspaceFile(tables as WorkspaceTables, now), damaged };
    });
  } catch (error) {
    throw toDbError(error);
  }
}

/** Saves of the same record in two places must not look alike: an import over a stored record raises its revision. */
async function raiseRevisions(db: CredenceDb, table: TableName, records: unknown[]) {
  if (table !== 'experiments' && table !== 'flags') return;
  for (const record of records as { id: string; revision?: number }[]) {
    const stored = (await tableOf(db, table).get(record.id)) as { revision?: number } | undefined;
    if (stored) record.revision = Math.max(stored.revision ?? 0, record.revision ?? 0) + 1;
  }
}

async function writeTables(
  db: CredenceDb,
  tables: WorkspaceTables,
  mode: ImportMode,
): Promise<void> {
  const copies = {} as Record<string, unknown[]>;
  for (const table of TABLE_NAMES)
    copies[table] = tables[table].map((r) => plainRecord(table, r as never));
  try {
    await db.transaction('rw', [...TABLE_NAMES], async () => {
      for (const table of TABLE_NAMES) await raiseRevisions(db, table, copies[table]);
      if (mode === 'replace') for (const table of TABLE_NAMES) await tableOf(db, table).clear();
      for (const table of TABLE_NAMES) await tableOf(db, table).bulkPut(copies[table] as never[]);
    });
  } catch (error) {
    throw toDbError(error);
  }
}

/**
 * Imports a workspace file (parsed or JSON text). It is checked in full first; nothing is written
 * when anything is wrong. "replace" empties every table first; "merge" keeps stored records and
 * overwrites those with the same id (a record whose key belongs to another stored id is refused as
 * a duplicate key). Either way the whole import is one transaction.
 */
export async function importWorkspace(
  db: CredenceDb,
  input: unknown,
  mode: ImportMode = 'replace',
): Promise<WorkspaceFile> {
  const parsed = parseWorkspace(input);
  if (!parsed.ok) {
    const first = parsed.violations[0];
    throw new DbError(
      'invalid-workspace',
      `The workspace file cannot be imported: ${first.message}${parsed.violations.length > 1 ? ` (and ${parsed.violations.length - 1} more problems)` : ''}`,
      'Nothing was changed. Fix the file (every problem is listed with its path) or export it again from Credence.',
      { violations: parsed.violations },
    );
  }
  const kinds = parsed.value.settings.flatMap((settings) => settings.contextKinds);
  const repeated = kinds.find((kind, i) => kinds.findIndex((k) => k.key === kind.key) !== i);
  if (repeated) {
    throw new DbError(
      'invalid-workspace',
      `The workspace file cannot be imported: context kind “${repeated.key}” is listed twice in its settings.`,
      'Nothing was changed. Keep one entry per context kind in "settings", then import the file again.',
      { violations: [] },
    );
  }
  await writeTables(db, parsed.value, mode);
  return parsed.value;
}

/** Writes a whole workspace (for example generated demo data) in one transaction, replacing what is stored. */
export async function seedWorkspace(db: CredenceDb, workspace: WorkspaceTables): Promise<void> {
  const file = buildWorkspaceFile(workspace, 0);
  const parsed = parseWorkspace(file);
  if (!parsed.ok) {
    throw new DbError(
      'invalid-workspace',
      `The workspace to seed is invalid: ${parsed.violations[0].message}`,
      'Fix the generator: every problem is listed with its path.',
      {
        violations: parsed.violations,
      },
    );
  }
  await writeTables(db, workspace, 'replace');
}

// Whole-workspace export, import and seeding, each in one transaction over every table.

import { TABLE_NAMES } from '../domain/record-shapes.ts';
import {
  buildWorkspaceFile,
  parseWorkspace,
  serializeWorkspace,
  type WorkspaceFile,
  type WorkspaceTables,
} from '../domain/workspace-format.ts';
import type { CredenceDb } from './credence-db.ts';
import { DbError, toDbError } from './errors.ts';
import { checkedRead, plainRecord, tableOf } from './repository.ts';

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

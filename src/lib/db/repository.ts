// Table access with the model's guarantees: writes store a structured clone of plain data that
// passes the record's shape check (a Svelte $state proxy fails loudly here: $state.snapshot() it
// first); reads check the shape again, so a damaged record surfaces as a DbError, never as NaN later.

import type { Table } from 'dexie';
import {
  checkRecord,
  primaryKeyField,
  type RecordOf,
  type TableName,
} from '../domain/record-shapes.ts';
import type { CredenceDb } from './credence-db.ts';
import { corruptedRecord, DbError, invalidRecord, notFound, toDbError } from './errors.ts';

/** Runs `work`, turning anything it throws into a DbError. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDbError(error);
  }
}

export function tableOf<N extends TableName>(db: CredenceDb, table: N): Table<RecordOf[N], string> {
  return db.table(table);
}

export const primaryKeyOf = (table: TableName, record: unknown) =>
  String((record as Record<string, unknown>)[primaryKeyField(table)] ?? '?');

/** A checked, detached copy of `record` ready to store. */
export function plainRecord<N extends TableName>(table: N, record: RecordOf[N]): RecordOf[N] {
  let copy: RecordOf[N];
  try {
    copy = structuredClone(record);
  } catch (error) {
    throw invalidRecord(
      table,
      [
        {
          code: 'not-plain-data',
          field: '',
          message: 'it is not plain data (a proxy, a class instance or a function).',
        },
      ],
      error,
    );
  }
  const violations = checkRecord(table, copy);
  if (violations.length > 0) throw invalidRecord(table, violations);
  return copy;
}

/** Checks a record read from storage. */
export function checkedRead<N extends TableName>(table: N, record: unknown): RecordOf[N] {
  const violations = checkRecord(table, record);
  if (violations.length > 0) throw corruptedRecord(table, primaryKeyOf(table, record), violations);
  return record as RecordOf[N];
}

export type Repository<T> = {
  get(id: string): Promise<T>;
  find(id: string): Promise<T | undefined>;
  list(): Promise<T[]>;
  put(record: T): Promise<void>;
  remove(id: string): Promise<void>;
};

export function repository<N extends TableName>(db: CredenceDb, table: N): Repository<RecordOf[N]> {
  const store = () => tableOf(db, table);
  const find = (id: string) =>
    guarded(async () => {
      const record = await store().get(id);
      return record === undefined ? undefined : checkedRead(table, record);
    });
  return {
    find,
    get: async (id) => {
      const record = await find(id);
      if (record === undefined) throw notFound(table, id);
      return record;
    },
    list: () => guarded(async () => (await store().toArray()).map((r) => checkedRead(table, r))),
    put: async (record) => {
      const copy = plainRecord(table, record);
      await guarded(() => store().put(copy));
    },
    remove: (id) => guarded(() => store().delete(id)),
  };
}

export type Repositories = { [N in TableName]: Repository<RecordOf[N]> };

export function repositories(db: CredenceDb): Repositories {
  return {
    environments: repository(db, 'environments'),
    flags: repository(db, 'flags'),
    layers: repository(db, 'layers'),
    holdouts: repository(db, 'holdouts'),
    experiments: repository(db, 'experiments'),
    iterations: repository(db, 'iterations'),
    datasets: repository(db, 'datasets'),
    settings: repository(db, 'settings'),
  };
}

/** The way forward from a 'corrupted-record' error: deletes the record without reading it. */
export function removeCorruptedRecord(db: CredenceDb, table: TableName, id: string): Promise<void> {
  return guarded(() => tableOf(db, table).delete(id));
}

export { DbError };

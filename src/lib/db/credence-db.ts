// The only module that knows Dexie. Records are plain data; see repository.ts for the checks on
// every write and read.

import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { RecordOf, TableName } from '../domain/record-shapes.ts';
import { newerVersionError, toDbError, upgradeBlockedError } from './errors.ts';
import { MIGRATIONS, type Migration } from './schema.ts';

export const DEFAULT_DB_NAME = 'credence';

export type CredenceDbOptions = {
  /** An IndexedDB implementation (tests pass fake-indexeddb's; browsers use the global one). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Schema versions to declare; tests pass a prefix to write a database as an old version did. */
  migrations?: readonly Migration[];
  /** Called when another tab upgrades the database: this connection is closed, the tab should reload. */
  onClosedByOtherTab?: () => void;
};

type CredenceTables = { [N in TableName]: Table<RecordOf[N], string> };

// Dexie gives the instance one property per table the schema declares; this types them.
const DexieWithTables = Dexie as unknown as new (
  name: string,
  options?: DexieOptions,
) => Dexie & CredenceTables;

export class CredenceDb extends DexieWithTables {
  constructor(name: string = DEFAULT_DB_NAME, options: CredenceDbOptions = {}) {
    const factories = options.indexedDB
      ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange ?? IDBKeyRange }
      : {};
    super(name, factories);
    for (const migration of options.migrations ?? MIGRATIONS) {
      const version = this.version(migration.version).stores(migration.stores);
      if (migration.upgrade) version.upgrade(migration.upgrade);
    }
    this.on('versionchange', () => {
      // Dexie closes this connection so the other tab's upgrade can proceed; tell the UI.
      options.onClosedByOtherTab?.();
    });
  }
}

// Dexie stores version n as IndexedDB version 10n (and may add a little when it adapts a schema).
const declaredVersionOf = (nativeVersion: number) => Math.floor(nativeVersion / 10);

/** The schema version the stored database was written with, without opening (or creating) it. */
async function storedSchemaVersion(factory: IDBFactory, name: string): Promise<number | undefined> {
  if (typeof factory.databases !== 'function') return undefined;
  const found = (await factory.databases()).find((info) => info.name === name);
  return found?.version === undefined ? undefined : declaredVersionOf(found.version);
}

/**
 * Opens (and if needed upgrades) the database. Fails with a DbError: 'unavailable' when the browser
 * has no usable IndexedDB, 'upgrade-blocked' when another tab holds the old version open,
 * 'newer-version' when a newer Credence wrote it. Dexie 4 no longer raises VersionError for the
 * last case (it adapts to the stored version silently), so the stored version is read first, and
 * checked again once open for browsers without indexedDB.databases().
 */
export async function openCredenceDb(
  name: string = DEFAULT_DB_NAME,
  options: CredenceDbOptions = {},
): Promise<CredenceDb> {
  const ours = (options.migrations ?? MIGRATIONS).at(-1)?.version ?? 0;
  let db: CredenceDb;
  try {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    const stored = factory ? await storedSchemaVersion(factory, name) : undefined;
    if (stored !== undefined && stored > ours) throw newerVersionError(stored);
    db = new CredenceDb(name, options);
  } catch (error) {
    throw toDbError(error);
  }
  let blocked = false;
  const onBlocked = () => {
    blocked = true;
    db.close();
  };
  db.on('blocked', onBlocked);
  try {
    await db.open();
    const opened = declaredVersionOf(db.backendDB().version);
    if (opened > ours) {
      db.close();
      throw newerVersionError(opened);
    }
    return db;
  } catch (error) {
    throw blocked ? upgradeBlockedError() : toDbError(error);
  } finally {
    db.on('blocked').unsubscribe(onBlocked);
  }
}

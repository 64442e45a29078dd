// The only module that knows Dexie. Records are plain data; see repository.ts for the checks on
// every write and read.

import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { RecordOf, TableName } from '../domain/record-shapes.ts';
import { toDbError, upgradeBlockedError } from './errors.ts';
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

/**
 * Opens (and if needed upgrades) the database. Fails with a DbError: 'unavailable' when the browser
 * has no usable IndexedDB, 'upgrade-blocked' when another tab holds the old version open.
 */
export async function openCredenceDb(
  name: string = DEFAULT_DB_NAME,
  options: CredenceDbOptions = {},
): Promise<CredenceDb> {
  let db: CredenceDb;
  try {
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
    return db;
  } catch (error) {
    throw blocked ? upgradeBlockedError() : toDbError(error);
  } finally {
    db.on('blocked').unsubscribe(onBlocked);
  }
}

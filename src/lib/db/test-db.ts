// Test helpers: every test opens its own database on its own fake IndexedDB factory.

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, expect } from 'vitest';
import { CredenceDb, openCredenceDb, type CredenceDbOptions } from './credence-db.ts';
import { DbError } from './errors.ts';

let counter = 0;

export function isolatedFactory(): { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export async function openTestDb(options: CredenceDbOptions = {}): Promise<CredenceDb> {
  return openCredenceDb(`credence-test-${++counter}`, { ...isolatedFactory(), ...options });
}

/** `openTestDb` for one test file: each database it opens is closed when its test ends. */
export function openTestDbsPerTest(): (options?: CredenceDbOptions) => Promise<CredenceDb> {
  const opened: CredenceDb[] = [];
  afterEach(() => opened.splice(0).forEach((db) => db.close()));
  return async (options) => {
    const db = await openTestDb(options);
    opened.push(db);
    return db;
  };
}

/** The DbError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<DbError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DbError);
    return error as DbError;
  }
  throw new Error('expected a rejection');
}

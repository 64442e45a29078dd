// Test helpers: every test opens its own database on its own fake IndexedDB factory.

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CredenceDb, openCredenceDb, type CredenceDbOptions } from './credence-db.ts';

let counter = 0;

export function isolatedFactory(): { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export async function openTestDb(options: CredenceDbOptions = {}): Promise<CredenceDb> {
  return openCredenceDb(`credence-test-${++counter}`, { ...isolatedFactory(), ...options });
}

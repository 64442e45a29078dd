import { describe, expect, it } from 'vitest';
import type { Dataset } from '../domain/types.ts';
import {
  dropOrphanedFiles,
  importedFiles,
  replaceFileImports,
  type ImportedFile,
} from './import-files.ts';
import { openTestDbsPerTest } from './test-db.ts';

const openDb = openTestDbsPerTest();

const iteration = {
  id: 'it-1',
  experimentId: 'ex-1',
  environmentKey: 'production',
  flagKey: null,
  number: 1,
  status: 'running' as const,
  createdAt: 1,
  startedAt: 1,
  endedAt: null,
  endReason: null,
  design: {},
  winnerVariationId: null,
  winnerReason: null,
};

const dataset = (id: string, armAssignment?: Dataset['armAssignment']): Dataset => ({
  id,
  iterationId: 'it-1',
  experimentId: 'ex-1',
  source: { kind: 'files', files: [{ name: 'a.csv', size: 3 }] },
  diagnostics: {},
  arms: [{ variation: 0, units: 1 }],
  metrics: {},
  exposuresByHour: [],
  ...(armAssignment ? { armAssignment } : {}),
  createdAt: 1,
});

const file = (id: string, addedAt: number): ImportedFile => ({
  id,
  iterationId: 'it-1',
  name: `${id}.csv`,
  size: 3,
  addedAt,
  // What IndexedDB keeps here in the browser is the File; any structured-cloneable value stands in.
  blob: { bytes: 'abc' } as unknown as Blob,
  read: { kind: 'events', mapping: { unitKey: 'u', timestamp: 't' } },
  assignment: [{ label: '0', variation: 0 }],
  diagnostics: { recordsRead: 1 },
});

describe('the files of an iteration', () => {
  it('are added and removed with the dataset computed from them, older imports kept', async () => {
    const db = await openDb();
    await db.table('iterations').put(iteration);
    // Imported before files were kept: nothing can recompute it, so it stays.
    await db.table('datasets').put(dataset('legacy'));
    const assignment = [{ label: '0', variation: 0 }];
    await replaceFileImports(
      db,
      'it-1',
      { add: [file('b', 2), file('a', 1)] },
      dataset('d1', assignment),
    );
    expect((await importedFiles(db, 'it-1')).map((f) => f.id)).toEqual(['a', 'b']);
    await replaceFileImports(db, 'it-1', { removeIds: ['a'] }, dataset('d2', assignment));
    expect((await importedFiles(db, 'it-1')).map((f) => f.id)).toEqual(['b']);
    const ids = (await db.table('datasets').toArray()).map((d: Dataset) => d.id).sort();
    expect(ids).toEqual(['d2', 'legacy']);
    await replaceFileImports(db, 'it-1', { removeIds: ['b'] }, null);
    expect(await importedFiles(db, 'it-1')).toEqual([]);
    expect((await db.table('datasets').toArray()).map((d: Dataset) => d.id)).toEqual(['legacy']);
  });

  it('of iterations that no longer exist are dropped', async () => {
    const db = await openDb();
    await db.table('iterations').put(iteration);
    await replaceFileImports(db, 'it-1', { add: [file('a', 1)] }, null);
    await db.table('importFiles').put({ ...file('gone', 2), iterationId: 'it-deleted' });
    expect(await dropOrphanedFiles(db)).toBe(1);
    expect((await importedFiles(db, 'it-1')).map((f) => f.id)).toEqual(['a']);
    expect(await importedFiles(db, 'it-deleted')).toEqual([]);
  });
});

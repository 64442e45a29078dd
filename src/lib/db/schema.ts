// The database schema as an ordered list of versions. Never edit a published version: append one.
// Dexie declares each version's changed tables; `upgrade` rewrites records written by older versions.

import type { Transaction } from 'dexie';

export type Migration = {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown> | void;
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    stores: {
      environments: 'id, &key',
      flags: 'id, &key',
      layers: 'id, &key',
      holdouts: 'id, &key',
      experiments: 'id, &key, flagKey',
      iterations: 'id, experimentId, status',
      datasets: 'id, iterationId, experimentId',
      settings: 'key',
    },
  },
  {
    // v2: iterations carry their flag key so "is this flag already in a running experiment in this
    // environment?" is one indexed lookup instead of a scan of every iteration's snapshot.
    version: 2,
    stores: { iterations: 'id, experimentId, status, [flagKey+environmentKey+status]' },
    upgrade: (tx) =>
      tx
        .table('iterations')
        .toCollection()
        .modify((iteration: { flagKey?: string | null; design?: { flagKey?: string | null } }) => {
          iteration.flagKey = iteration.design?.flagKey ?? null;
        }),
  },
  {
    // v3: experiments and flags carry a revision, raised by every save and checked by it, so a save
    // from a stale tab is refused as a conflict instead of silently reverting another tab's change.
    version: 3,
    stores: {},
    upgrade: async (tx) => {
      for (const table of ['experiments', 'flags'])
        await tx
          .table(table)
          .toCollection()
          .modify((record: { revision?: number }) => {
            record.revision ??= 1;
          });
    },
  },
  {
    // v4: the files an iteration's data was imported from
    // (their bytes as a Blob, how they are read, the arm assignment), so a new file adds to them and
    // the import re-runs over all of them.
    version: 4,
    stores: { importFiles: 'id, iterationId' },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

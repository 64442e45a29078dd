// The database schema as an ordered list of versions. Never edit a published version: append one.
// Dexie declares each version's changed tables; `upgrade` rewrites records written by older versions.

import type { Transaction } from 'dexie';
import { OPTIONAL_ARM_STATISTICS } from '../stats/arm-statistics.ts';

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
  {
    // v5: per-arm statistics widened to the one shape of src/lib/stats/arm-statistics.ts (units, Σy,
    // Σy², and the optional ratio and CUPED moments). Every arm is rewritten to it: a row without Σy
    // (a conversion row of an early build kept only its converted units, each unit's value 0 or 1)
    // gets Σy = Σy² = conversions, and a field the shape does not have is dropped.
    version: 5,
    stores: {},
    upgrade: (tx) =>
      tx
        .table('datasets')
        .toCollection()
        .modify((dataset: { metrics?: Record<string, unknown> }) => {
          const metrics = dataset.metrics;
          if (typeof metrics !== 'object' || metrics === null) return;
          for (const key of Object.keys(metrics)) {
            const arms = metrics[key];
            if (Array.isArray(arms)) metrics[key] = arms.map(widenedArm);
          }
        }),
  },
];

const WIDENED_FIELDS = [
  'variation',
  'units',
  'conversions',
  'sum',
  'sumSquares',
  ...OPTIONAL_ARM_STATISTICS,
];

/** One stored arm in the v5 shape (left as it is when it is not an object: the shape check names it). */
function widenedArm(arm: unknown): unknown {
  if (typeof arm !== 'object' || arm === null) return arm;
  const old = arm as Record<string, unknown>;
  const conversions = typeof old.conversions === 'number' ? old.conversions : 0;
  const widened: Record<string, unknown> = {
    ...old,
    conversions,
    sum: old.sum ?? conversions,
    sumSquares: old.sumSquares ?? conversions,
  };
  for (const field of Object.keys(widened))
    if (!WIDENED_FIELDS.includes(field)) delete widened[field];
  for (const field of OPTIONAL_ARM_STATISTICS)
    if (field in widened && typeof widened[field] !== 'number') delete widened[field];
  return widened;
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

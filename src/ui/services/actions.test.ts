// storeDataset after an import that succeeded: a value storage refuses (not a finite number) is
// reported with what to do, and nothing is stored.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../lib/domain/test-builders.ts';
import { saveExperiment, startIterationInDb } from '../../lib/db/design-store.ts';
import { repositories } from '../../lib/db/repository.ts';
import type { ExperimentData } from '../../lib/ingest/types.ts';
import { storageProblems } from '../store/storage-problems.svelte.ts';
import { workspace } from '../store/workspace.svelte.ts';
import { storeDataset } from './actions.ts';

describe('storeDataset', () => {
  it('reports a non-finite value with what to do, returns null and stores nothing', async () => {
    const db = await workspace.db();
    const s = buildScenario();
    const repos = repositories(db);
    await repos.environments.put(s.production);
    await repos.flags.put(s.flag);
    await repos.layers.put(s.layer);
    await saveExperiment(db, s.experiment);
    const [iteration] = (await startIterationInDb(db, s.experiment.id, 'production')).started;
    const data = {
      arms: [
        { variation: 0, units: 10 },
        { variation: 1, units: Number.NaN },
      ],
      metrics: {},
      exposuresByHour: [],
      diagnostics: {},
    } as unknown as ExperimentData;

    expect(await storeDataset(iteration, data, { kind: 'typed' })).toBeNull();
    expect(storageProblems.list).toHaveLength(1);
    expect(storageProblems.list[0].message).toMatch(/analysed but not stored: arms\[1\]\.units/);
    expect(storageProblems.list[0].suggestion).toMatch(/Nothing was stored.*not numbers/);
    expect(await repos.datasets.list()).toEqual([]);
    db.close();
  });
});

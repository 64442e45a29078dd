import { describe, expect, it } from 'vitest';
import { createDataset } from '../domain/create.ts';
import { buildScenario, testDeps } from '../domain/test-builders.ts';
import { saveDataset, saveExperiment, startIterationInDb } from './design-store.ts';
import { NonFiniteStatisticsError } from './finite-statistics.ts';
import { repositories } from './repository.ts';
import { openTestDbsPerTest } from './test-db.ts';

const openDb = openTestDbsPerTest();

describe('saveDataset with overflowed statistics', () => {
  it('refuses Σy² = Infinity with a named error naming the metric and arm, storing nothing', async () => {
    const db = await openDb();
    const deps = testDeps();
    const s = buildScenario(deps);
    const repos = repositories(db);
    await repos.environments.put(s.production);
    await repos.flags.put(s.flag);
    await repos.layers.put(s.layer);
    await repos.holdouts.put(s.holdout);
    await saveExperiment(db, s.experiment, deps);
    const { started } = await startIterationInDb(db, s.experiment.id, 'production', deps);
    const dataset = createDataset(
      {
        iterationId: started[0].id,
        experimentId: s.experiment.id,
        source: { kind: 'summary' },
        diagnostics: {},
        arms: [
          { variation: 0, units: 1 },
          { variation: 1, units: 1 },
        ],
        metrics: {
          revenue: [
            { variation: 0, units: 1, conversions: 1, sum: 1, sumSquares: 1 },
            { variation: 1, units: 1, conversions: 1, sum: 1e200, sumSquares: Infinity },
          ],
        },
        exposuresByHour: [],
      },
      deps,
    );
    const error: unknown = await saveDataset(db, dataset).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NonFiniteStatisticsError);
    const named = error as NonFiniteStatisticsError;
    expect(named.name).toBe('NonFiniteStatisticsError');
    expect([named.metric, named.variation, named.field]).toEqual(['revenue', 1, 'sumSquares']);
    expect(named.message).toMatch(/metric "revenue", variation 1 .*sum of squares/);
    expect(await repos.datasets.list()).toEqual([]);
  });
});

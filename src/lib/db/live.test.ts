// Dexie's liveQuery relies on the global IndexedDB (an injected factory never emits), so these tests
// use fake-indexeddb's global one with a database name per test.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Observable } from 'dexie';
import { buildScenario, testDeps } from '../domain/test-builders.ts';
import { openCredenceDb } from './credence-db.ts';
import { createDataset } from '../domain/create.ts';
import { editExperiment, saveDataset, saveExperiment, startIterationInDb } from './design-store.ts';
import { DbError } from './errors.ts';
import { liveExperiment, liveExperimentDatasets, liveExperiments, liveIterations } from './live.ts';
import { repositories } from './repository.ts';

/** Collects emissions until `until` is satisfied. */
function collect<T>(observable: Observable<T>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const subscription = observable.subscribe({
    next: (v) => {
      values.push(v);
      waiters.splice(0).forEach((w) => w());
    },
    error: (e) => {
      errors.push(e);
      waiters.splice(0).forEach((w) => w());
    },
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { values, errors, until, stop: () => subscription.unsubscribe() };
}

describe('live queries', () => {
  it('keep two tabs (two connections to one database) in sync', async () => {
    const tabA = await openCredenceDb('live-two-tabs');
    const tabB = await openCredenceDb('live-two-tabs');
    const deps = testDeps();
    const s = buildScenario(deps);
    await repositories(tabA).flags.put(s.flag);

    const listInB = collect(liveExperiments(tabB));
    await listInB.until(() => listInB.values.length >= 1);
    expect(listInB.values[0]).toEqual([]);

    await saveExperiment(tabA, s.experiment, deps);
    await listInB.until(() => listInB.values.at(-1)?.length === 1);
    expect(listInB.values.at(-1)?.[0].name).toBe('Green checkout button');

    const iterationsInB = collect(liveIterations(tabB, s.experiment.id));
    await iterationsInB.until(() => iterationsInB.values.length >= 1);
    await startIterationInDb(tabA, s.experiment.id, 'production', deps);
    await editExperiment(tabA, s.experiment.id, { hypothesis: 'Changed in tab A' }, deps);
    await iterationsInB.until(() => iterationsInB.values.at(-1)?.length === 2);
    expect(iterationsInB.values.at(-1)?.map((it) => [it.number, it.status])).toEqual([
      [1, 'stopped'],
      [2, 'running'],
    ]);

    listInB.stop();
    iterationsInB.stop();
    tabA.close();
    tabB.close();
  });

  it('emit undefined once the record is deleted, and errors as DbError', async () => {
    const db = await openCredenceDb('live-errors');
    const s = buildScenario();
    await repositories(db).flags.put(s.flag);
    await saveExperiment(db, s.experiment, s.deps);
    const one = collect(liveExperiment(db, s.experiment.id));
    await one.until(() => one.values.length >= 1);
    await db.experiments.put({ ...s.experiment, metrics: 7 } as never);
    await one.until(() => one.errors.length >= 1);
    expect(one.errors[0]).toBeInstanceOf(DbError);
    expect((one.errors[0] as DbError).code).toBe('corrupted-record');
    one.stop();

    const again = collect(liveExperiment(db, s.experiment.id));
    await db.experiments.delete(s.experiment.id);
    await again.until(() => again.values.at(-1) === undefined && again.values.length >= 1);
    expect(again.values.at(-1)).toBeUndefined();
    again.stop();
    db.close();
  });

  it("follow one experiment's datasets, oldest first, and not another experiment's", async () => {
    const db = await openCredenceDb('live-experiment-datasets');
    const deps = testDeps();
    const s = buildScenario(deps);
    const repos = repositories(db);
    await repos.environments.put(s.production);
    await repos.flags.put(s.flag);
    await repos.layers.put(s.layer);
    await repos.holdouts.put(s.holdout);
    await saveExperiment(db, s.experiment, deps);
    const { started } = await startIterationInDb(db, s.experiment.id, 'production', deps);
    const dataset = (createdAt: number, experimentId = s.experiment.id) => ({
      ...createDataset(
        {
          iterationId: started[0].id,
          experimentId,
          source: { kind: 'summary' },
          diagnostics: {},
          arms: [
            { variation: 0, units: 1 },
            { variation: 1, units: 1 },
          ],
          metrics: {},
          exposuresByHour: [],
        },
        deps,
      ),
      createdAt,
    });

    const datasets = collect(liveExperimentDatasets(db, s.experiment.id));
    await datasets.until(() => datasets.values.length >= 1);
    expect(datasets.values[0]).toEqual([]);
    const newer = dataset(200);
    const older = dataset(100);
    await saveDataset(db, newer);
    await saveDataset(db, older);
    await datasets.until(() => datasets.values.at(-1)?.length === 2);
    expect(datasets.values.at(-1)?.map((d) => d.id)).toEqual([older.id, newer.id]);
    // Stored directly (saveDataset refuses a dataset of another experiment's iteration).
    await db.datasets.put(dataset(300, 'another-experiment'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(datasets.values.at(-1)?.length).toBe(2);
    datasets.stop();
    db.close();
  });
});

import { describe, expect, it } from 'vitest';
import { createDataset } from '../domain/create.ts';
import { proposeExperiment, quickExperimentRecords } from '../domain/propose-experiment.ts';
import { testDeps } from '../domain/test-builders.ts';
import { createExperimentWithData } from './quick-store.ts';
import { repositories } from './repository.ts';
import { openTestDbsPerTest, rejection } from './test-db.ts';

const openDb = openTestDbsPerTest();

function records(deps = testDeps()) {
  const draft = proposeExperiment({
    fileName: 'signups.csv',
    arms: [
      { index: 0, label: 'treatment', units: 8 },
      { index: 1, label: 'control', units: 10 },
    ],
    metrics: [{ source: 'converted', kind: 'conversion' }],
    firstTimestamp: null,
    lastTimestamp: null,
  });
  const { experiment, iteration } = quickExperimentRecords(
    draft,
    { environmentKey: 'production', takenKeys: new Set() },
    deps,
  );
  const dataset = createDataset(
    {
      iterationId: iteration.id,
      experimentId: experiment.id,
      source: { kind: 'typed' },
      diagnostics: {},
      arms: [
        { variation: 0, units: 10 },
        { variation: 1, units: 8 },
      ],
      metrics: {},
      exposuresByHour: [],
    },
    deps,
  );
  return { experiment, iteration, dataset };
}

describe('createExperimentWithData', () => {
  it('stores the experiment, its iteration and its dataset together', async () => {
    const db = await openDb();
    const written = records();
    await createExperimentWithData(db, written);
    const repos = repositories(db);
    expect(await repos.experiments.get(written.experiment.id)).toEqual(written.experiment);
    expect(await repos.iterations.get(written.iteration.id)).toEqual(written.iteration);
    expect(await repos.datasets.get(written.dataset.id)).toEqual(written.dataset);
  });

  it('refuses a key already taken and stores nothing of the second experiment', async () => {
    const db = await openDb();
    await createExperimentWithData(db, records());
    const second = records(testDeps(2_000_000_000_000));
    second.experiment.id = 'other';
    second.iteration = { ...second.iteration, id: 'other-iteration', experimentId: 'other' };
    second.dataset = {
      ...second.dataset,
      id: 'other-dataset',
      iterationId: 'other-iteration',
      experimentId: 'other',
    };
    const error = await rejection(createExperimentWithData(db, second));
    expect(error.code).toBe('duplicate-key');
    expect(await db.iterations.count()).toBe(1);
    expect(await db.datasets.count()).toBe(1);
  });
});

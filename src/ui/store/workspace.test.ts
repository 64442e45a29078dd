// The workspace store over fake-indexeddb: ready() waits for the first values without polling, and a
// view's followed query delivers until the view stops it.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { liveAllDatasets, liveExperiments } from '../../lib/db/live.ts';
import { repositories } from '../../lib/db/repository.ts';
import { buildScenario } from '../../lib/domain/test-builders.ts';
import type { Experiment } from '../../lib/domain/types.ts';
import { LiveMirror } from './live-mirror.svelte.ts';
import { workspace } from './workspace.svelte.ts';

/** Waits (on real timers) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !done(); tries++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}

describe('workspace store', () => {
  it('ready() resolves once the first values arrive, without polling a timer', async () => {
    // The timers counted from here on: a polling wait would set one every 20 ms.
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      await workspace.ready();
      expect(workspace.status).toBe('ready');
      expect(timers.mock.calls.filter(([, delay]) => delay === 20)).toEqual([]);
    } finally {
      timers.mockRestore();
    }
  });

  it('follows a query for a view until the view stops it', async () => {
    const db = await workspace.db();
    const s = buildScenario();
    const experiments = new LiveMirror<Experiment[]>([]);
    const stop = experiments.follow(liveExperiments);
    await until(() => experiments.loaded);
    expect(experiments.value).toEqual([]);
    await repositories(db).flags.put(s.flag);
    await repositories(db).experiments.put(s.experiment);
    await until(() => experiments.value.length === 1);
    stop();
    await repositories(db).experiments.put({ ...s.experiment, id: 'second', key: 'second' });
    await until(() => workspace.experiments.length === 2);
    expect(experiments.value.map((e) => e.id)).toEqual([s.experiment.id]);
  });

  it('gives a view every dataset when it follows them', async () => {
    const datasets = new LiveMirror<unknown[]>([]);
    const stop = datasets.follow(liveAllDatasets);
    await until(() => datasets.loaded);
    expect(datasets.value).toEqual([]);
    stop();
  });
});

import { describe, expect, it } from 'vitest';
import { createDataset } from '../domain/create.ts';
import { buildScenario, testDeps } from '../domain/test-builders.ts';
import { openCredenceDb } from './credence-db.ts';
import {
  deleteExperiment,
  editExperiment,
  getSettings,
  importExperiment,
  importFlag,
  saveDataset,
  saveExperiment,
  saveFlag,
  setIterationDecision,
  setIterationWindowInDb,
  startIterationInDb,
  stopIterationInDb,
} from './design-store.ts';
import { DbError, toDbError } from './errors.ts';
import { removeCorruptedRecord, repositories } from './repository.ts';
import { isolatedFactory, openTestDbsPerTest, rejection } from './test-db.ts';
import { exportWorkspace } from './workspace-store.ts';

const openDb = openTestDbsPerTest();

async function seeded() {
  const db = await openDb();
  const deps = testDeps();
  const s = buildScenario(deps);
  const repos = repositories(db);
  await repos.environments.put(s.production);
  await repos.flags.put(s.flag);
  await repos.layers.put(s.layer);
  await repos.holdouts.put(s.holdout);
  await saveExperiment(db, s.experiment, deps);
  return { db, repos, ...s, deps };
}

describe('repositories', () => {
  it('store plain copies and read them back checked', async () => {
    const { repos, flag } = await seeded();
    const stored = await repos.flags.get(flag.id);
    expect(stored).toEqual(flag);
    flag.name = 'changed after saving';
    expect((await repos.flags.get(flag.id)).name).toBe('Checkout button');
    expect((await repos.flags.list()).map((f) => f.key)).toEqual(['checkout-button']);
  });

  it('refuse a Svelte-style proxy loudly instead of storing it', async () => {
    const { repos, flag } = await seeded();
    const error = await rejection(repos.flags.put(new Proxy({ ...flag }, {})));
    expect(error.code).toBe('invalid-record');
    expect(error.suggestion).toContain('$state.snapshot()');
  });

  it('refuse a record that does not have the stored shape, naming the field', async () => {
    const { repos, flag } = await seeded();
    const error = await rejection(repos.flags.put({ ...flag, salt: 42 as unknown as string }));
    expect(error.code).toBe('invalid-record');
    expect(error.violations).toEqual([
      { code: 'invalid-field', field: 'salt', message: 'salt must be text, not number.' },
    ]);
  });

  it('report a missing record as not-found', async () => {
    const { repos } = await seeded();
    const error = await rejection(repos.experiments.get('nope'));
    expect(error.code).toBe('not-found');
    expect(await repos.experiments.find('nope')).toBeUndefined();
  });

  it('report a damaged record as corrupted-record, with a way forward that works', async () => {
    const { db, repos, experiment } = await seeded();
    await db.experiments.put({ ...experiment, treatments: 'garbage' } as never); // written around the repository
    const error = await rejection(repos.experiments.get(experiment.id));
    expect(error).toMatchObject({
      code: 'corrupted-record',
      details: { table: 'experiments', recordId: experiment.id },
    });
    expect(error.message).toContain('treatments must be a list');
    expect((await rejection(repos.experiments.list())).code).toBe('corrupted-record');
    await removeCorruptedRecord(db, 'experiments', experiment.id);
    expect(await repos.experiments.list()).toEqual([]);
  });

  it('give default settings until some are saved', async () => {
    const { db, repos } = await seeded();
    expect((await getSettings(db)).analysis).toMatchObject({
      credibleMass: 0.9,
      prior: 'informative',
      method: 'exact',
      winnerThreshold: 0.95,
    });
    const settings = await getSettings(db);
    await repos.settings.put({
      ...settings,
      analysis: { ...settings.analysis, credibleMass: 0.95 },
    });
    expect((await getSettings(db)).analysis.credibleMass).toBe(0.95);
  });
});

describe('design store', () => {
  it('starts, edits and stops iterations in transactions', async () => {
    const { db, repos, experiment, deps, flag } = await seeded();
    const started = await startIterationInDb(db, experiment.id, 'production', deps);
    const first = started.started[0];
    expect(await repos.iterations.get(first.id)).toMatchObject({ status: 'running', number: 1 });

    deps.advance(1000);
    const edit = await editExperiment(db, experiment.id, { hypothesis: 'Sharper idea' }, deps);
    expect(edit.restartedBecause).toEqual(['hypothesis']);
    expect(await repos.iterations.get(first.id)).toMatchObject({
      status: 'stopped',
      endReason: 'design-changed',
    });
    const second = edit.started[0];
    expect((await repos.experiments.get(experiment.id)).hypothesis).toBe('Sharper idea');

    const stopped = await stopIterationInDb(
      db,
      second.id,
      { winnerVariationId: flag.variations[1].id, winnerReason: 'Lift' },
      deps,
    );
    expect(stopped).toMatchObject({ status: 'stopped', winnerVariationId: flag.variations[1].id });
    expect(
      (await repos.iterations.list()).map((it) => [it.number, it.status, it.design.hypothesis]),
    ).toEqual(
      expect.arrayContaining([
        [1, 'stopped', 'A green button increases checkout conversion'],
        [2, 'stopped', 'Sharper idea'],
      ]),
    );
  });

  it('back-dates an iteration window, and refuses an end before the start without writing', async () => {
    const { db, repos, experiment, deps } = await seeded();
    const started = await startIterationInDb(db, experiment.id, 'production', deps);
    const id = started.started[0].id;
    const start = deps.now() - 90 * 86_400_000;
    const end = start + 3 * 86_400_000;
    await setIterationWindowInDb(db, id, { start, end }, deps);
    expect(await repos.iterations.get(id)).toMatchObject({
      status: 'stopped',
      startedAt: start,
      endedAt: end,
      endReason: 'stopped',
    });
    const error = await rejection(setIterationWindowInDb(db, id, { start: end, end: start }, deps));
    expect(error.code).toBe('rule-violation');
    expect(error.violations.map((v) => v.code)).toEqual(['window-end-before-start']);
    expect((await repos.iterations.get(id)).startedAt).toBe(start);
  });

  it('records, replaces and removes a decision on an iteration; refuses one without a why', async () => {
    const { db, repos, experiment, deps } = await seeded();
    const id = (await startIterationInDb(db, experiment.id, 'production', deps)).started[0].id;
    const at = deps.now();
    await setIterationDecision(db, id, { by: ' Ana ', at, why: ' Ship green. ' }, deps);
    expect((await repos.iterations.get(id)).decision).toEqual({
      by: 'Ana',
      at,
      why: 'Ship green.',
    });
    const error = await rejection(setIterationDecision(db, id, { by: 'Bo', at, why: ' ' }, deps));
    expect(error.violations.map((v) => v.code)).toEqual(['decision-why-missing']);
    expect((await repos.iterations.get(id)).decision?.by).toBe('Ana');
    await setIterationDecision(db, id, null, deps);
    expect('decision' in (await repos.iterations.get(id))).toBe(false);
  });

  it('refuses a second experiment on a running flag, with the rule violation', async () => {
    const { db, experiment, deps } = await seeded();
    await startIterationInDb(db, experiment.id, 'production', deps);
    await saveExperiment(db, { ...experiment, id: 'second', key: 'second', name: 'Second' }, deps);
    const error = await rejection(startIterationInDb(db, 'second', 'production', deps));
    expect(error.code).toBe('rule-violation');
    expect(error.violations.map((v) => v.code)).toEqual(['flag-in-running-experiment']);
  });

  it('refuses to save a contradictory draft', async () => {
    const { db, repos, experiment, holdout, layer, deps } = await seeded();
    const error = await rejection(
      saveExperiment(
        db,
        {
          ...(await repos.experiments.get(experiment.id)),
          holdoutId: holdout.id,
          layer: { layerKey: layer.key, reservationPercent: 10 },
        },
        deps,
      ),
    );
    expect(error.code).toBe('rule-violation');
    expect(error.violations[0]).toMatchObject({ code: 'holdout-and-layer', field: 'holdoutId' });
  });

  it('leaves the database unchanged when a multi-record change fails half-way', async () => {
    const { db, experiment, deps } = await seeded();
    await startIterationInDb(db, experiment.id, 'production', deps);
    const before = await exportWorkspace(db, 0);
    // The restart first ends the running iteration, then fails while writing the new one.
    db.iterations.hook('creating', () => {
      throw new Error('disk on fire');
    });
    const error = await rejection(startIterationInDb(db, experiment.id, 'production', deps));
    expect(error.code).toBe('unknown');
    expect(await exportWorkspace(db, 0)).toEqual(before);
  });

  it('maps a full quota to quota-exceeded and saves nothing', async () => {
    const { db, experiment, deps } = await seeded();
    const before = await exportWorkspace(db, 0);
    db.iterations.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await rejection(startIterationInDb(db, experiment.id, 'production', deps));
    expect(error.code).toBe('quota-exceeded');
    expect(error.message).toContain('Nothing from this change was saved');
    expect(error.suggestion).toContain('Export the workspace');
    expect(await exportWorkspace(db, 0)).toEqual(before);
  });

  it('stores datasets for an iteration and deletes an experiment with everything it owns', async () => {
    const { db, repos, experiment, deps } = await seeded();
    const { started } = await startIterationInDb(db, experiment.id, 'production', deps);
    const dataset = createDataset(
      {
        iterationId: started[0].id,
        experimentId: experiment.id,
        source: { kind: 'files', files: [{ name: 'export-2024-05-01.jsonl.gz', size: 1234 }] },
        diagnostics: { recordsRead: 10, skipped: { summary: 2 } },
        arms: [
          { variation: 0, units: 5 },
          { variation: 1, units: 4 },
        ],
        metrics: { checkout: [{ variation: 0, units: 5, conversions: 2, sum: 2, sumSquares: 2 }] },
        exposuresByHour: [{ hourStart: 1_700_000_000_000, counts: { 0: 5, 1: 4 } }],
      },
      deps,
    );
    await saveDataset(db, dataset);
    expect(await repos.datasets.get(dataset.id)).toEqual(JSON.parse(JSON.stringify(dataset)));
    expect(
      (await rejection(saveDataset(db, { ...dataset, id: 'd2', iterationId: 'missing' }))).code,
    ).toBe('not-found');

    expect((await rejection(deleteExperiment(db, experiment.id))).code).toBe('rule-violation');
    await stopIterationInDb(db, started[0].id, {}, deps);
    await deleteExperiment(db, experiment.id);
    expect([
      await repos.experiments.list(),
      await repos.iterations.list(),
      await repos.datasets.list(),
    ]).toEqual([[], [], []]);
  });

  it('imports a flag by key (keeping the stored id) and a REST experiment with its iterations', async () => {
    const { db, repos, flag, deps } = await seeded();
    const { flag: updated } = await importFlag(
      db,
      {
        key: 'checkout-button',
        salt: 's2',
        on: true,
        variations: ['grey', 'green'],
        fallthrough: { variation: 0 },
      },
      { deps, environmentKey: 'production' },
    );
    expect(updated.id).toBe(flag.id);
    expect((await repos.flags.get(flag.id)).salt).toBe('s2');

    const doc = {
      key: 'imported',
      name: 'Imported experiment',
      environmentKey: 'production',
      currentIteration: {
        hypothesis: 'It helps',
        status: 'running',
        createdAt: 10,
        startedAt: 10,
        randomizationUnit: 'user',
        flags: { 'new-flag': { targetingRule: 'fallthrough', flagConfigVersion: 3 } },
        treatments: [
          {
            name: 'A',
            baseline: true,
            allocationPercent: '50',
            parameters: [{ flagKey: 'new-flag', variationId: 'a' }],
          },
          {
            name: 'B',
            allocationPercent: '50',
            parameters: [{ flagKey: 'new-flag', variationId: 'b' }],
          },
        ],
        layerSnapshot: {
          key: 'new-layer',
          name: 'New layer',
          reservationPercent: 20,
          otherReservationPercent: 30,
        },
      },
    };
    const imported = await importExperiment(db, doc, { deps });
    expect((await repos.experiments.get(imported.experiment.id)).key).toBe('imported');
    expect((await repos.iterations.list()).map((it) => it.status)).toEqual(['running']);
    expect((await repos.layers.list()).map((l) => l.key).sort()).toEqual([
      'checkout-layer',
      'new-layer',
    ]);
    expect((await rejection(importExperiment(db, doc, { deps }))).code).toBe('duplicate-key');
    expect(
      (await rejection(importExperiment(db, { name: 'no key' }, { deps }))).violations.map(
        (v) => v.field,
      ),
    ).toEqual(['key', 'environmentKey']);
  });

  it('keeps keys unique', async () => {
    const { db, flag } = await seeded();
    await saveFlag(db, { ...flag, name: 'Same key, same record' });
    const { repos } = { repos: repositories(db) };
    const error = await rejection(repos.flags.put({ ...flag, id: 'another-id' }));
    expect(error.code).toBe('duplicate-key');
  });
});

describe('opening the database', () => {
  it('reports a browser without IndexedDB as unavailable', async () => {
    const broken = {
      open: () => {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        );
      },
    } as unknown as IDBFactory;
    const error = await rejection(
      openCredenceDb('private-mode', {
        indexedDB: broken,
        IDBKeyRange: isolatedFactory().IDBKeyRange,
      }),
    );
    expect(error.code).toBe('unavailable');
    expect(error.suggestion).toContain('private');
  });

  it('reports an upgrade blocked by another tab on the old version', async () => {
    const factory = isolatedFactory();
    const oldTab = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.indexedDB.open('shared', 10); // Dexie stores version 1 as 10
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    oldTab.onversionchange = () => {}; // an old tab that does not let go
    const error = await rejection(openCredenceDb('shared', factory));
    expect(error.code).toBe('upgrade-blocked');
    expect(error.suggestion).toContain('Close the other Credence tabs');
    oldTab.close();
  });

  it('tells this tab when another tab upgrades the database', async () => {
    const factory = isolatedFactory();
    let told = 0;
    const first = await openCredenceDb('two-tabs', {
      ...factory,
      onClosedByOtherTab: () => told++,
    });
    const newer = new (await import('dexie')).default('two-tabs', factory);
    newer.version(3).stores({ extra: 'id' });
    await newer.open();
    expect(told).toBe(1);
    newer.close();
    first.close();
  });

  it('passes a DbError through and maps unknown failures with a message', () => {
    const original = new DbError('not-found', 'x', 'y');
    expect(toDbError(original)).toBe(original);
    expect(toDbError(new Error('weird'))).toMatchObject({
      code: 'unknown',
      message: 'Storage failed: weird',
    });
  });
});

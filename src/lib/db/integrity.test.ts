// Nothing lost, nothing merged: revisions refuse a save from a stale tab, a newer schema is never
// opened by an older build, layers created on the Design tab are stored only with the design, and a
// damaged record leaves everything else exportable.
import { describe, expect, it } from 'vitest';
import { createLayer } from '../domain/create.ts';
import { buildScenario, testDeps } from '../domain/test-builders.ts';
import { CredenceDb, openCredenceDb } from './credence-db.ts';
import { editExperiment, saveExperiment, saveFlag } from './design-store.ts';
import { repositories } from './repository.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import { isolatedFactory, openTestDbsPerTest, rejection } from './test-db.ts';
import { exportReadable, exportWorkspace, importWorkspace } from './workspace-store.ts';

const openDb = openTestDbsPerTest();

async function seeded() {
  const db = await openDb();
  const deps = testDeps();
  const s = buildScenario(deps);
  const repos = repositories(db);
  await repos.environments.put(s.production);
  await repos.flags.put(s.flag);
  await repos.layers.put(s.layer);
  await saveExperiment(db, s.experiment, deps);
  return { db, repos, ...s, deps };
}

describe('revisions', () => {
  it('refuse a save from a draft older than the stored record, and let the user overwrite on purpose', async () => {
    const { db, repos, deps, experiment } = await seeded();
    const tabA = await repos.experiments.get(experiment.id);
    const tabB = await repos.experiments.get(experiment.id);
    expect(tabA.revision).toBe(1);
    await saveExperiment(db, { ...tabA, name: 'Renamed in tab A' }, deps);
    const error = await rejection(
      saveExperiment(db, { ...tabB, hypothesis: 'Written in tab B' }, deps),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Renamed in tab A');
    const stored = await repos.experiments.get(experiment.id);
    expect(stored).toMatchObject({ name: 'Renamed in tab A', revision: 2 });
    expect(stored.hypothesis).not.toBe('Written in tab B');
    // Overwrite: the user's draft, saved over the revision they were shown.
    await saveExperiment(db, { ...tabB, hypothesis: 'Written in tab B', revision: 2 }, deps);
    expect(await repos.experiments.get(experiment.id)).toMatchObject({
      name: experiment.name,
      hypothesis: 'Written in tab B',
      revision: 3,
    });
  });

  it('are raised by edits, so an older draft is refused after an edit too', async () => {
    const { db, repos, deps, experiment } = await seeded();
    const draft = await repos.experiments.get(experiment.id);
    await editExperiment(db, experiment.id, { description: 'edited' }, deps);
    expect((await repos.experiments.get(experiment.id)).revision).toBe(2);
    expect((await rejection(saveExperiment(db, { ...draft, name: 'x' }, deps))).code).toBe(
      'conflict',
    );
  });

  it('refuse saving a flag read before another tab saved it', async () => {
    const { db, repos, flag } = await seeded();
    await saveFlag(db, flag);
    const [read] = await repos.flags.list();
    expect(read.revision).toBe(1);
    await saveFlag(db, { ...read, name: 'Renamed elsewhere' });
    const error = await rejection(saveFlag(db, { ...read, name: 'Stale' }));
    expect(error.code).toBe('conflict');
    expect((await repos.flags.get(flag.id)).name).toBe('Renamed elsewhere');
  });

  it('are set to 1 on records written before schema v3', async () => {
    const factory = isolatedFactory();
    const s = buildScenario();
    const v2 = new CredenceDb('v2', { ...factory, migrations: MIGRATIONS.slice(0, 2) });
    await v2.open();
    await v2.table('experiments').put(s.experiment);
    await v2.table('flags').put(s.flag);
    v2.close();
    const db = await openCredenceDb('v2', factory);
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await repositories(db).experiments.get(s.experiment.id)).revision).toBe(1);
    expect((await repositories(db).flags.get(s.flag.id)).revision).toBe(1);
    db.close();
  });

  it('are raised when an import overwrites a stored record, so open drafts see the change', async () => {
    const { db, repos, deps, experiment } = await seeded();
    const draft = await repos.experiments.get(experiment.id);
    const file = await exportWorkspace(db);
    await importWorkspace(db, file, 'merge');
    expect((await repos.experiments.get(experiment.id)).revision).toBe(2);
    expect((await rejection(saveExperiment(db, draft, deps))).code).toBe('conflict');
  });
});

describe('a database written by a newer Credence', () => {
  it('is refused with newer-version and left exactly as it was', async () => {
    const factory = isolatedFactory();
    const s = buildScenario();
    const newer = new CredenceDb('newer', {
      ...factory,
      migrations: [...MIGRATIONS, { version: 9, stores: { futureTable: 'id' } }],
    });
    await newer.open();
    await newer.table('experiments').put(s.experiment);
    newer.close();

    const error = await rejection(openCredenceDb('newer', factory));
    expect(error.code).toBe('newer-version');
    expect(error.message).toMatch(/newer version of Credence \(schema version 9\)/);
    const [info] = await factory.indexedDB.databases();
    expect(info).toEqual({ name: 'newer', version: 90 });
  });
});

describe('layers created on the Design tab', () => {
  it('are stored with the design, in its transaction, and never twice under one name', async () => {
    const { db, repos, deps, experiment } = await seeded();
    const draft = await repos.experiments.get(experiment.id);
    const layer = createLayer({ key: 'pricing', name: 'Pricing' }, deps);
    await saveExperiment(
      db,
      { ...draft, layer: { layerKey: 'pricing', reservationPercent: 50 } },
      deps,
      [layer],
    );
    expect((await repos.layers.list()).map((l) => l.name).sort()).toEqual([
      'Checkout flow',
      'Pricing',
    ]);
    const again = createLayer({ key: 'pricing-2', name: 'pricing ' }, deps);
    const latest = await repos.experiments.get(experiment.id);
    const error = await rejection(
      saveExperiment(
        db,
        { ...latest, layer: { layerKey: 'pricing-2', reservationPercent: 50 } },
        deps,
        [again],
      ),
    );
    expect(error.violations.map((v) => v.code)).toEqual(['duplicate-layer']);
    expect(await repos.layers.list()).toHaveLength(2);
  });
});

describe('a damaged record', () => {
  it('leaves every readable record exportable, the damaged one kept apart as stored', async () => {
    const { db, experiment, flag } = await seeded();
    await db.flags.put({ ...flag, id: 'flag-2', key: 'other', variations: 'garbage' } as never);
    expect((await rejection(exportWorkspace(db))).code).toBe('corrupted-record');
    const { file, damaged } = await exportReadable(db, 5);
    expect(file.experiments.map((e) => e.id)).toEqual([experiment.id]);
    expect(file.flags.map((f) => f.id)).toEqual([flag.id]);
    expect(damaged).toEqual([
      {
        table: 'flags',
        id: 'flag-2',
        problem: expect.stringContaining('variations'),
        record: expect.objectContaining({ key: 'other', variations: 'garbage' }),
      },
    ]);
  });
});

describe('workspace import', () => {
  it('refuses settings that list a context kind twice, changing nothing', async () => {
    const { db } = await seeded();
    const file = await exportWorkspace(db);
    const settings = {
      key: 'workspace' as const,
      contextKinds: [
        { key: 'user', name: 'User' },
        { key: 'user', name: 'User again' },
      ],
      analysis: (await import('../domain/create.ts')).defaultWorkspaceSettings().analysis,
    };
    const error = await rejection(importWorkspace(db, { ...file, settings: [settings] }, 'merge'));
    expect(error.message).toContain('context kind “user” is listed twice');
    expect(await repositories(db).settings.list()).toEqual([]);
  });
});

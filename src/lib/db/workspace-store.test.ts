import { describe, expect, it } from 'vitest';
import { createDataset, defaultWorkspaceSettings } from '../domain/create.ts';
import { buildScenario, testDeps } from '../domain/test-builders.ts';
import { emptyWorkspaceTables, type WorkspaceTables } from '../domain/workspace-format.ts';
import { startIterationInDb, stopIterationInDb } from './design-store.ts';
import { repositories } from './repository.ts';
import { openTestDbsPerTest, rejection } from './test-db.ts';
import {
  exportWorkspace,
  exportWorkspaceJson,
  importWorkspace,
  seedWorkspace,
} from './workspace-store.ts';

const db = openTestDbsPerTest();

function workspace(): WorkspaceTables {
  const deps = testDeps();
  const s = buildScenario(deps);
  return {
    ...emptyWorkspaceTables(),
    environments: [s.production],
    flags: [s.flag],
    layers: [s.layer],
    holdouts: [s.holdout],
    experiments: [s.experiment],
    settings: [defaultWorkspaceSettings()],
  };
}

async function fullDb() {
  const source = await db();
  await seedWorkspace(source, workspace());
  const deps = testDeps(1_800_000_000_000);
  const [experiment] = await repositories(source).experiments.list();
  const { started } = await startIterationInDb(source, experiment.id, 'production', deps);
  await repositories(source).datasets.put(
    createDataset(
      {
        iterationId: started[0].id,
        experimentId: experiment.id,
        source: { kind: 'summary' },
        diagnostics: { note: 'warehouse summary', nested: { list: [1, null, 'x'] } },
        arms: [{ variation: 0, units: 100 }],
        metrics: {
          revenue: [
            { variation: 0, units: 100, conversions: 0, sum: 1234.5, sumSquares: 99999.25 },
          ],
        },
        exposuresByHour: [{ hourStart: 1_800_000_000_000, counts: { 0: 100 } }],
      },
      deps,
    ),
  );
  await stopIterationInDb(source, started[0].id, { winnerReason: 'No clear winner' }, deps);
  return source;
}

describe('workspace export and import', () => {
  it('round-trips exactly: export → import into an empty database → export is the same text', async () => {
    const source = await fullDb();
    const text = await exportWorkspaceJson(source, 42);
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({
      format: 'credence-workspace',
      formatVersion: 1,
      exportedAt: 42,
    });
    expect(parsed.iterations).toHaveLength(1);
    expect(parsed.datasets).toHaveLength(1);

    const target = await db();
    await importWorkspace(target, text);
    expect(await exportWorkspaceJson(target, 42)).toBe(text);
  });

  it('replace empties the tables first; merge keeps other records and overwrites same ids', async () => {
    const source = await fullDb();
    const file = await exportWorkspace(source, 1);
    const target = await db();
    const repos = repositories(target);
    const extra = buildScenario(testDeps(5)).production;
    await repos.environments.put({ ...extra, id: 'env-staging', key: 'staging' });

    await importWorkspace(target, file, 'merge');
    expect((await repos.environments.list()).map((e) => e.key).sort()).toEqual([
      'production',
      'staging',
    ]);

    await importWorkspace(
      target,
      { ...file, experiments: [{ ...file.experiments[0], name: 'Renamed in file' }] },
      'merge',
    );
    expect((await repos.experiments.list()).map((e) => e.name)).toEqual(['Renamed in file']);

    await importWorkspace(target, file, 'replace');
    expect((await repos.environments.list()).map((e) => e.key)).toEqual(['production']);
  });

  it('refuses an invalid file with every problem by path and changes nothing', async () => {
    const source = await fullDb();
    const file = await exportWorkspace(source, 1);
    const before = await exportWorkspaceJson(source, 1);
    const broken = structuredClone(file) as unknown as Record<string, Record<string, unknown>[]>;
    broken.experiments[0].treatments = [{ variationId: 'x', name: 'X', allocationPercent: '50' }];
    delete broken.flags[0].salt;
    broken.iterations[0].experimentId = 'ghost';
    const error = await rejection(importWorkspace(source, broken, 'replace'));
    expect(error.code).toBe('invalid-workspace');
    expect(error.violations.map((v) => v.field)).toEqual([
      'flags[0].salt',
      'experiments[0].treatments[0].allocationPercent',
    ]);
    expect(await exportWorkspaceJson(source, 1)).toBe(before);

    const dangling = { ...file, iterations: [{ ...file.iterations[0], experimentId: 'ghost' }] };
    expect(
      (await rejection(importWorkspace(source, dangling))).violations.map((v) => v.code),
    ).toEqual(['dangling-reference']);
  });

  it('refuses files that are not workspaces, or from a newer Credence', async () => {
    const target = await db();
    expect((await rejection(importWorkspace(target, '{not json'))).violations[0].code).toBe(
      'invalid-json',
    );
    expect((await rejection(importWorkspace(target, { format: 'other' }))).violations[0].code).toBe(
      'not-a-workspace',
    );
    const newer = await rejection(
      importWorkspace(target, { format: 'credence-workspace', formatVersion: 2 }),
    );
    expect(newer.violations[0]).toMatchObject({
      code: 'unsupported-format-version',
      field: 'formatVersion',
    });
    const missing = await rejection(
      importWorkspace(target, { format: 'credence-workspace', formatVersion: 1, exportedAt: 1 }),
    );
    expect(missing.violations.map((v) => v.field)).toEqual([
      'environments',
      'flags',
      'layers',
      'holdouts',
      'experiments',
      'iterations',
      'datasets',
      'settings',
    ]);
  });

  it('refuses duplicate ids and keys in a file', async () => {
    const ws = workspace();
    const target = await db();
    const twice = await rejection(
      seedWorkspace(target, { ...ws, flags: [ws.flags[0], { ...ws.flags[0], id: 'other-id' }] }),
    );
    expect(twice.violations).toEqual([
      {
        code: 'duplicate-key',
        field: 'flags[1].key',
        message: expect.stringContaining('repeats the key “checkout-button”'),
      },
    ]);
  });

  it('seeds a whole workspace in one transaction: a failing write leaves the old content', async () => {
    const target = await db();
    await seedWorkspace(target, workspace());
    const before = await exportWorkspaceJson(target, 1);
    target.experiments.hook('creating', () => {
      throw new Error('write failed');
    });
    const replacement = workspace();
    replacement.environments[0] = { ...replacement.environments[0], name: 'Would replace' };
    await rejection(seedWorkspace(target, replacement));
    expect(await exportWorkspaceJson(target, 1)).toBe(before);
  });
});

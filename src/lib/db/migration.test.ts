import { describe, expect, it } from 'vitest';
import { buildScenario } from '../domain/test-builders.ts';
import { CredenceDb, openCredenceDb } from './credence-db.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import { isolatedFactory } from './test-db.ts';
import { repositories } from './repository.ts';

describe('schema migrations', () => {
  it('are an ordered list of increasing versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(SCHEMA_VERSION).toBe(5);
  });

  it('upgrade a database written by schema v1: iterations gain their flag key and its index', async () => {
    const factory = isolatedFactory();
    const s = buildScenario();
    const { flagKey: _dropped, ...v1Iteration } = {
      id: 'it-1',
      experimentId: s.experiment.id,
      environmentKey: 'production',
      flagKey: null,
      number: 1,
      status: 'running' as const,
      createdAt: 1,
      startedAt: 1,
      endedAt: null,
      endReason: null,
      design: { ...s.experiment, flagVariations: s.flag.variations },
      winnerVariationId: null,
      winnerReason: null,
    };
    const v1 = new CredenceDb('upgrade-me', { ...factory, migrations: MIGRATIONS.slice(0, 1) });
    await v1.open();
    await v1.table('experiments').put(s.experiment);
    await v1.table('iterations').put(v1Iteration);
    v1.close();

    const db = await openCredenceDb('upgrade-me', factory);
    expect(db.verno).toBe(SCHEMA_VERSION);
    const iteration = await repositories(db).iterations.get('it-1');
    expect(iteration.flagKey).toBe('checkout-button');
    const running = await db.iterations
      .where('[flagKey+environmentKey+status]')
      .equals(['checkout-button', 'production', 'running'])
      .toArray();
    expect(running.map((it) => it.id)).toEqual(['it-1']);
    expect((await repositories(db).experiments.get(s.experiment.id)).key).toBe('green-button');
    db.close();
  });

  it('upgrade v4 datasets to the widened per-arm statistics (v5)', async () => {
    const factory = isolatedFactory();
    const s = buildScenario();
    const v4 = new CredenceDb('widen-me', { ...factory, migrations: MIGRATIONS.slice(0, 4) });
    await v4.open();
    await v4.table('datasets').put({
      id: 'ds-1',
      iterationId: 'it-1',
      experimentId: s.experiment.id,
      source: { kind: 'typed' },
      diagnostics: {},
      arms: [{ variation: 0, units: 10 }],
      metrics: {
        converted: [{ variation: 0, units: 10, conversions: 4, label: 'A' }],
        revenue: [
          { variation: 0, units: 10, conversions: 3, sum: 12.5, sumSquares: 40, crossSum: 'x' },
        ],
      },
      exposuresByHour: [],
      createdAt: 1,
    });
    v4.close();

    const db = await openCredenceDb('widen-me', factory);
    expect(db.verno).toBe(5);
    const dataset = await db.table('datasets').get('ds-1');
    // A conversion row without Σy: each unit's value is 0 or 1, so Σy = Σy² = conversions.
    expect(dataset.metrics.converted).toEqual([
      { variation: 0, units: 10, conversions: 4, sum: 4, sumSquares: 4 },
    ]);
    expect(dataset.metrics.revenue).toEqual([
      { variation: 0, units: 10, conversions: 3, sum: 12.5, sumSquares: 40 },
    ]);
    db.close();
  });
});

import { describe, expect, it } from 'vitest';
import { bucket, variationForBucket } from './bucketing.ts';
import { importFlagJson } from './flag-import.ts';
import { testDeps } from './test-builders.ts';

// The SDK (evaluation) shape of a flag with an experiment on its default rule, as in docs/design-model.md.
const sdkFlag = {
  key: 'checkout-button',
  version: 42,
  on: true,
  salt: 'f1a2b3',
  variations: ['grey', 'green', 'blue'],
  offVariation: 0,
  targets: [],
  prerequisites: [],
  rules: [
    {
      id: 'rule-canada',
      description: 'Customers in Canada',
      clauses: [
        { attribute: 'country', op: 'in', values: ['CA'], contextKind: 'user', negate: false },
      ],
      variation: 2,
      trackEvents: false,
    },
  ],
  fallthrough: {
    rollout: {
      kind: 'experiment',
      seed: 12345,
      variations: [
        { variation: 0, weight: 37500 },
        { variation: 1, weight: 37500 },
        { variation: 0, weight: 25000, untracked: true },
      ],
    },
  },
  trackEventsFallthrough: false,
  clientSideAvailability: { usingMobileKey: true, usingEnvironmentId: false },
};

// The REST shape: variations with ids and names, settings per environment.
const restFlag = {
  key: 'new-pricing',
  name: 'New pricing',
  kind: 'multivariate',
  purpose: 'migration',
  _maintainerId: '569f183514f4432160000007',
  variations: [
    { _id: 'var-a', value: { price: 10 }, name: 'Ten' },
    { _id: 'var-b', value: { price: 12 } },
  ],
  environments: {
    production: {
      on: false,
      salt: 'p-salt',
      _environmentName: 'Production',
      rules: [],
      fallthrough: { variation: 0 },
      offVariation: 1,
      guardedRolloutActive: true,
    },
    test: {
      on: true,
      salt: 'p-salt',
      rules: [
        {
          _id: 'r1',
          clauses: [],
          rollout: {
            variations: [
              { variation: 0, weight: 50000 },
              { variation: 1, weight: 50000 },
            ],
          },
        },
      ],
      fallthrough: { variation: 1 },
    },
  },
};

describe('importFlagJson', () => {
  it('imports the SDK shape into one environment, keeping salt, rules and the experiment rollout with its seed', () => {
    const result = importFlagJson(sdkFlag, { deps: testDeps(), environmentKey: 'production' });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const { flag, warnings } = result.value;
    expect(warnings).toEqual([]);
    expect(flag).toMatchObject({
      key: 'checkout-button',
      name: 'checkout-button',
      kind: 'flag',
      salt: 'f1a2b3',
      isMigrationFlag: false,
    });
    expect(flag.variations.map((v) => [v.name, v.value])).toEqual([
      ['grey', 'grey'],
      ['green', 'green'],
      ['blue', 'blue'],
    ]);
    const env = flag.environments.production;
    expect(env).toMatchObject({
      on: true,
      offVariation: 0,
      guardedRolloutActive: false,
      progressiveRolloutActive: false,
    });
    expect(env.rules).toEqual([
      {
        id: 'rule-canada',
        description: 'Customers in Canada',
        clauses: sdkFlag.rules[0].clauses,
        serve: { variation: 2 },
      },
    ]);
    expect(env.fallthrough).toEqual({
      rollout: {
        kind: 'experiment',
        seed: 12345,
        variations: sdkFlag.fallthrough.rollout.variations,
      },
    });
  });

  it('gives a rollout that buckets units the way the SDK does', () => {
    const result = importFlagJson(sdkFlag, { deps: testDeps(), environmentKey: 'production' });
    if (!result.ok || !('rollout' in result.value.flag.environments.production.fallthrough))
      throw new Error('setup');
    const rollout = result.value.flag.environments.production.fallthrough.rollout;
    const b = bucket('checkout-button', 'f1a2b3', rollout.seed, 'user-1');
    expect(variationForBucket(rollout, b).inExperiment).toBe(b < 0.75);
  });

  it('imports the REST shape with ids, names, every environment and the migration marker', () => {
    const result = importFlagJson(restFlag, { deps: testDeps() });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const { flag } = result.value;
    expect(flag).toMatchObject({
      key: 'new-pricing',
      name: 'New pricing',
      salt: 'p-salt',
      isMigrationFlag: true,
    });
    expect(flag.variations).toEqual([
      { id: 'var-a', name: 'Ten', value: { price: 10 } },
      { id: 'var-b', name: '{"price":12}', value: { price: 12 } },
    ]);
    expect(flag.environments.production).toMatchObject({
      on: false,
      offVariation: 1,
      guardedRolloutActive: true,
    });
    expect(flag.environments.test.rules[0].serve).toEqual({
      rollout: {
        kind: 'rollout',
        seed: null,
        variations: [
          { variation: 0, weight: 50000 },
          { variation: 1, weight: 50000 },
        ],
      },
    });
  });

  it('imports an AI Config as on by default when the document does not say', () => {
    const { on: _on, ...withoutOn } = sdkFlag;
    const result = importFlagJson(withoutOn, {
      deps: testDeps(),
      environmentKey: 'production',
      kind: 'ai-config',
    });
    if (!result.ok) throw new Error('setup');
    expect(result.value.flag.environments.production.on).toBe(true);
    expect(result.value.warnings.map((w) => w.field)).toEqual(['on']);
  });

  it('reports missing required fields by path', () => {
    const result = importFlagJson(
      {
        variations: [true, false],
        rules: [{ clauses: [] }],
        fallthrough: { rollout: { variations: [{ weight: 100000 }] } },
      },
      { deps: testDeps(), environmentKey: 'production' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.violations.map((v) => v.field)).toEqual([
        'key',
        'rules[0].id',
        'rules[0]',
        'fallthrough.rollout.variations[0].variation',
      ]);
  });

  it('needs an environment for the SDK shape, and warns when the salt is missing', () => {
    const noEnv = importFlagJson(sdkFlag, { deps: testDeps() });
    expect(noEnv.ok).toBe(false);
    const { salt: _salt, ...noSalt } = sdkFlag;
    const result = importFlagJson(noSalt, { deps: testDeps(), environmentKey: 'production' });
    if (!result.ok) throw new Error('setup');
    expect(result.value.warnings.map((w) => w.code)).toEqual(['missing-salt']);
  });

  it('marks a flag with SDK migration settings as a migration flag', () => {
    const result = importFlagJson(
      { ...sdkFlag, migration: { checkRatio: 10 } },
      { deps: testDeps(), environmentKey: 'production' },
    );
    expect(result.ok && result.value.flag.isMigrationFlag).toBe(true);
  });
});

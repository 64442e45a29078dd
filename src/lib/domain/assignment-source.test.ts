import { describe, expect, it } from 'vitest';
import { assignmentSource } from './assignment-source.ts';
import { buildScenario } from './test-builders.ts';
import type { Flag, Rollout } from './types.ts';

const rollout: Rollout = {
  kind: 'experiment',
  seed: 7,
  variations: [
    { variation: 0, weight: 50_000 },
    { variation: 1, weight: 50_000 },
  ],
};

function setUp() {
  const { flag, experiment } = buildScenario();
  const iteration = {
    environmentKey: 'production',
    flagKey: flag.key,
    design: { ...experiment, flagVariations: flag.variations },
  };
  return { flag, iteration };
}

describe('assignmentSource', () => {
  it("takes the salt and the rollout the audience rule serves in the iteration's environment", () => {
    const { flag, iteration } = setUp();
    flag.environments.production.fallthrough = { rollout };
    expect(assignmentSource(iteration, flag)).toEqual({
      ok: true,
      value: { salt: 'salt123', rollout },
    });
    flag.environments.production.rules[0].serve = { rollout: { ...rollout, seed: 9 } };
    const byRule = { ...iteration, design: { ...iteration.design, audienceRuleId: 'rule-canada' } };
    expect(assignmentSource(byRule, flag)).toMatchObject({
      ok: true,
      value: { rollout: { seed: 9 } },
    });
  });

  it('says what to import when the flag, its environment, its rollout or its salt is missing', () => {
    const { flag, iteration } = setUp();
    expect(assignmentSource(iteration, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/“checkout-button” is not in this workspace. Import its JSON/),
    });
    expect(assignmentSource({ ...iteration, environmentKey: 'test' }, flag)).toMatchObject({
      reason: expect.stringMatching(/no settings for the environment “test”/),
    });
    expect(assignmentSource(iteration, flag)).toMatchObject({
      reason: expect.stringMatching(/serves one variation, not a percentage rollout/),
    });
    const saltless: Flag = { ...flag, salt: '' };
    saltless.environments.production.fallthrough = { rollout: { ...rollout, seed: null } };
    expect(assignmentSource(iteration, saltless)).toMatchObject({
      reason: expect.stringMatching(/no salt/),
    });
  });
});

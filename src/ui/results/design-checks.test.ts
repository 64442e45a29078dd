import { describe, expect, it } from 'vitest';
import { createFlag } from '../../lib/domain/create.ts';
import { designSnapshot } from '../../lib/domain/snapshot.ts';
import { buildScenario, testDeps } from '../../lib/domain/test-builders.ts';
import type { Flag, Iteration, JsonValue } from '../../lib/domain/types.ts';
import { designHealthChecks } from './design-checks.ts';

function flagWithRule(on: boolean, clauses: JsonValue[]): Flag {
  const flag = createFlag(
    {
      key: 'f',
      name: 'F',
      variations: [
        { name: 'A', value: 'a' },
        { name: 'B', value: 'b' },
      ],
      environmentKeys: ['production'],
    },
    testDeps(),
  );
  flag.environments.production.on = on;
  flag.environments.production.rules.push({
    id: 'rule-1',
    description: 'Big accounts',
    clauses,
    serve: { variation: 0 },
  });
  return flag;
}

function iteration(
  status: Iteration['status'],
  unit: string | null,
  audienceRuleId: string | null,
) {
  const { experiment, flag } = buildScenario();
  const design = { ...designSnapshot(experiment, flag), randomizationUnit: unit, audienceRuleId };
  return { status, environmentKey: 'production', flagKey: 'f', design };
}

const byId = (checks: ReturnType<typeof designHealthChecks>, id: string) =>
  checks.find((c) => c.id === id)!;

describe('designHealthChecks', () => {
  it('fails "flag on" while a running iteration has its flag off, passes when on or ended', () => {
    expect(
      byId(
        designHealthChecks(iteration('running', 'user', null), flagWithRule(false, [])),
        'flag-on',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        designHealthChecks(iteration('running', 'user', null), flagWithRule(true, [])),
        'flag-on',
      ).status,
    ).toBe('pass');
    const ended = byId(
      designHealthChecks(iteration('stopped', 'user', null), flagWithRule(false, [])),
      'flag-on',
    );
    expect(ended.status).toBe('pass');
    expect(ended.detail).toContain('off');
    expect(
      byId(designHealthChecks(iteration('running', 'user', null), undefined), 'flag-on').status,
    ).toBe('warn');
  });

  it('checks the audience rule’s context kinds against the randomization unit', () => {
    const orgRule = [
      { contextKind: 'organization', attribute: 'plan', op: 'in', values: ['enterprise'] },
    ];
    const mismatch = byId(
      designHealthChecks(iteration('running', 'user', 'rule-1'), flagWithRule(true, orgRule)),
      'audience-kind',
    );
    expect(mismatch.status).toBe('fail');
    expect(mismatch.detail).toContain('organization');
    expect(
      byId(
        designHealthChecks(
          iteration('running', 'organization', 'rule-1'),
          flagWithRule(true, orgRule),
        ),
        'audience-kind',
      ).status,
    ).toBe('pass');
    // A clause without a context kind targets users.
    const userRule = [{ attribute: 'country', op: 'in', values: ['CA'] }];
    expect(
      byId(
        designHealthChecks(iteration('running', 'user', 'rule-1'), flagWithRule(true, userRule)),
        'audience-kind',
      ).status,
    ).toBe('pass');
    expect(
      byId(
        designHealthChecks(iteration('running', 'device', 'rule-1'), flagWithRule(true, userRule)),
        'audience-kind',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        designHealthChecks(
          iteration('running', 'user', 'rule-1'),
          flagWithRule(true, [...userRule, ...orgRule]),
        ),
        'audience-kind',
      ).status,
    ).toBe('warn');
  });

  it('passes the default rule, and warns when the unit or the rule is missing', () => {
    expect(
      byId(
        designHealthChecks(iteration('running', 'user', 'fallthrough'), flagWithRule(true, [])),
        'audience-kind',
      ).status,
    ).toBe('pass');
    expect(
      byId(
        designHealthChecks(iteration('running', null, 'fallthrough'), flagWithRule(true, [])),
        'audience-kind',
      ).status,
    ).toBe('warn');
    expect(
      byId(
        designHealthChecks(iteration('running', 'user', 'gone'), flagWithRule(true, [])),
        'audience-kind',
      ).status,
    ).toBe('warn');
  });
});

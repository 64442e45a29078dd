// Health checks about the iteration's set-up rather than its data (the health checks of the platform's results page; docs/app.md): is the flag on,
// and does the audience target the same kind of context the experiment randomizes by?
import { DEFAULT_RULE, type Flag, type Iteration, type JsonValue } from '../../lib/domain/types.ts';
import type { HealthCheck } from './health-checks.ts';

/** A clause without a context kind targets users (the flag platform's default). */
const DEFAULT_CONTEXT_KIND = 'user';

export function designHealthChecks(
  iteration: Pick<Iteration, 'status' | 'environmentKey' | 'flagKey' | 'design'>,
  flag: Flag | undefined,
): HealthCheck[] {
  return [flagOnCheck(iteration, flag), audienceKindCheck(iteration, flag)];
}

function flagOnCheck(
  iteration: Pick<Iteration, 'status' | 'environmentKey' | 'flagKey'>,
  flag: Flag | undefined,
): HealthCheck {
  const label = 'Flag on';
  const where = `in ${iteration.environmentKey}`;
  if (!flag)
    return {
      id: 'flag-on',
      label,
      status: 'warn',
      detail: iteration.flagKey
        ? `The flag “${iteration.flagKey}” is not in this workspace: its state cannot be checked.`
        : 'The iteration has no flag: its state cannot be checked.',
    };
  const on = flag.environments[iteration.environmentKey]?.on ?? false;
  if (iteration.status === 'running')
    return on
      ? { id: 'flag-on', label, status: 'pass', detail: `The flag is on ${where}.` }
      : {
          id: 'flag-on',
          label,
          status: 'fail',
          detail: `The flag is off ${where} while the iteration runs: every unit gets the off variation and no new units enter. Turn it on in the Design tab.`,
        };
  return {
    id: 'flag-on',
    label,
    status: 'pass',
    detail: `The iteration has ended; the flag is ${on ? 'on' : 'off'} ${where} now.`,
  };
}

function clauseKind(clause: JsonValue): string {
  if (clause && typeof clause === 'object' && !Array.isArray(clause)) {
    const kind = clause.contextKind;
    if (typeof kind === 'string' && kind !== '') return kind;
  }
  return DEFAULT_CONTEXT_KIND;
}

function audienceKindCheck(
  iteration: Pick<Iteration, 'environmentKey' | 'design'>,
  flag: Flag | undefined,
): HealthCheck {
  const label = 'Audience kind matches the randomization unit';
  const unit = iteration.design.randomizationUnit;
  const ruleId = iteration.design.audienceRuleId;
  if (!unit)
    return {
      id: 'audience-kind',
      label,
      status: 'warn',
      detail: 'No randomization unit is set: choose one in the Design tab.',
    };
  if (ruleId === null || ruleId === DEFAULT_RULE)
    return {
      id: 'audience-kind',
      label,
      status: 'pass',
      detail: `The audience is the default rule (every ${unit} context).`,
    };
  const rule = flag?.environments[iteration.environmentKey]?.rules.find((r) => r.id === ruleId);
  if (!rule)
    return {
      id: 'audience-kind',
      label,
      status: 'warn',
      detail: `The audience rule “${ruleId}” is not on the flag in ${iteration.environmentKey}: its context kind cannot be checked.`,
    };
  const kinds = [...new Set(rule.clauses.map(clauseKind))];
  const others = kinds.filter((kind) => kind !== unit);
  const name = rule.description || rule.id;
  if (others.length === 0)
    return {
      id: 'audience-kind',
      label,
      status: 'pass',
      detail:
        kinds.length === 0
          ? `The audience rule “${name}” has no conditions: it serves every ${unit} context.`
          : `The audience rule “${name}” targets ${unit} contexts, the randomization unit.`,
    };
  return {
    id: 'audience-kind',
    label,
    status: kinds.includes(unit) ? 'warn' : 'fail',
    detail: `The audience rule “${name}” targets ${others.join(', ')} contexts but units are randomized by ${unit}: ${kinds.includes(unit) ? 'part of' : 'all of'} the targeting is decided on another kind of context than the assignment. Randomize by the kind the audience targets, or change the rule.`,
  };
}

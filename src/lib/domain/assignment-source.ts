// Where the assignment audit's sources of truth come from in the design model: the flag's salt and the
// rollout the experiment's audience rule serves in the iteration's environment. When one is missing,
// the reason says what to import.
import { DEFAULT_RULE, type Flag, type Iteration, type Rollout } from './types.ts';

export type AssignmentSource =
  { ok: true; value: { salt: string; rollout: Rollout } } | { ok: false; reason: string };

export function assignmentSource(
  iteration: Pick<Iteration, 'environmentKey' | 'flagKey' | 'design'>,
  flag: Flag | undefined,
): AssignmentSource {
  const flagKey = iteration.flagKey ?? iteration.design.flagKey;
  const refuse = (reason: string): AssignmentSource => ({ ok: false, reason });
  if (!flagKey) return refuse('The iteration has no flag: there is no bucketing to audit against.');
  if (!flag)
    return refuse(
      `The flag “${flagKey}” is not in this workspace. Import its JSON (from the platform's flag API or SDK data) on the Design tab, then read the files again on the Data tab.`,
    );
  const environment = flag.environments[iteration.environmentKey];
  if (!environment)
    return refuse(
      `The flag has no settings for the environment “${iteration.environmentKey}”. Import the flag's JSON for that environment on the Design tab.`,
    );
  const ruleId = iteration.design.audienceRuleId ?? DEFAULT_RULE;
  const serve =
    ruleId === DEFAULT_RULE
      ? environment.fallthrough
      : environment.rules.find((rule) => rule.id === ruleId)?.serve;
  if (!serve)
    return refuse(
      `The flag has no rule “${ruleId}” (the experiment's audience). Import the flag's current JSON on the Design tab.`,
    );
  if (!('rollout' in serve) || serve.rollout.variations.length === 0)
    return refuse(
      "The experiment's audience rule serves one variation, not a percentage rollout: import the flag's JSON with the experiment's rollout (variation weights) on the Design tab.",
    );
  if (serve.rollout.seed === null && flag.salt === '')
    return refuse(
      "The flag has no salt and the rollout no seed: import the flag's JSON from the platform (it carries the salt) on the Design tab.",
    );
  return { ok: true, value: { salt: flag.salt, rollout: serve.rollout } };
}

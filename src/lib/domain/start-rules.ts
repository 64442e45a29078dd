// What must hold before an iteration starts (docs/design-model.md#rules): a complete, consistent design, the
// flag on, a randomization unit, some traffic, and a flag free of anything that would disturb it.

import { effectiveAllocations } from './allocation.ts';
import { checkDesign } from './design-rules.ts';
import { violation, type Violation } from './violation.ts';
import type { Experiment } from './types.ts';
import type { WorkspaceView } from './workspace-view.ts';

export function checkCanStart(
  experiment: Experiment,
  environmentKey: string,
  workspace: WorkspaceView,
): Violation[] {
  const design = { ...experiment, environmentKey };
  const out = checkDesign(design, workspace);

  if (!experiment.randomizationUnit) {
    out.push(
      violation(
        'randomization-unit-missing',
        'randomizationUnit',
        'Choose the randomization unit (the context kind to randomize by) before starting.',
      ),
    );
  }
  const allocations = effectiveAllocations(experiment);
  if (!(experiment.sampleSizePercent > 0) || !allocations.some((a) => a > 0)) {
    out.push(
      violation(
        'no-allocation',
        experiment.sampleSizePercent > 0 ? 'treatments' : 'sampleSizePercent',
        'No unit would enter the experiment: give the sample size and at least one variation a non-zero share.',
      ),
    );
  }
  if (experiment.flagKey === null) {
    out.push(
      violation(
        'flag-missing',
        'flagKey',
        'Choose the flag or AI Config the experiment runs on before starting.',
      ),
    );
    return out;
  }
  if (experiment.audienceRuleId === null) {
    out.push(
      violation(
        'audience-missing',
        'audienceRuleId',
        "Choose the audience: the flag's default rule or one of its targeting rules.",
      ),
    );
  }
  const flag = workspace.flags.find((f) => f.key === experiment.flagKey);
  if (!flag) return out; // checkDesign reported unknown-flag
  const state = flag.environments[environmentKey];
  const what = flag.kind === 'ai-config' ? 'AI Config' : 'flag';
  if (!state?.on) {
    out.push(
      violation(
        'flag-off',
        'flagKey',
        `Turn ${what} “${flag.key}” on in ${environmentKey} before starting the iteration.`,
      ),
    );
  }
  if (state?.guardedRolloutActive) {
    out.push(
      violation(
        'guarded-rollout-active',
        'flagKey',
        `${what} “${flag.key}” has an active guarded rollout in ${environmentKey}; finish or stop it first.`,
      ),
    );
  }
  if (state?.progressiveRolloutActive) {
    out.push(
      violation(
        'progressive-rollout-active',
        'flagKey',
        `${what} “${flag.key}” has an active progressive rollout in ${environmentKey}; finish or stop it first.`,
      ),
    );
  }
  if (flag.isMigrationFlag) {
    out.push(
      violation(
        'migration-flag',
        'flagKey',
        `“${flag.key}” is a migration flag; experiments cannot run on migration flags.`,
      ),
    );
  }
  const blocking = workspace.iterations.find(
    (it) =>
      it.status === 'running' &&
      it.environmentKey === environmentKey &&
      it.flagKey === flag.key &&
      it.experimentId !== experiment.id,
  );
  if (blocking) {
    const other = workspace.experiments.find((e) => e.id === blocking.experimentId);
    out.push(
      violation(
        'flag-in-running-experiment',
        'flagKey',
        `${what} “${flag.key}” is already in running experiment “${other?.name ?? blocking.experimentId}” in ${environmentKey}. Only one experiment per flag runs at a time: stop that one first.`,
      ),
    );
  }
  return out;
}

// The iteration lifecycle as pure functions: each returns the records to write, never writes.
// Iterations are started per environment; an iteration keeps the design snapshot it ran with.

import { effectiveAllocations } from './allocation.ts';
import { checkSavable } from './design-rules.ts';
import type { Deps } from './ids.ts';
import { designSnapshot } from './snapshot.ts';
import { checkCanStart } from './start-rules.ts';
import type { Experiment, Iteration, IterationEndReason, MetricDefinition } from './types.ts';
import { refuse, succeed, violation, type Result, type Violation } from './violation.ts';
import type { WorkspaceView } from './workspace-view.ts';

/** Records a lifecycle step produces: the experiment, iterations ended, started and refreshed. */
export type IterationChange = {
  experiment: Experiment;
  ended: Iteration[];
  started: Iteration[];
  /** Running iterations whose snapshot took an edit that does not end an iteration (metric added or renamed…). */
  updated: Iteration[];
  /** Why running iterations were ended and restarted (field paths), empty when they were not. */
  restartedBecause: string[];
};

/** Editable design fields (identity and timestamps are managed by the model). */
export type ExperimentEdit = Partial<Omit<Experiment, 'id' | 'createdAt' | 'updatedAt'>>;

/** Fields that cannot change while an iteration runs: stop it first [ours]. */
const LOCKED_WHILE_RUNNING = ['key', 'environmentKey', 'flagKey', 'layer', 'holdoutId'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function runningIterationsOf(experimentId: string, workspace: WorkspaceView): Iteration[] {
  return workspace.iterations.filter(
    (it) => it.experimentId === experimentId && it.status === 'running',
  );
}

function nextNumber(
  experimentId: string,
  environmentKey: string,
  workspace: WorkspaceView,
): number {
  const numbers = workspace.iterations
    .filter((it) => it.experimentId === experimentId && it.environmentKey === environmentKey)
    .map((it) => it.number);
  return Math.max(0, ...numbers) + 1;
}

function endIteration(iteration: Iteration, reason: IterationEndReason, now: number): Iteration {
  return { ...iteration, status: 'stopped', endedAt: now, endReason: reason };
}

function newRunningIteration(
  experiment: Experiment,
  environmentKey: string,
  number: number,
  workspace: WorkspaceView,
  deps: Deps,
): Iteration {
  const now = deps.now();
  const flag = workspace.flags.find((f) => f.key === experiment.flagKey);
  return {
    id: deps.newId(),
    experimentId: experiment.id,
    environmentKey,
    flagKey: experiment.flagKey,
    number,
    status: 'running',
    createdAt: now,
    startedAt: now,
    endedAt: null,
    endReason: null,
    design: designSnapshot(experiment, flag),
    winnerVariationId: null,
    winnerReason: null,
  };
}

/**
 * Starts an iteration of `experiment` in `environmentKey` if every start rule passes. An iteration of
 * this experiment already running there is ended (reason "restarted") and replaced [ours].
 */
export function planIterationStart(
  experiment: Experiment,
  environmentKey: string,
  workspace: WorkspaceView,
  deps: Deps,
): Result<IterationChange> {
  const violations = checkCanStart(experiment, environmentKey, workspace);
  if (violations.length > 0) return refuse(violations);
  const now = deps.now();
  const ended = runningIterationsOf(experiment.id, workspace)
    .filter((it) => it.environmentKey === environmentKey)
    .map((it) => endIteration(it, 'restarted', now));
  const started = [
    newRunningIteration(
      experiment,
      environmentKey,
      nextNumber(experiment.id, environmentKey, workspace),
      workspace,
      deps,
    ),
  ];
  return succeed({
    experiment: { ...experiment, updatedAt: now },
    ended,
    started,
    updated: [],
    restartedBecause: [],
  });
}

export type StopOptions = { winnerVariationId?: string | null; winnerReason?: string | null };

/** Ends a running iteration, optionally naming the winner (one of its arms) and why. */
export function planIterationStop(
  iteration: Iteration,
  now: number,
  options: StopOptions = {},
): Result<Iteration> {
  if (iteration.status !== 'running') {
    return refuse([
      violation(
        'not-running',
        'status',
        `Iteration ${iteration.number} is ${iteration.status.replace('_', ' ')}; only a running iteration can be stopped.`,
      ),
    ]);
  }
  const winner = options.winnerVariationId ?? null;
  if (winner !== null && !iteration.design.treatments.some((t) => t.variationId === winner)) {
    return refuse([
      violation(
        'unknown-winner',
        'winnerVariationId',
        "The winner must be one of the iteration's variations.",
      ),
    ]);
  }
  return succeed({
    ...endIteration(iteration, 'stopped', now),
    winnerVariationId: winner,
    winnerReason: options.winnerReason ?? null,
  });
}

function metricChanges(before: MetricDefinition[], after: MetricDefinition[]): string[] {
  const changed: string[] = [];
  for (const old of before) {
    const current = after.find((m) => m.key === old.key);
    const { name: _oldName, ...oldMeaning } = old;
    if (!current) {
      changed.push(`metrics.${old.key}`);
      continue;
    }
    const { name: _newName, ...newMeaning } = current;
    if (!same(oldMeaning, newMeaning)) changed.push(`metrics.${old.key}`);
  }
  return changed;
}

/**
 * The edits that end a running iteration and start a new one: hypothesis, randomization unit,
 * existing metrics (changed or removed; a rename is not a change), audience, split. We count the
 * sample size and the control as part of the split [ours]. Renaming or adding a metric does not.
 */
export function iterationEndingChanges(before: Experiment, after: Experiment): string[] {
  const changed: string[] = [];
  if (before.hypothesis !== after.hypothesis) changed.push('hypothesis');
  if (before.randomizationUnit !== after.randomizationUnit) changed.push('randomizationUnit');
  if (before.audienceRuleId !== after.audienceRuleId) changed.push('audienceRuleId');
  if (before.sampleSizePercent !== after.sampleSizePercent) changed.push('sampleSizePercent');
  const split = (e: Experiment) => {
    const allocations = effectiveAllocations(e);
    return e.treatments.map((t, i) => [t.variationId, allocations[i]]);
  };
  if (!same(split(before), split(after))) changed.push('treatments');
  if (before.controlVariationId !== after.controlVariationId) changed.push('controlVariationId');
  changed.push(...metricChanges(before.metrics, after.metrics));
  return changed;
}

/**
 * Applies an edit to a design. Without a running iteration it is a plain save (refused only for the
 * contradictions drafts may not hold). With running iterations, iteration-ending edits stop each one
 * (reason "design-changed") and start a new one in the same environment, which must pass the start
 * rules; other edits refresh the running iterations' snapshots in place.
 */
export function applyDesignEdit(
  experiment: Experiment,
  edit: ExperimentEdit,
  workspace: WorkspaceView,
  deps: Deps,
): Result<IterationChange> {
  const now = deps.now();
  const next: Experiment = {
    ...experiment,
    ...structuredClone(edit),
    id: experiment.id,
    createdAt: experiment.createdAt,
    updatedAt: now,
  };
  const others = workspace.experiments.filter((e) => e.id !== experiment.id);
  const view: WorkspaceView = { ...workspace, experiments: [...others, next] };
  const running = runningIterationsOf(experiment.id, workspace);

  const blocked: Violation[] = [];
  if (running.length > 0) {
    for (const field of LOCKED_WHILE_RUNNING) {
      if (!same(experiment[field], next[field])) {
        blocked.push(
          violation(
            'locked-while-running',
            field,
            `Stop the running iteration before changing ${field}: it cannot change mid-iteration.`,
          ),
        );
      }
    }
  }
  blocked.push(...checkSavable(next, view));
  if (blocked.length > 0) return refuse(blocked);

  const restartedBecause = running.length > 0 ? iterationEndingChanges(experiment, next) : [];
  if (restartedBecause.length === 0) {
    const flag = workspace.flags.find((f) => f.key === next.flagKey);
    const updated = running.map((it) => ({
      ...it,
      design: { ...designSnapshot(next, flag), flagVariations: it.design.flagVariations },
    }));
    return succeed({ experiment: next, ended: [], started: [], updated, restartedBecause });
  }

  const ended = running.map((it) => endIteration(it, 'design-changed', now));
  const afterEnding: WorkspaceView = {
    ...view,
    iterations: workspace.iterations.map((it) => ended.find((e) => e.id === it.id) ?? it),
  };
  const started: Iteration[] = [];
  const violations: Violation[] = [];
  for (const old of running) {
    const problems = checkCanStart(next, old.environmentKey, afterEnding);
    if (problems.length > 0) violations.push(...problems);
    else
      started.push(
        newRunningIteration(
          next,
          old.environmentKey,
          nextNumber(next.id, old.environmentKey, afterEnding),
          afterEnding,
          deps,
        ),
      );
  }
  if (violations.length > 0) return refuse(violations);
  return succeed({ experiment: next, ended, started, updated: [], restartedBecause });
}

/** An iteration's analysis window [start, end) in Unix ms; end null while it runs. */
export type IterationWindow = { start: number; end: number | null };

/**
 * Sets or back-dates an iteration's window (for data of an experiment that already ran). The start
 * and end must be real instants, not in the future, with the end after the start. Giving a running
 * iteration an end stops it then (reason "stopped") [ours]; a stopped iteration keeps its reason, and
 * its end cannot be removed (an ended iteration does not run again: start a new one).
 */
export function planIterationWindow(
  iteration: Iteration,
  window: IterationWindow,
  now: number,
): Result<Iteration> {
  const problems: Violation[] = [];
  const { start, end } = window;
  if (!Number.isFinite(start))
    problems.push(violation('window-start-missing', 'startedAt', 'Give the window a start.'));
  else if (start > now)
    problems.push(
      violation('window-start-future', 'startedAt', 'The window cannot start in the future.'),
    );
  if (end !== null && !Number.isFinite(end))
    problems.push(violation('window-end-invalid', 'endedAt', 'The end is not a valid time.'));
  else if (end !== null && end > now)
    problems.push(
      violation(
        'window-end-future',
        'endedAt',
        'The window cannot end in the future: leave the end empty while the iteration runs.',
      ),
    );
  else if (end !== null && Number.isFinite(start) && end <= start)
    problems.push(
      violation('window-end-before-start', 'endedAt', 'The end must come after the start.'),
    );
  if (end === null && iteration.status === 'stopped')
    problems.push(
      violation(
        'window-end-required',
        'endedAt',
        `Iteration ${iteration.number} has ended: give its window an end.`,
      ),
    );
  if (problems.length > 0) return refuse(problems);
  if (end !== null && iteration.status !== 'stopped')
    return succeed({ ...endIteration(iteration, 'stopped', end), startedAt: start });
  return succeed({ ...iteration, startedAt: start, endedAt: end });
}

// Filtering and grouping of the experiments list (pure, so it is tested without a browser).
import type { Environment, Experiment, Iteration } from '../../lib/domain/types.ts';

export type ExperimentStatus = 'draft' | 'running' | 'stopped';

export function experimentStatus(
  experiment: Experiment,
  iterations: readonly Iteration[],
): ExperimentStatus {
  const own = iterations.filter((it) => it.experimentId === experiment.id);
  if (own.some((it) => it.status === 'running')) return 'running';
  if (own.some((it) => it.status === 'stopped')) return 'stopped';
  return 'draft';
}

export function matchesFilter(experiment: Experiment, search: string, tag: string): boolean {
  const needle = search.trim().toLowerCase();
  const text = [
    experiment.name,
    experiment.key,
    experiment.hypothesis,
    experiment.flagKey ?? '',
    ...experiment.tags,
  ]
    .join(' ')
    .toLowerCase();
  return (!needle || text.includes(needle)) && (!tag || experiment.tags.includes(tag));
}

export function allTags(experiments: readonly Experiment[]): string[] {
  return [...new Set(experiments.flatMap((e) => e.tags))].sort((a, b) => a.localeCompare(b));
}

/** Sections per environment: every stored environment (even empty) plus any an experiment names. */
export function groupByEnvironment(
  experiments: readonly Experiment[],
  environments: readonly Environment[],
): { key: string; name: string; experiments: Experiment[] }[] {
  const names = new Map(environments.map((env) => [env.key, env.name || env.key]));
  for (const experiment of experiments)
    if (!names.has(experiment.environmentKey))
      names.set(experiment.environmentKey, experiment.environmentKey);
  return [...names]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([key, name]) => ({
      key,
      name,
      experiments: experiments
        .filter((e) => e.environmentKey === key)
        .sort((a, b) => b.updatedAt - a.updatedAt),
    }));
}

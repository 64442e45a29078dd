// γ² (prior relative variance) per metric, edited on the metric in the Design tab and kept in the
// experiment's analysis settings, which the Results tab passes to the workers.
import { defaultGammaSquared } from '../../lib/analysis/defaults.ts';
import type { AnalysisSettings, Experiment, MetricDefinition } from '../../lib/domain/types.ts';

/** The engine's γ² for a metric with nothing set (0.04 for conversion rates, 0.16 otherwise). */
export function defaultPriorVariance(
  metric: Pick<MetricDefinition, 'kind' | 'aggregation'>,
): number {
  return defaultGammaSquared(metric);
}

/** Reads a typed γ²: blank means "the default"; anything else must be a finite number above 0. */
export function parsePriorVariance(
  text: string,
): { ok: true; value: number | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0)
    return {
      ok: false,
      message: 'γ² must be a number above 0 (for example 0.16), or blank for the default.',
    };
  return { ok: true, value };
}

/**
 * The experiment's analysis settings with γ² for `metricKey` set (a number) or cleared (null). An
 * experiment without settings of its own starts from the workspace's; once it has its own, the
 * Results tab saves its setting changes there too.
 */
export function withPriorVariance(
  experiment: Pick<Experiment, 'analysis'>,
  workspaceDefaults: AnalysisSettings,
  metricKey: string,
  value: number | null,
): AnalysisSettings {
  const base = experiment.analysis ?? workspaceDefaults;
  const priorRelativeVariance = { ...base.priorRelativeVariance };
  if (value === null) delete priorRelativeVariance[metricKey];
  else priorRelativeVariance[metricKey] = value;
  return { ...base, priorRelativeVariance };
}

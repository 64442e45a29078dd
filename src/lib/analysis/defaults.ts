// Every default of an analysis, in one place: the settings a new workspace starts with, what a
// snapshot link without optional settings means, the choices the settings panel offers and the limits
// a setting must stay within. The engine's own fallbacks are the same constants (src/lib/stats/defaults.ts).
import {
  DEFAULT_CREDIBLE_MASS,
  DEFAULT_DRAWS,
  DEFAULT_GAMMA_SQUARED,
  DEFAULT_METHOD,
  DEFAULT_PRIOR,
  DEFAULT_SEED,
} from '../stats/defaults.ts';
import type { MetricKind } from '../stats/types.ts';
import { modelKind, type MetricModelFields } from './metric-model.ts';

export { DEFAULT_CREDIBLE_MASS, DEFAULT_DRAWS, DEFAULT_GAMMA_SQUARED, DEFAULT_SEED };

/** Probability to be best above which an arm is called the winner [ours]. */
export const DEFAULT_WINNER_THRESHOLD = 0.95;

/** The analysis settings a workspace starts with; an experiment without its own uses its workspace's. */
export const ANALYSIS_DEFAULTS = {
  credibleMass: DEFAULT_CREDIBLE_MASS,
  prior: DEFAULT_PRIOR,
  method: DEFAULT_METHOD,
  draws: DEFAULT_DRAWS,
  seed: DEFAULT_SEED,
  winnerThreshold: DEFAULT_WINNER_THRESHOLD,
} as const;

/** The credible masses the settings panel offers. */
export const CREDIBLE_MASS_CHOICES: readonly number[] = [0.8, 0.9, 0.95, 0.99];

/** Bounds a setting must stay within wherever settings come from (workspace, experiment, link). */
export const ANALYSIS_LIMITS = {
  /** Monte Carlo draws: enough for any precision we show, small enough not to hang a tab. */
  maxDraws: 100_000_000,
} as const;

/** The engine's γ² for a metric with nothing set: by the model the metric is analysed with. */
export function defaultGammaSquared(
  metric: Pick<MetricModelFields, 'kind' | 'aggregation'>,
): number {
  return DEFAULT_GAMMA_SQUARED[modelKind(metric) satisfies MetricKind];
}

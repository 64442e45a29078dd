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
import { DEFAULT_SEQUENTIAL_TUNING } from '../stats/frequentist/index.ts';
import { modelKind, type MetricModelFields } from './metric-model.ts';

export { DEFAULT_CREDIBLE_MASS, DEFAULT_DRAWS, DEFAULT_GAMMA_SQUARED, DEFAULT_SEED };

/** Probability to be best above which an arm is called the winner [ours]. */
export const DEFAULT_WINNER_THRESHOLD = 0.95;

/**
 * Relative expected loss (of the control mean) below which choosing the leading arm costs too little
 * to care about: the decision's "threshold of caring" [ours].
 */
export const DEFAULT_CARING_THRESHOLD = 0.0025;

/**
 * Probability that a guardrail is worse than its margin above which it counts as harmed [ours]: 0.05
 * asks shipping to show non-inferiority with 95% probability, as the winner threshold asks 95% to be best.
 */
export const DEFAULT_GUARDRAIL_THRESHOLD = 0.05;

/** Units every arm needs before the decision rule may ship or roll back [ours; the "thin arm" bound]. */
export const DEFAULT_MINIMUM_UNITS_PER_ARM = 100;

/** The frequentist settings' defaults (issue 17): Bayesian, 95% confidence, gbstats' N*, no correction. */
export const FREQUENTIST_DEFAULTS = {
  inference: 'bayesian',
  confidenceLevel: 0.95,
  sequentialTuning: DEFAULT_SEQUENTIAL_TUNING,
  correction: 'none',
} as const;

/** The confidence levels the settings panel offers in the frequentist modes. */
export const CONFIDENCE_LEVEL_CHOICES: readonly number[] = [0.8, 0.9, 0.95, 0.99];

/** The analysis settings a workspace starts with; an experiment without its own uses its workspace's. */
export const ANALYSIS_DEFAULTS = {
  credibleMass: DEFAULT_CREDIBLE_MASS,
  prior: DEFAULT_PRIOR,
  method: DEFAULT_METHOD,
  draws: DEFAULT_DRAWS,
  seed: DEFAULT_SEED,
  winnerThreshold: DEFAULT_WINNER_THRESHOLD,
  caringThreshold: DEFAULT_CARING_THRESHOLD,
  guardrailThreshold: DEFAULT_GUARDRAIL_THRESHOLD,
  minimumUnitsPerArm: DEFAULT_MINIMUM_UNITS_PER_ARM,

  ...FREQUENTIST_DEFAULTS,
} as const;

/** The credible masses the settings panel offers. */
export const CREDIBLE_MASS_CHOICES: readonly number[] = [0.8, 0.9, 0.95, 0.99];

/** Bounds a setting must stay within wherever settings come from (workspace, experiment, link). */
export const ANALYSIS_LIMITS = {
  /** Monte Carlo draws: enough for any precision we show, small enough not to hang a tab. */
  maxDraws: 100_000_000,
  /** Arms one analysis compares (a to z). */
  maxArms: 26,
  /** Metrics one analysis covers. */
  maxMetrics: 100,
  /**
   * Monte Carlo draws × arms × metrics of one analysis [ours]: about a minute of one core at ~110 ns
   * an arm-draw, so no link or setting can ask for hours. 1,000,000 draws × 5 arms × 100 metrics fits.
   */
  maxMonteCarloWork: 500_000_000,
  /** Units an arm may be asked to have before a decision (beyond any experiment's size). */
  maxMinimumUnitsPerArm: 1_000_000_000,
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** Why an analysis of this size is refused, or null. Draws count only for the Monte Carlo method. */
export function analysisSizeProblem(size: {
  method: string;
  draws: number | undefined;
  arms: number;
  metrics: number;
}): string | null {
  const { maxArms, maxMetrics, maxMonteCarloWork } = ANALYSIS_LIMITS;
  if (size.arms > maxArms) return `has ${count(size.arms)} arms; at most ${maxArms} are analysed.`;
  if (size.metrics > maxMetrics)
    return `has ${count(size.metrics)} metrics; at most ${maxMetrics} are analysed.`;
  if (size.method !== 'monte-carlo') return null;
  const work = (size.draws ?? ANALYSIS_DEFAULTS.draws) * size.arms * size.metrics;
  if (work <= maxMonteCarloWork) return null;
  const fit = Math.max(1, Math.floor(maxMonteCarloWork / (size.arms * size.metrics)));
  return (
    `asks for ${count(work)} Monte Carlo draws (draws × arms × metrics), more than the ` +
    `${count(maxMonteCarloWork)} one analysis may take; use ${count(fit)} draws or fewer, or the exact method.`
  );
}

/** The engine's γ² for a metric with nothing set: by the model the metric is analysed with. */
export function defaultGammaSquared(
  metric: Pick<MetricModelFields, 'kind' | 'aggregation'>,
): number {
  return DEFAULT_GAMMA_SQUARED[modelKind(metric)];
}

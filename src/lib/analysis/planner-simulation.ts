// The planner's Bayesian view: at a planned number of units per arm, how likely is the analysis to
// name the true best arm? S simulated experiments in which the first treatment carries the smallest
// effect worth detecting and every other arm the baseline; each arm's sufficient statistics are drawn
// (means: the sample mean is normal with the baseline sd, passed as the arm's sd; rates: conversions
// exactly Binomial(n, p)), the Bayesian engine reads them as it would read real data, and the true
// best arm's probability to be best is averaged, with the share of experiments above the threshold.
// The draws are cheap and run on the page; the engine runs in the workers (planner-simulation-in-thread.ts
// runs it here, for tests and scripts), so this file imports no engine code.
import { createStream, nextBinomial, nextStandardNormal } from '../stats/random/index.ts';
import type { AnalysisOptions, ArmInput } from '../stats/types.ts';
import { baselineMoments, type PlanBaseline } from './planner.ts';
import { ANALYSIS_LIMITS } from './defaults.ts';
import type { AnalysisRequest, MetricOutcome, MetricRequest } from './types.ts';

export const DEFAULT_SIMULATIONS = 200;
/** The planner's fixed seed [ours]: the same inputs always show the same numbers. */
export const PLANNER_SIMULATION_SEED = 17;
/** The arm carrying the effect (index 0 is the control). */
export const TRUE_BEST_ARM = 1;

export type SimulationInput = {
  baseline: PlanBaseline;
  /** Arms including the control. */
  arms: number;
  /** The effect the true best arm carries, relative to the baseline (0.05 = 5%). */
  relativeEffect: number;
  unitsPerArm: number;
  simulations: number;
  seed: number;
  /** The Bayesian settings the real results will be read with. */
  prior: 'informative' | 'flat';
  priorRelativeVariance?: number;
};

export type SimulationSummary = {
  simulations: number;
  /** Mean probability to be best of the true best arm, and its Monte Carlo standard error. */
  meanProbability: number;
  meanProbabilitySE: number;
  /** Share of the experiments whose true best arm's probability exceeds the threshold, and its SE. */
  shareAboveThreshold: number;
  shareSE: number;
  threshold: number;
};

/** Why these inputs cannot be simulated, in plain words; null when they can. */
export function simulationProblem(input: SimulationInput): string | null {
  if (!(Number.isSafeInteger(input.unitsPerArm) && input.unitsPerArm >= 2))
    return 'The simulation needs at least 2 units per arm.';
  if (!(Number.isInteger(input.simulations) && input.simulations >= 2))
    return 'The simulation needs at least 2 experiments.';
  if (!(Number.isInteger(input.arms) && input.arms >= 2)) return 'The design needs two arms.';
  if (input.baseline.kind === 'rate') {
    const treated = input.baseline.rate * (1 + input.relativeEffect);
    if (!(input.baseline.rate > 0 && treated < 1))
      return 'The baseline rate raised by the effect must stay below 100%.';
  }
  return null;
}

/** One metric request per simulated experiment, keyed `<prefix><index>`, drawn from one seeded stream. */
export function simulationMetrics(input: SimulationInput, keyPrefix = ''): MetricRequest[] {
  const stream = createStream(input.seed, 0);
  const { mean, sd } = baselineMoments(input.baseline);
  const treated = mean + input.relativeEffect * Math.abs(mean);
  const n = input.unitsPerArm;
  const options: AnalysisOptions = {
    kind: input.baseline.kind === 'rate' ? 'conversion' : 'numeric',
    direction: 'higher',
    control: 0,
    prior: input.prior,
    method: 'exact',
    ...(input.priorRelativeVariance === undefined
      ? {}
      : { priorRelativeVariance: input.priorRelativeVariance }),
  };
  const drawArm = (index: number): ArmInput => {
    const truth = index === TRUE_BEST_ARM ? treated : mean;
    const name = index === 0 ? 'control' : `treatment ${index}`;
    if (input.baseline.kind === 'rate')
      return { name, units: n, conversions: nextBinomial(stream, n, truth) };
    return { name, units: n, mean: truth + (sd / Math.sqrt(n)) * nextStandardNormal(stream), sd };
  };
  return Array.from({ length: input.simulations }, (_, simulation) => ({
    key: `${keyPrefix}${simulation}`,
    arms: Array.from({ length: input.arms }, (_, arm) => drawArm(arm)),
    options,
  }));
}

/**
 * The metrics as analysis requests of at most ANALYSIS_LIMITS.maxMetrics each, each with its own view
 * key so that none supersedes another; answers concatenated in request order keep the metrics' order.
 */
export function simulationRequests(
  metrics: readonly MetricRequest[],
  viewKey: string,
): AnalysisRequest[] {
  const size = ANALYSIS_LIMITS.maxMetrics;
  return Array.from({ length: Math.ceil(metrics.length / size) }, (_, index) => ({
    viewKey: `${viewKey}/${index}`,
    metrics: metrics.slice(index * size, (index + 1) * size),
  }));
}

/** The true best arm's probability to be best in each simulated experiment, or the first failure. */
export function probabilitiesOf(
  outcomes: readonly MetricOutcome[],
): { ok: true; value: number[] } | { ok: false; message: string } {
  const value: number[] = [];
  for (const outcome of outcomes) {
    if (!outcome.result.ok) return { ok: false, message: outcome.result.error.message };
    value.push(outcome.result.value.arms[TRUE_BEST_ARM].probabilityToBeBest);
  }
  return { ok: true, value };
}

export function summarizeSimulation(
  probabilities: readonly number[],
  threshold: number,
): SimulationSummary {
  const count = probabilities.length;
  const meanProbability = probabilities.reduce((sum, p) => sum + p, 0) / count;
  const squares = probabilities.reduce((sum, p) => sum + (p - meanProbability) ** 2, 0);
  const above = probabilities.filter((p) => p > threshold).length / count;
  return {
    simulations: count,
    meanProbability,
    meanProbabilitySE: Math.sqrt(squares / (count - 1) / count),
    shareAboveThreshold: above,
    shareSE: Math.sqrt((above * (1 - above)) / count),
    threshold,
  };
}

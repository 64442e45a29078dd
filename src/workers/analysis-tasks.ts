// The units of work behind one analysis, each a call into the statistics engine. A worker runs them
// for the pool; analyzeInThread (analysis-core.ts) runs them in-process. All inputs and outputs are plain
// clonable data, so any task can run in any worker and its result can be handed to another.
import { yieldToEventLoop } from '../lib/event-loop.ts';
import {
  compareExact,
  finishAnalysis,
  prepareAnalysis,
  sampleRatioMismatch,
} from '../lib/stats/index.ts';
import type { ArmResult, PreparedAnalysis, SrmResult } from '../lib/stats/index.ts';
import {
  chunkCount,
  chunkLength,
  mergeTallies,
  monteCarloChunk,
  summarizeTally,
} from '../lib/stats/compare/index.ts';
import type { ComparisonInput, MonteCarloTally } from '../lib/stats/compare/index.ts';
import type {
  MetricAnalysis,
  MetricArmResult,
  MetricRequest,
  SrmRequest,
} from '../lib/analysis/types.ts';
import { fail, ok, type WorkerResult } from '../lib/analysis/result.ts';
import { toWorkerError } from './errors.ts';

/** One chunk of a Monte Carlo run: the sampler gives every chunk index its own random stream. */
export type ChunkSpec = { index: number; draws: number };

export type MonteCarloPlan = {
  input: ComparisonInput;
  /** Arm indices (into the request's arms) of the comparison's arms, in comparison order. */
  comparedArms: number[];
  /** false when the control has not enough data: then no arm has a probability to beat it. */
  controlUsable: boolean;
  draws: number;
  seed: number;
  chunks: ChunkSpec[];
};

/** A metric analysed exactly, plus what a Monte Carlo run still has to do (null when not requested). */
export type PreparedMetric = {
  key: string;
  /** The engine's own preparation (plain data): finishAnalysis turns it and a comparison into results. */
  analysis: PreparedAnalysis;
  exactArms: ArmResult[];
  monteCarlo: MonteCarloPlan | null;
};

/** The chunks of a run of `draws` draws, in index order, split exactly as compareMonteCarlo splits them. */
export function planChunks(draws: number): ChunkSpec[] {
  return Array.from({ length: chunkCount(draws) }, (_, index) => ({
    index,
    draws: chunkLength(draws, index),
  }));
}

/**
 * Analyses the metric with the exact method (posteriors, intervals, quadrature probabilities). With
 * method 'monte-carlo' it also plans the sampler's run over the comparison the engine's prepareAnalysis
 * set up (the same one analyzeMetric runs), so finishMetric can place the estimates with finishAnalysis.
 */
export function prepareMetric(metric: MetricRequest): WorkerResult<PreparedMetric> {
  try {
    const analysis = prepareAnalysis(metric.arms, metric.options);
    const input = analysis.comparison;
    const exactArms = finishAnalysis(analysis, input === null ? null : compareExact(input));
    if (analysis.options.method !== 'monte-carlo' || input === null)
      return ok({ key: metric.key, analysis, exactArms, monteCarlo: null });
    const { draws, seed } = analysis.options;
    const plan: MonteCarloPlan = {
      input,
      comparedArms: analysis.usableIndices,
      controlUsable: analysis.controlUsable,
      draws,
      seed,
      chunks: planChunks(draws),
    };
    return ok({ key: metric.key, analysis, exactArms, monteCarlo: plan });
  } catch (error) {
    return toWorkerError(error);
  }
}

/** Runs chunks one after another, yielding to the event loop between them so a cancel can land. */
export async function runChunks(
  input: ComparisonInput,
  seed: number,
  chunks: ChunkSpec[],
  isCancelled: () => boolean,
): Promise<WorkerResult<MonteCarloTally[]>> {
  try {
    const tallies: MonteCarloTally[] = [];
    for (const chunk of chunks) {
      if (isCancelled()) return fail('aborted', 'the analysis was cancelled');
      tallies.push(monteCarloChunk(input, seed, chunk.index, chunk.draws));
      await yieldToEventLoop();
    }
    return isCancelled() ? fail('aborted', 'the analysis was cancelled') : ok(tallies);
  } catch (error) {
    return toWorkerError(error);
  }
}

/**
 * Merges the tallies (they must be in chunk-index order, which makes the result independent of how
 * chunks were spread over workers), summarises them, and puts the estimates and their standard errors
 * into the arm results the way analyzeMetric does, keeping the quadrature's values beside them.
 */
export function finishMetric(
  prepared: PreparedMetric,
  tallies: MonteCarloTally[],
): WorkerResult<MetricAnalysis> {
  try {
    const plan = prepared.monteCarlo;
    if (plan === null) return ok({ key: prepared.key, arms: prepared.exactArms });
    if (tallies.length !== plan.chunks.length || tallies.some((tally) => tally === undefined)) {
      return fail(
        'internal',
        `expected ${plan.chunks.length} Monte Carlo tallies, got ${tallies.filter(Boolean).length}`,
      );
    }
    const comparison = summarizeTally(plan.input, mergeTallies(tallies));
    const arms: MetricArmResult[] = finishAnalysis(prepared.analysis, comparison);
    for (const armIndex of plan.comparedArms) {
      const exact = prepared.exactArms[armIndex];
      arms[armIndex].exact = {
        probabilityToBeBest: exact.probabilityToBeBest,
        probabilityToBeatControl: exact.probabilityToBeatControl,
        expectedLoss: exact.expectedLoss,
        expectedLossRelative: exact.expectedLossRelative,
      };
    }
    return ok({ key: prepared.key, arms });
  } catch (error) {
    return toWorkerError(error);
  }
}

export function analyzeSrm(srm: SrmRequest): WorkerResult<SrmResult> {
  try {
    return ok(sampleRatioMismatch(srm.looks, srm.weights, srm.options));
  } catch (error) {
    return toWorkerError(error);
  }
}

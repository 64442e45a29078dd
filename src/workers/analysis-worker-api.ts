// What an analysis worker exposes through Comlink. Each method is one task of analysis-tasks.ts; the
// pool gives a worker one task at a time and may cancel a running chunk task by its request id.
import type { MonteCarloTally, ComparisonInput } from '../lib/stats/compare/index.ts';
import type { SrmResult } from '../lib/stats/types.ts';
import type { MetricAnalysis, MetricRequest, SrmRequest } from '../lib/analysis/types.ts';
import {
  analyzeSrm,
  finishMetric,
  prepareMetric,
  runChunks,
  type ChunkSpec,
  type PreparedMetric,
} from './analysis-tasks.ts';
import type { WorkerResult } from '../lib/analysis/result.ts';

export type AnalysisWorkerApi = {
  prepareMetric: (metric: MetricRequest) => WorkerResult<PreparedMetric>;
  runChunks: (
    requestId: number,
    input: ComparisonInput,
    seed: number,
    chunks: ChunkSpec[],
  ) => Promise<WorkerResult<MonteCarloTally[]>>;
  finishMetric: (
    prepared: PreparedMetric,
    tallies: MonteCarloTally[],
  ) => WorkerResult<MetricAnalysis>;
  analyzeSrm: (srm: SrmRequest) => WorkerResult<SrmResult>;
  /** Stops the running chunk task of this request after its current chunk; unknown ids are ignored. */
  cancel: (requestId: number) => void;
};

export function createAnalysisWorkerApi(): AnalysisWorkerApi {
  const cancelFlags = new Map<number, { cancelled: boolean }>();
  return {
    prepareMetric,
    async runChunks(requestId, input, seed, chunks) {
      const flag = { cancelled: false };
      cancelFlags.set(requestId, flag);
      try {
        return await runChunks(input, seed, chunks, () => flag.cancelled);
      } finally {
        if (cancelFlags.get(requestId) === flag) cancelFlags.delete(requestId);
      }
    },
    finishMetric,
    analyzeSrm,
    cancel(requestId) {
      const flag = cancelFlags.get(requestId);
      if (flag) flag.cancelled = true;
    },
  };
}

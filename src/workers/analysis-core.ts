// The analysis API without workers: the same orchestration as the worker pool, with every task run in
// the calling thread (Node, scripts, unit tests). Same request, response, progress, abort and numbers.
import type { AnalysisRequest, AnalysisResponse } from '../lib/analysis/types.ts';
import { analyzeSrm, finishMetric, prepareMetric, runChunks } from './analysis-tasks.ts';
import {
  orchestrateAnalysis,
  type AnalysisExecutor,
  type OrchestrationOptions,
} from './orchestrate.ts';
import type { WorkerResult } from '../lib/analysis/result.ts';

/** Runs the request in this thread, without workers (Node, tests, scripts). */
export function analyzeInThread(
  request: AnalysisRequest,
  options: OrchestrationOptions = {},
): Promise<WorkerResult<AnalysisResponse>> {
  const isCancelled = () => options.signal?.aborted === true;
  // One batch at a time: started together, every batch would compute its first chunk before any yield.
  let previousBatch: Promise<unknown> = Promise.resolve();
  const executor: AnalysisExecutor = {
    prepareMetric: async (metric) => prepareMetric(metric),
    runChunks: (input, seed, chunks) => {
      const batch = previousBatch.then(() => runChunks(input, seed, chunks, isCancelled));
      previousBatch = batch;
      return batch;
    },
    finishMetric: async (prepared, tallies) => finishMetric(prepared, tallies),
    analyzeSrm: async (srm) => analyzeSrm(srm),
  };
  return orchestrateAnalysis(request, executor, options);
}

// The page's only door to the statistics: every number comes from the analysis workers. One client
// (one worker pool) for the whole page, started on the first analysis.
import { createAnalysisClient, type AnalysisClient } from '../../workers/analysis-client.ts';
import type {
  AnalysisCallOptions,
  AnalysisRequest,
  AnalysisResponse,
} from '../../lib/analysis/types.ts';
import type { WorkerResult } from '../../lib/analysis/result.ts';

let client: AnalysisClient | null = null;

export function analyzeInWorkers(
  request: AnalysisRequest,
  options: AnalysisCallOptions = {},
): Promise<WorkerResult<AnalysisResponse>> {
  client ??= createAnalysisClient();
  return client.analyze(request, options);
}

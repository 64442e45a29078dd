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

/**
 * Several requests of one view at once (a view's days, its slices): every response in order, the first
 * failure, or 'cancelled' when one of them was aborted or superseded by a newer request.
 */
export async function analyzeAllInWorkers(
  requests: readonly AnalysisRequest[],
  options: AnalysisCallOptions = {},
): Promise<WorkerResult<AnalysisResponse[]> | 'cancelled'> {
  const results = await Promise.all(requests.map((request) => analyzeInWorkers(request, options)));
  const responses: AnalysisResponse[] = [];
  for (const result of results) {
    if (result.ok) responses.push(result.value);
    else if (result.error.code === 'aborted' || result.error.code === 'superseded')
      return 'cancelled';
    else return result;
  }
  return { ok: true, value: responses };
}

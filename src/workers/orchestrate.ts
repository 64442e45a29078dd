// Runs one analysis request: prepares every metric, spreads Monte Carlo chunks over an executor, merges
// in chunk order, and assembles the response. The same orchestration drives the worker pool (each
// executor call goes to some worker) and analyzeInThread (each call runs in this thread), so unit tests
// cover the logic without a browser. This code schedules and collects; the statistics all happen in
// the executor's tasks — it imports nothing but types from the engine, so the page bundle has none.
import type { ComparisonInput, MonteCarloTally } from '../lib/stats/compare/index.ts';
import type { SrmResult } from '../lib/stats/types.ts';
import type {
  AnalysisCallOptions,
  AnalysisRequest,
  AnalysisResponse,
  MetricAnalysis,
  MetricOutcome,
  MetricRequest,
  SrmRequest,
} from '../lib/analysis/types.ts';
import type { ChunkSpec, PreparedMetric } from './analysis-tasks.ts';
import { validateRequest } from './validate-request.ts';
import { DEFAULT_DRAWS } from '../lib/analysis/defaults.ts';
import { fail, ok, type WorkerError, type WorkerResult } from '../lib/analysis/result.ts';

/** Where the tasks of one request run. */
export type AnalysisExecutor = {
  prepareMetric: (metric: MetricRequest) => Promise<WorkerResult<PreparedMetric>>;
  runChunks: (
    input: ComparisonInput,
    seed: number,
    chunks: ChunkSpec[],
  ) => Promise<WorkerResult<MonteCarloTally[]>>;
  finishMetric: (
    prepared: PreparedMetric,
    tallies: MonteCarloTally[],
  ) => Promise<WorkerResult<MetricAnalysis>>;
  analyzeSrm: (srm: SrmRequest) => Promise<WorkerResult<SrmResult>>;
};

export type OrchestrationOptions = AnalysisCallOptions & {
  /** Chunks per executor call: smaller spreads better and reports progress more often. Default 2. */
  chunksPerTask?: number;
};

export const DEFAULT_CHUNKS_PER_TASK = 2;

/** The abort reason that makes an analysis resolve with this error (anything else means 'aborted'). */
export const SUPERSEDED: WorkerError = {
  code: 'superseded',
  message: 'a newer analysis of the same view replaced this one',
};

export async function orchestrateAnalysis(
  request: AnalysisRequest,
  executor: AnalysisExecutor,
  options: OrchestrationOptions = {},
): Promise<WorkerResult<AnalysisResponse>> {
  const { signal } = options;
  if (signal?.aborted) return abortResult(signal);
  const invalid = validateRequest(request);
  if (invalid) return invalid;
  const chunksPerTask = Math.max(1, Math.floor(options.chunksPerTask ?? DEFAULT_CHUNKS_PER_TASK));
  const progress = createProgress(request, options.onProgress, signal);

  const work = async (): Promise<WorkerResult<AnalysisResponse>> => {
    const metricsPromise = Promise.all(
      request.metrics.map(async (metric): Promise<MetricOutcome> => {
        const result = await analyzeOneMetric(metric, executor, chunksPerTask, progress.addDraws);
        progress.finishUnit();
        return { key: metric.key, result };
      }),
    );
    const srmPromise = request.srm
      ? executor.analyzeSrm(request.srm).then((result) => {
          progress.finishUnit();
          return result;
        })
      : Promise.resolve(null);
    const [metrics, srm] = await Promise.all([metricsPromise, srmPromise]);
    return ok({ viewKey: request.viewKey, metrics, srm });
  };

  const result = await raceAbort(work(), signal);
  if (result.ok) progress.complete();
  return result;
}

async function analyzeOneMetric(
  metric: MetricRequest,
  executor: AnalysisExecutor,
  chunksPerTask: number,
  addDraws: (draws: number) => void,
): Promise<WorkerResult<MetricAnalysis>> {
  const prepared = await executor.prepareMetric(metric);
  if (!prepared.ok) return prepared;
  const plan = prepared.value.monteCarlo;
  if (plan === null) return ok({ key: metric.key, arms: prepared.value.exactArms });

  const tallies: MonteCarloTally[] = new Array(plan.chunks.length);
  const batches = splitIntoBatches(plan.chunks, chunksPerTask);
  const outcomes = await Promise.all(
    batches.map(async (batch) => {
      const outcome = await executor.runChunks(plan.input, plan.seed, batch);
      if (outcome.ok) {
        // Placed by chunk index: the merge order never depends on which worker finished first.
        batch.forEach((chunk, position) => (tallies[chunk.index] = outcome.value[position]));
        addDraws(batch.reduce((sum, chunk) => sum + chunk.draws, 0));
      }
      return outcome;
    }),
  );
  const failure = outcomes.find((outcome) => !outcome.ok);
  if (failure && !failure.ok) return failure;
  return executor.finishMetric(prepared.value, tallies);
}

export function splitIntoBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    batches.push(items.slice(start, start + size));
  return batches;
}

type Progress = { addDraws: (draws: number) => void; finishUnit: () => void; complete: () => void };

function createProgress(
  request: AnalysisRequest,
  onProgress: AnalysisCallOptions['onProgress'],
  signal: AbortSignal | undefined,
): Progress {
  const drawsTotal = request.metrics.reduce((sum, metric) => sum + plannedDraws(metric), 0);
  const unitsTotal = request.metrics.length + (request.srm ? 1 : 0);
  let drawsDone = 0;
  let unitsDone = 0;
  // Work already in flight may still finish after an abort; the caller has its answer by then.
  const report = (fraction: number) => {
    if (!signal?.aborted) onProgress?.({ fraction, drawsDone, drawsTotal });
  };
  const current = () =>
    drawsTotal > 0 ? drawsDone / drawsTotal : unitsTotal > 0 ? unitsDone / unitsTotal : 1;
  return {
    addDraws(draws) {
      drawsDone += draws;
      report(Math.min(current(), 0.999));
    },
    finishUnit() {
      unitsDone += 1;
      if (drawsTotal === 0) report(Math.min(current(), 0.999));
    },
    complete: () => report(1),
  };
}

function plannedDraws(metric: MetricRequest): number {
  if (metric.options.method !== 'monte-carlo') return 0;
  const draws = metric.options.draws ?? DEFAULT_DRAWS;
  return Number.isSafeInteger(draws) && draws > 0 ? draws : 0;
}

function abortResult(signal: AbortSignal): WorkerResult<never> {
  const reason: unknown = signal.reason;
  if (
    typeof reason === 'object' &&
    reason !== null &&
    (reason as WorkerError).code === 'superseded'
  ) {
    return fail('superseded', SUPERSEDED.message);
  }
  return fail('aborted', 'the analysis was cancelled');
}

/** Resolves as soon as the signal aborts, without waiting for tasks already running to notice. */
function raceAbort<T>(
  work: Promise<WorkerResult<T>>,
  signal: AbortSignal | undefined,
): Promise<WorkerResult<T>> {
  if (!signal) return work;
  return new Promise((resolve) => {
    const onAbort = () => resolve(abortResult(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(signal.aborted ? abortResult(signal) : result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        resolve(
          fail(
            'internal',
            `the analysis failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      },
    );
  });
}

// The page's entry to the analysis workers. `analyze` never throws: every outcome, including
// cancellation and supersession, resolves as a WorkerResult. No worker starts until the first call.
import type { Remote } from 'comlink';
import type {
  AnalysisCallOptions,
  AnalysisRequest,
  AnalysisResponse,
} from '../lib/analysis/types.ts';
import type { AnalysisWorkerApi } from './analysis-worker-api.ts';
import { orchestrateAnalysis, SUPERSEDED, type AnalysisExecutor } from './orchestrate.ts';
import { fail, type WorkerResult } from '../lib/analysis/result.ts';
import { WorkerPool, WorkerPoolError, type WorkerLike } from './worker-pool.ts';

export type AnalysisClientOptions = {
  /** Number of workers; default navigator.hardwareConcurrency, clamped to 1..8. */
  poolSize?: number;
  /** Chunks per worker call (see analysis-core.ts). */
  chunksPerTask?: number;
  /** Replaces the real worker, e.g. with an in-thread MessagePort in unit tests. */
  createWorker?: () => WorkerLike;
};

export type AnalysisClient = {
  analyze: (
    request: AnalysisRequest,
    options?: AnalysisCallOptions,
  ) => Promise<WorkerResult<AnalysisResponse>>;
  readonly poolSize: number;
  /** Workers running now (0 before the first call, 1 after an idle spell). */
  readonly workersStarted: number;
  /** Stops every worker; pending analyses resolve with an error. */
  terminate: () => void;
};

export function createAnalysisWorker(): WorkerLike {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), {
    type: 'module',
    name: 'credence-analysis',
  });
}

export function createAnalysisClient(options: AnalysisClientOptions = {}): AnalysisClient {
  const pool = new WorkerPool<AnalysisWorkerApi>(
    options.createWorker ?? createAnalysisWorker,
    options.poolSize,
  );
  const latestByView = new Map<string, AbortController>();
  let nextRequestId = 1;

  async function analyze(
    request: AnalysisRequest,
    callOptions: AnalysisCallOptions = {},
  ): Promise<WorkerResult<AnalysisResponse>> {
    let snapshot: AnalysisRequest;
    try {
      // Workers receive structured clones anyway; cloning up front turns a non-clonable request into a
      // clear error and keeps later changes by the caller out of a running analysis.
      snapshot = structuredClone(request);
    } catch (error) {
      return fail(
        'invalid-input',
        `the request is not plain data: ${error instanceof Error ? error.message : String(error)}`,
        'request',
      );
    }
    const requestId = nextRequestId++;
    const controller = new AbortController();
    const external = callOptions.signal;
    const forwardAbort = () => controller.abort(external?.reason);
    if (external?.aborted) return fail('aborted', 'the analysis was cancelled');
    external?.addEventListener('abort', forwardAbort, { once: true });

    const viewKey = typeof snapshot?.viewKey === 'string' ? snapshot.viewKey : null;
    if (viewKey !== null) {
      latestByView.get(viewKey)?.abort(SUPERSEDED);
      latestByView.set(viewKey, controller);
    }
    controller.signal.addEventListener('abort', () => pool.cancel(requestId), { once: true });
    try {
      const executor = poolExecutor(pool, requestId, controller.signal);
      return await orchestrateAnalysis(snapshot, executor, {
        signal: controller.signal,
        onProgress: callOptions.onProgress,
        chunksPerTask: options.chunksPerTask,
      });
    } finally {
      external?.removeEventListener('abort', forwardAbort);
      if (viewKey !== null && latestByView.get(viewKey) === controller)
        latestByView.delete(viewKey);
      // Anything of this request still queued or running is dropped or stopped.
      if (!controller.signal.aborted) controller.abort();
    }
  }

  return {
    analyze,
    poolSize: pool.size,
    get workersStarted() {
      return pool.started;
    },
    terminate: () => pool.terminate(),
  };
}

function poolExecutor(
  pool: WorkerPool<AnalysisWorkerApi>,
  requestId: number,
  signal: AbortSignal,
): AnalysisExecutor {
  const run = async <T>(
    call: (remote: Remote<AnalysisWorkerApi>) => Promise<WorkerResult<T>>,
  ): Promise<WorkerResult<T>> => {
    if (signal.aborted) return fail('aborted', 'the analysis was cancelled');
    return pool
      .run(requestId, call)
      .catch((error: unknown) =>
        error instanceof WorkerPoolError
          ? fail(error.code, error.message)
          : fail('internal', String(error)),
      );
  };
  return {
    prepareMetric: (metric) => run((worker) => worker.prepareMetric(metric)),
    runChunks: (input, seed, chunks) =>
      run((worker) => worker.runChunks(requestId, input, seed, chunks)),
    finishMetric: (prepared, tallies) => run((worker) => worker.finishMetric(prepared, tallies)),
    analyzeSrm: (srm) => run((worker) => worker.analyzeSrm(srm)),
  };
}

// Browser-test harness for the analysis workers: test/workers.e2e.ts drives it through
// window.workerHarness. Runs are started and awaited separately so a test can abort, supersede or
// watch long tasks while one is in flight.
import { createAnalysisClient, type AnalysisClient } from '../../src/workers/analysis-client.ts';
import type {
  AnalysisProgress,
  AnalysisRequest,
  AnalysisResponse,
} from '../../src/lib/analysis/types.ts';
import type { WorkerResult } from '../../src/lib/analysis/result.ts';
import { findNonPlainData } from '../../src/workers/__fixtures__/plain-data.ts';

export type RunOutcome = {
  result: WorkerResult<AnalysisResponse>;
  progress: AnalysisProgress[];
  /** Paths of anything in the result that is not plain data ([] when clean). */
  nonPlainData: string[];
  /** structuredClone(result) serialises identically to the result. */
  cloneRoundTripEqual: boolean;
  startedAt: number;
  endedAt: number;
};

export type StartOptions = {
  /** Abort after this many progress reports. */
  abortAfterProgress?: number;
  /** Put a function into the request, which makes it non-clonable. */
  addFunction?: boolean;
};

export type LongTask = { startTime: number; duration: number };

export type WorkerHarness = {
  createClient: (name: string, poolSize?: number, chunksPerTask?: number) => number;
  workersStarted: (name: string) => number;
  start: (
    runId: string,
    clientName: string,
    request: AnalysisRequest,
    options?: StartOptions,
  ) => void;
  abort: (runId: string) => void;
  outcome: (runId: string) => Promise<RunOutcome>;
  observeLongTasks: () => void;
  longTasks: () => LongTask[];
  blockMainThread: (milliseconds: number) => Promise<void>;
  hardwareConcurrency: () => number;
};

declare global {
  interface Window {
    workerHarness: WorkerHarness;
  }
}

const clients = new Map<string, AnalysisClient>();
const runs = new Map<string, { controller: AbortController; outcome: Promise<RunOutcome> }>();
const longTasks: LongTask[] = [];

function requireClient(name: string): AnalysisClient {
  const client = clients.get(name);
  if (!client) throw new Error(`no client ${name}`);
  return client;
}

window.workerHarness = {
  createClient(name, poolSize, chunksPerTask) {
    clients.get(name)?.terminate();
    const client = createAnalysisClient({ poolSize, chunksPerTask });
    clients.set(name, client);
    return client.poolSize;
  },
  workersStarted: (name) => requireClient(name).workersStarted,
  start(runId, clientName, request, options = {}) {
    const client = requireClient(clientName);
    const controller = new AbortController();
    const progress: AnalysisProgress[] = [];
    const payload = options.addFunction ? { ...request, callback: () => undefined } : request;
    const startedAt = performance.now();
    const outcome = client
      .analyze(payload, {
        signal: controller.signal,
        onProgress: (report) => {
          progress.push(report);
          if (progress.length === options.abortAfterProgress) controller.abort();
        },
      })
      .then((result): RunOutcome => {
        const endedAt = performance.now();
        return {
          result,
          progress,
          nonPlainData: findNonPlainData(result),
          cloneRoundTripEqual: JSON.stringify(structuredClone(result)) === JSON.stringify(result),
          startedAt,
          endedAt,
        };
      });
    runs.set(runId, { controller, outcome });
  },
  abort(runId) {
    runs.get(runId)?.controller.abort();
  },
  outcome(runId) {
    const run = runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run.outcome;
  },
  observeLongTasks() {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        longTasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  },
  longTasks: () => [...longTasks],
  blockMainThread(milliseconds) {
    // In a task of the page's own event loop (an evaluate from the test driver may not count as one).
    return new Promise((resolve) =>
      setTimeout(() => {
        const end = performance.now() + milliseconds;
        while (performance.now() < end) {
          // Busy on purpose: the long-task observer must see this.
        }
        setTimeout(resolve, 0);
      }),
    );
  },
  hardwareConcurrency: () => navigator.hardwareConcurrency,
};

// The client and its pool, with in-thread workers: lazy start, reproducibility across pool sizes,
// supersession, cancellation, error codes. The real-Chromium counterparts live in test/workers.e2e.ts.
import { afterEach, describe, expect, test } from 'vitest';
import type { AnalysisProgress } from '../lib/analysis/types.ts';
import {
  createAnalysisClient,
  type AnalysisClient,
  type AnalysisClientOptions,
} from './analysis-client.ts';
import { analyzeInThread } from './analysis-core.ts';
import { clampPoolSize, MAX_POOL_SIZE } from './worker-pool.ts';
import { fullRequest, longRunRequest } from './__fixtures__/requests.ts';
import { inThreadWorkers } from './__fixtures__/in-thread-worker.ts';

const clients: AnalysisClient[] = [];
afterEach(() => clients.splice(0).forEach((client) => client.terminate()));

function client(
  options: AnalysisClientOptions & { workers?: ReturnType<typeof inThreadWorkers> } = {},
) {
  const workers = options.workers ?? inThreadWorkers();
  const created = createAnalysisClient({ createWorker: workers.create, ...options });
  clients.push(created);
  return { client: created, workers };
}

describe('pool', () => {
  test('starts no worker before the first call, and no more than its size', async () => {
    const { client: analysis, workers } = client({ poolSize: 3 });
    expect(analysis.workersStarted).toBe(0);
    expect(workers.created()).toBe(0);
    const result = await analysis.analyze(fullRequest('lazy', 300_000));
    expect(result.ok).toBe(true);
    expect(analysis.workersStarted).toBeGreaterThan(0);
    expect(analysis.workersStarted).toBeLessThanOrEqual(3);
  });

  test('the same seed gives identical numbers with 1 worker, 4 workers and no workers', async () => {
    const request = fullRequest('same-seed', 600_000, 42);
    const one = await client({ poolSize: 1 }).client.analyze(request);
    const four = await client({ poolSize: 4, chunksPerTask: 1 }).client.analyze(request);
    const none = await analyzeInThread(request);
    expect(one.ok).toBe(true);
    expect(four).toEqual(one);
    expect(none).toEqual(one);
  });

  test('a different seed gives different Monte Carlo numbers', async () => {
    const { client: analysis } = client({ poolSize: 2 });
    const a = await analysis.analyze(longRunRequest('a', 200_000, 3, 1));
    const b = await analysis.analyze(longRunRequest('b', 200_000, 3, 2));
    if (!a.ok || !b.ok || !a.value.metrics[0].result.ok || !b.value.metrics[0].result.ok)
      throw new Error('analysis failed');
    expect(a.value.metrics[0].result.value.arms[0].probabilityToBeBest).not.toBe(
      b.value.metrics[0].result.value.arms[0].probabilityToBeBest,
    );
  });

  test('pool sizes are clamped to 1..8', () => {
    expect([0, 1, 2.7, 100, Number.NaN].map(clampPoolSize)).toEqual([1, 1, 2, MAX_POOL_SIZE, 1]);
    expect(client({ poolSize: 64 }).client.poolSize).toBe(MAX_POOL_SIZE);
  });
});

describe('supersession and cancellation', () => {
  test('a newer request for the same view supersedes the older; other views are untouched', async () => {
    const { client: analysis } = client({ poolSize: 2 });
    const older = analysis.analyze(longRunRequest('view-a', 3_000_000));
    const otherView = analysis.analyze(longRunRequest('view-b', 200_000));
    const newer = analysis.analyze(longRunRequest('view-a', 200_000));
    expect(await older).toMatchObject({ ok: false, error: { code: 'superseded' } });
    expect((await newer).ok).toBe(true);
    expect((await otherView).ok).toBe(true);
  });

  test('aborting mid-run resolves with code aborted, and the pool serves the next request', async () => {
    const { client: analysis } = client({ poolSize: 2 });
    const controller = new AbortController();
    const reports: AnalysisProgress[] = [];
    const result = await analysis.analyze(longRunRequest('v', 5_000_000), {
      signal: controller.signal,
      onProgress: (progress) => {
        reports.push(progress);
        if (reports.length === 1) controller.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(reports[0].drawsDone).toBeLessThan(5_000_000);
    // The other worker's batch lands after the abort: it must not report progress any more.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports).toHaveLength(1);
    const next = await analysis.analyze(fullRequest('v', 100_000));
    expect(next.ok).toBe(true);
  });

  test('an already aborted signal starts no worker', async () => {
    const { client: analysis, workers } = client();
    expect(await analysis.analyze(fullRequest('v'), { signal: AbortSignal.abort() })).toMatchObject(
      { ok: false, error: { code: 'aborted' } },
    );
    expect(workers.created()).toBe(0);
  });
});

describe('error codes', () => {
  test('a request that is not plain data is invalid-input on field request', async () => {
    const { client: analysis, workers } = client();
    const request = { ...fullRequest('v'), onDone: () => undefined };
    expect(await analysis.analyze(request)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'request' },
    });
    expect(workers.created()).toBe(0);
  });

  test('a worker that crashes yields code internal for its metric, and the next call gets a fresh worker', async () => {
    const workers = inThreadWorkers();
    const { client: analysis } = client({ poolSize: 1, workers });
    const running = analysis.analyze(longRunRequest('v', 1_500_000), {
      onProgress: () => {
        if (workers.created() === 1) workers.crash(0);
      },
    });
    // Worker failures are per metric, like engine errors: the other metrics of the request still report.
    expect(await running).toMatchObject({
      ok: true,
      value: { metrics: [{ key: 'long', result: { ok: false, error: { code: 'internal' } } }] },
    });
    expect((await analysis.analyze(fullRequest('v', 100_000))).ok).toBe(true);
    expect(workers.created()).toBe(2);
  });
});

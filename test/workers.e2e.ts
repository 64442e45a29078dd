// The analysis worker layer in real Chromium: results equal the engine's (computed here in Node),
// cancellation, supersession, progress, error codes, clone-safety, reproducibility across pool sizes,
// and the long-task check (the page stays responsive during a 10-million-draw run).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { analyzeMetric, sampleRatioMismatch } from '../src/lib/stats/index.ts';
import type { AnalysisRequest } from '../src/lib/analysis/types.ts';
import type { RunOutcome, StartOptions } from './pages/workers.ts';
import { fullRequest, longRunRequest } from '../src/workers/__fixtures__/requests.ts';
import { numericDifferences } from '../src/workers/__fixtures__/numeric-differences.ts';
import { newIsolatedPage, serveSource } from './support/browser.ts';
import { browserSession } from './support/session.ts';

const session = browserSession(serveSource);
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  ({ context, page, errors: pageErrors } = await newIsolatedPage(session.browser));
  await page.goto(`${session.server.url}test/pages/workers.html`);
  await page.waitForFunction(() => typeof window.workerHarness === 'object', null, {
    timeout: 90_000,
  });
});

afterAll(async () => {
  await context?.close();
});

function createClient(name: string, poolSize?: number, chunksPerTask?: number): Promise<number> {
  return page.evaluate(([n, size, chunks]) => window.workerHarness.createClient(n, size, chunks), [
    name,
    poolSize,
    chunksPerTask,
  ] as const);
}

function start(
  runId: string,
  client: string,
  request: AnalysisRequest,
  options: StartOptions = {},
): Promise<void> {
  return page.evaluate(([id, c, r, o]) => window.workerHarness.start(id, c, r, o), [
    runId,
    client,
    request,
    options,
  ] as const);
}

function outcome(runId: string): Promise<RunOutcome> {
  return page.evaluate((id) => window.workerHarness.outcome(id), runId);
}

async function run(
  runId: string,
  client: string,
  request: AnalysisRequest,
  options: StartOptions = {},
): Promise<RunOutcome> {
  await start(runId, client, request, options);
  return outcome(runId);
}

test('the pool starts lazily and every result equals the engine run in Node', async () => {
  const size = await createClient('main');
  const cores = await page.evaluate(() => window.workerHarness.hardwareConcurrency());
  expect(size).toBe(Math.min(8, Math.max(1, cores)));
  expect(await page.evaluate(() => window.workerHarness.workersStarted('main'))).toBe(0);

  const request = fullRequest('equal', 500_000, 5);
  const { result, nonPlainData, cloneRoundTripEqual } = await run('equal', 'main', request);
  expect(await page.evaluate(() => window.workerHarness.workersStarted('main'))).toBeGreaterThan(0);
  if (!result.ok) throw new Error(result.error.message);
  result.value.metrics.forEach((outcome, index) => {
    const metric = request.metrics[index];
    if (!outcome.result.ok) throw new Error(outcome.result.error.message);
    const arms = outcome.result.value.arms.map(({ exact: _exact, ...arm }) => arm);
    // Node's and Chromium's V8 may round Math functions differently in the last bit: compare to 1e-12.
    expect(numericDifferences(arms, analyzeMetric(metric.arms, metric.options))).toEqual([]);
    if (metric.options.method === 'monte-carlo') {
      const exact = analyzeMetric(metric.arms, { ...metric.options, method: 'exact' });
      outcome.result.value.arms.forEach((arm, armIndex) => {
        expect(
          numericDifferences(arm.exact?.probabilityToBeBest, exact[armIndex].probabilityToBeBest),
        ).toEqual([]);
        expect(arm.monteCarlo?.probabilityToBeBestSE).toBeGreaterThan(0);
      });
    }
  });
  expect(
    numericDifferences(result.value.srm, {
      ok: true,
      value: sampleRatioMismatch(request.srm!.looks, request.srm!.weights),
    }),
  ).toEqual([]);
  expect(nonPlainData).toEqual([]);
  expect(cloneRoundTripEqual).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('the same seed gives identical numbers with pool size 1 and pool size 4', async () => {
  await createClient('one', 1);
  await createClient('four', 4, 1);
  const request = longRunRequest('seeded', 2_000_000, 4, 99);
  const single = await run('seeded-1', 'one', request);
  const pooled = await run('seeded-4', 'four', request);
  expect(single.result.ok).toBe(true);
  expect(await page.evaluate(() => window.workerHarness.workersStarted('four'))).toBe(4);
  expect(pooled.result).toEqual(single.result);
});

test('progress rises to 1 with every draw counted', async () => {
  const draws = 3_000_000;
  const { result, progress } = await run('progress', 'main', longRunRequest('progress', draws));
  expect(result.ok).toBe(true);
  expect(progress.length).toBeGreaterThan(3);
  for (let i = 1; i < progress.length; i++)
    expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
  expect(progress.at(-1)).toEqual({ fraction: 1, drawsDone: draws, drawsTotal: draws });
});

test('aborting mid-run resolves with code aborted before all draws are done', async () => {
  const draws = 10_000_000;
  const { result, progress } = await run('abort', 'main', longRunRequest('abort', draws), {
    abortAfterProgress: 2,
  });
  expect(result).toMatchObject({ ok: false, error: { code: 'aborted' } });
  expect(progress.at(-1)!.drawsDone).toBeLessThan(draws);
  const next = await run('after-abort', 'main', fullRequest('after-abort', 200_000));
  expect(next.result.ok).toBe(true);
});

test('a newer request for the same view supersedes the older one', async () => {
  await start('older', 'main', longRunRequest('view', 10_000_000));
  await start('newer', 'main', longRunRequest('view', 300_000));
  expect((await outcome('older')).result).toMatchObject({
    ok: false,
    error: { code: 'superseded' },
  });
  expect((await outcome('newer')).result.ok).toBe(true);
});

test('errors come back as data with stable codes', async () => {
  const bad: AnalysisRequest = {
    viewKey: 'errors',
    metrics: [
      {
        key: 'bad',
        arms: [{ name: 'c', units: 10, conversions: 11 }],
        options: { kind: 'conversion' },
      },
    ],
    srm: { looks: [[10, 10]], weights: [1, 1, 1] },
  };
  const { result, nonPlainData } = await run('errors', 'main', bad);
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value.metrics[0].result).toMatchObject({
    ok: false,
    error: { code: 'invalid-input', field: 'arms[0].conversions' },
  });
  expect(result.value.srm).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  expect(nonPlainData).toEqual([]);

  const notClonable = await run('not-clonable', 'main', fullRequest('not-clonable'), {
    addFunction: true,
  });
  expect(notClonable.result).toMatchObject({
    ok: false,
    error: { code: 'invalid-input', field: 'request' },
  });
  const malformed = await run('malformed', 'main', {
    viewKey: 'm',
    metrics: null,
  } as unknown as AnalysisRequest);
  expect(malformed.result).toMatchObject({
    ok: false,
    error: { code: 'invalid-input', field: 'request.metrics' },
  });
});

test('no main-thread task over 50 ms while a 10-million-draw analysis runs', async () => {
  await createClient('responsive');
  await page.evaluate(() => window.workerHarness.observeLongTasks());
  const { result, startedAt, endedAt } = await run(
    'long',
    'responsive',
    longRunRequest('long', 10_000_000),
  );
  expect(result.ok).toBe(true);
  // The instrument works: a deliberate 120 ms block right after the run is seen as a long task.
  await page.evaluate(() => window.workerHarness.blockMainThread(120));
  await expect
    .poll(() => page.evaluate(() => window.workerHarness.longTasks().length))
    .toBeGreaterThan(0);
  const tasks = await page.evaluate(() => window.workerHarness.longTasks());
  const duringRun = tasks.filter(
    (task) => task.startTime < endedAt && task.startTime + task.duration > startedAt,
  );
  expect(duringRun).toEqual([]);
  expect(tasks.some((task) => task.duration >= 100)).toBe(true);
});

// The ingest worker in Chromium: a generated Data Export file is streamed in the worker with progress
// reports, gives the numbers the generator wrote down, and can be cancelled part-way.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentData } from '../src/lib/ingest/types.ts';
import type { SampleLedger } from '../src/lib/ingest/sample-data.ts';
import type { IngestProgressReport } from '../src/workers/ingest-progress.ts';
import type { WorkerResult } from '../src/lib/analysis/result.ts';
import { newIsolatedPage, serveSource } from './support/browser.ts';
import { browserSession } from './support/session.ts';

type Run = {
  result: WorkerResult<ExperimentData>;
  reports: IngestProgressReport[];
  ledger: SampleLedger;
  size: number;
  seconds: number;
};

describe('ingest worker in the browser', () => {
  const session = browserSession(serveSource);
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await newIsolatedPage(session.browser));
    await page.goto(`${session.server.url}test/pages/ingest-worker.html`);
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'ready',
      undefined,
      { timeout: 60_000 },
    );
  });

  const runIngest = (units: number, seed: number, cancelAfterReports?: number) =>
    page.evaluate(
      ([u, s, c]) =>
        (
          window as unknown as { runIngest: (u: number, s: number, c?: number) => Promise<Run> }
        ).runIngest(u, s, c ?? undefined),
      [units, seed, cancelAfterReports ?? null] as const,
    );

  it('streams a generated file with progress and returns the ledger numbers', async () => {
    const { result, reports, ledger, size } = await runIngest(60_000, 3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.value;
    expect(data.arms).toEqual(ledger.units.map((units, variation) => ({ variation, units })));
    expect(data.metrics['signup-rate'].map((arm) => arm.conversions)).toEqual(ledger.converted);
    expect(data.diagnostics.recordsRead).toBe(ledger.records);
    expect(data.diagnostics.duplicatesDropped).toBe(ledger.duplicatesDropped);
    expect(reports.length).toBeGreaterThan(0);
    const last = reports[reports.length - 1];
    expect(last.totalBytes).toBeGreaterThanOrEqual(size);
    expect(last.bytesRead).toBeGreaterThan(0);
    expect(last.records).toBeGreaterThan(0);
    expect(last.recordsPerSecond).toBeGreaterThan(0);
    for (let i = 1; i < reports.length; i++)
      expect(reports[i].bytesRead).toBeGreaterThanOrEqual(reports[i - 1].bytesRead);
    expect(errors).toEqual([]);
  });

  it('parses event-level CSV in the CSV parser worker: the same result, cancellable', async () => {
    const run = await page.evaluate(() =>
      (
        window as unknown as {
          runCsvIngest: (units: number, seed: number) => Promise<Record<string, unknown>>;
        }
      ).runCsvIngest(150_000, 7),
    );
    expect(run.size).toBeGreaterThan(8 * 512 * 1024);
    expect(run.parserReady).toBe(true);
    expect(run.first).toEqual({ ok: true, value: run.inPage });
    expect(run.cancelled).toEqual({
      ok: false,
      error: { code: 'aborted', message: 'The import was cancelled.' },
    });
    expect(run.again).toEqual(run.first);
    const data = run.inPage as ExperimentData;
    expect(data.armNames).toEqual({ 0: 'control', 1: 'treatment' });
    expect(data.arms[0].units + data.arms[1].units).toBe(150_000);
    expect(errors).toEqual([]);
  });

  it('parses CSV in the ingest worker when the parser worker cannot start', async () => {
    const { page: other } = await newIsolatedPage(session.browser);
    await other.goto(`${session.server.url}test/pages/ingest-worker.html`);
    await other.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const run = await other.evaluate(() =>
      (
        window as unknown as {
          runCsvWithBrokenParser: (
            units: number,
            seed: number,
          ) => Promise<{
            parserReady: boolean;
            seconds: number;
            result: WorkerResult<ExperimentData>;
          }>;
        }
      ).runCsvWithBrokenParser(2_000, 8),
    );
    expect(run.parserReady).toBe(false);
    // Told by the worker's error event, not by the ingest worker's 10-second wait.
    expect(run.seconds).toBeLessThan(9);
    expect(run.result.ok).toBe(true);
    if (run.result.ok)
      expect(run.result.value.arms.reduce((n, arm) => n + arm.units, 0)).toBe(2_000);
    await other.close();
  });

  it('cancels part-way and returns no partial result', async () => {
    const { result, reports } = await runIngest(60_000, 4, 1);
    expect(result).toEqual({
      ok: false,
      error: { code: 'aborted', message: 'The import was cancelled.' },
    });
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports[0].bytesRead).toBeLessThan(reports[0].totalBytes);
  });
});

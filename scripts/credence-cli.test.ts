// The command line on small files: its summary, imported as the app imports it, equals the library's
// result on the same files; CSV is parsed in a second thread; bad arguments get the usage.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateCsvEvents,
  aggregateExperimentData,
  generateSampleLines,
  proposeColumnMapping,
  SAMPLE_EXPERIMENT,
  type CsvEventMapping,
  type ExperimentData,
} from '../src/lib/ingest/index.ts';
import { exportTables } from '../src/lib/warehouse/export-tables.test-support.ts';
import { importWarehouseResult } from '../src/lib/warehouse/result-import.ts';
import { run, type Io } from './credence-cli.ts';

let dir: string;
let jsonl: string;
let design: string;
let sample: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credence-cli-'));
  sample = [...generateSampleLines({ units: 1500, seed: 5 })].join('');
  jsonl = join(dir, 'export.jsonl');
  writeFileSync(jsonl, sample);
  design = join(dir, 'experiment.json');
  const { window, ...rest } = SAMPLE_EXPERIMENT;
  writeFileSync(
    design,
    JSON.stringify({
      ...rest,
      window: { start: new Date(window!.start!).toISOString(), end: window!.end },
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

/**
 * Equal, sums to 1e-12 of their size: the summary holds per-day sums (the totals are their sum, added
 * in another order than the library's running totals).
 */
function expectSameStatistics(actual: ExperimentData, expected: ExperimentData): void {
  const close = (a: unknown, e: unknown, path: string): void => {
    if (typeof e === 'number') {
      expect(typeof a, path).toBe('number');
      expect(Math.abs((a as number) - e) / Math.max(1, Math.abs(e)), path).toBeLessThan(1e-12);
    } else if (typeof e !== 'object' || e === null) expect(a, path).toEqual(e);
    else {
      const [x, y] = [a as Record<string, unknown>, e as Record<string, unknown>];
      expect(Object.keys(x).sort(), path).toEqual(Object.keys(y).sort());
      for (const key of Object.keys(y)) close(x[key], y[key], `${path}.${key}`);
    }
  };
  close(statistics(actual), statistics(expected), 'statistics');
}

const statistics = (data: ExperimentData) => ({
  arms: data.arms,
  exposuresByHour: data.exposuresByHour,
  metrics: data.metrics,
  unitsInSeveralArms: data.diagnostics.unitsInSeveralArms,
  duplicatesDropped: data.diagnostics.duplicatesDropped,
  eventsBeforeExposure: data.diagnostics.eventsBeforeExposure,
  eventsOutsideWindow: data.diagnostics.eventsOutsideWindow,
});

describe('credence aggregate', () => {
  it('Data Export: the summary imports as the library result on the same file', async () => {
    const out = join(dir, 'summary.csv');
    const io = capture();
    expect(await run(['aggregate', jsonl, '--design', design, '--out', out], io)).toBe(0);
    expect(io.err).toMatch(/units in 3 arms/);
    const imported = await importWarehouseResult(
      [new File([readFileSync(out)], 'summary.csv')],
      SAMPLE_EXPERIMENT,
    );
    const direct = await aggregateExperimentData(
      [new File([sample], 'x.jsonl')],
      SAMPLE_EXPERIMENT,
    );
    expect(direct.diagnostics.duplicatesDropped).toBeGreaterThan(0);
    expectSameStatistics(imported, direct);
  });

  it('event-level CSV (the warehouse tables), parsed in a second thread', async () => {
    const tables = exportTables(sample.split('\n'));
    const paths = [join(dir, 'evaluation_events.csv'), join(dir, 'metric_events.csv')];
    writeFileSync(paths[0], tables.evaluations);
    writeFileSync(paths[1], tables.metrics);
    const io = capture();
    expect(await run(['aggregate', ...paths, '--design', design], io)).toBe(0);
    const imported = await importWarehouseResult(
      [new File([io.out], 'out.csv')],
      SAMPLE_EXPERIMENT,
    );
    const headers = [
      ...new Set([tables.evaluations, tables.metrics].flatMap((t) => t.split('\n')[0].split(','))),
    ];
    const mapping = proposeColumnMapping(headers).mapping as CsvEventMapping;
    const direct = await aggregateCsvEvents(
      paths.map((path, i) => new File([readFileSync(path)], `t${i}.csv`)),
      SAMPLE_EXPERIMENT,
      mapping,
    );
    expect(direct.arms.length).toBe(3);
    expectSameStatistics(imported, direct);
  }, 60_000);

  it('answers bad arguments with the usage, and a missing file with its name', async () => {
    const io = capture();
    expect(await run(['aggregate', jsonl], io)).toBe(2);
    expect(io.err).toContain('--design is required.');
    expect(io.err).toContain('Usage: credence aggregate');
    const missing = capture();
    expect(await run(['aggregate', join(dir, 'nope.jsonl'), '--design', design], missing)).toBe(1);
    expect(missing.err).toContain('nope.jsonl');
  });

  it('runs as `npx credence` (bin/credence.mjs)', async () => {
    const bin = new URL('../bin/credence.mjs', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'aggregate',
      jsonl,
      '--design',
      design,
    ]);
    expect(stdout.split('\n')[0]).toBe(
      'metric,variation,slice_attribute,slice_value,exposure_day,units,conversions,sum,sum_squares,' +
        'denominator_sum,denominator_sum_squares,cross_sum,covariate_sum,covariate_sum_squares,covariate_cross_sum,diagnostic',
    );
    expect(stdout).toContain('signup-rate,0,');
  }, 60_000);
});

// The command line on small files: its summary, imported as the app imports it, equals the library's
// result on the same files; CSV is parsed in a second thread; bad arguments get the usage.
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
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
import {
  MESSY_SPEC,
  messyExportLines,
  messyExportText,
} from '../src/lib/ingest/messy-export.test-support.ts';
import { exportTables } from '../src/lib/warehouse/export-tables.test-support.ts';
import { importWarehouseResult } from '../src/lib/warehouse/result-import.ts';
import { sliceEvents, SLICE_DESIGN } from '../src/lib/warehouse/slice-events.test-support.ts';
import { serveJsonParsing } from '../src/lib/ingest/json-parser-service.ts';
import { aggregateFiles, run, type Io, type ParserThread } from './credence-cli.ts';
import { fileBytes } from './file-bytes.ts';

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

/** Equal, numbers to 1e-12 of their size (sums added in another order: per day, then over the days). */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs((actual as number) - expected) / scale, path).toBeLessThan(1e-12);
  } else if (typeof expected !== 'object' || expected === null)
    expect(actual, path).toEqual(expected);
  else {
    const [x, y] = [actual as Record<string, unknown>, expected as Record<string, unknown>];
    expect(Object.keys(x).sort(), path).toEqual(Object.keys(y).sort());
    for (const key of Object.keys(y)) expectClose(x[key], y[key], `${path}.${key}`);
  }
}

/** The summary holds per-day sums: the totals are their sum. */
function expectSameStatistics(actual: ExperimentData, expected: ExperimentData): void {
  expectClose(statistics(actual), statistics(expected), 'statistics');
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
  }, 60_000);

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

  it('Data Export on two threads: several messy files give the single-thread library result', async () => {
    const lines = messyExportLines(2500, 21);
    const third = Math.floor(lines.length / 3);
    const texts = [
      messyExportText(lines.slice(0, third)),
      messyExportText(lines.slice(third, 2 * third)),
      messyExportText(lines.slice(2 * third)),
    ];
    const paths = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl.gz'), join(dir, 'c.jsonl')];
    writeFileSync(paths[0], texts[0]);
    writeFileSync(paths[1], gzipSync(Buffer.from(texts[1])));
    writeFileSync(paths[2], texts[2]);
    const messyDesign = join(dir, 'messy.json');
    writeFileSync(messyDesign, JSON.stringify(MESSY_SPEC));
    const direct = await aggregateExperimentData(
      paths.map((path) => new File([readFileSync(path)], path.split('/').pop()!)),
      MESSY_SPEC,
    );
    expect(direct.diagnostics.malformedCount).toBeGreaterThan(10);
    expect(direct.assignmentAudit?.units).toBeGreaterThan(0);
    const outputs: string[] = [];
    for (const threads of [1, 2, 3]) {
      const args = { files: paths, design: messyDesign, threads };
      expect(await aggregateFiles(args)).toEqual(direct);
      const io = capture();
      expect(
        await run(['aggregate', ...paths, '--design', messyDesign, '--threads', `${threads}`], io),
      ).toBe(0);
      expect(io.err).toContain(threads === 1 ? ', 1 thread' : ', 2 threads');
      outputs.push(io.out);
    }
    expect(new Set(outputs).size).toBe(1);
  }, 120_000);

  it('slicing attributes: the summary lists every value; imported, the slices and days equal the browser’s', async () => {
    const path = join(dir, 'sliced.jsonl');
    writeFileSync(path, sliceEvents({ units: 900, seed: 3 }).join('\n'));
    const spec = { ...SLICE_DESIGN, covariateDays: SLICE_DESIGN.cupedPreDays };
    const slicedDesign = join(dir, 'sliced.json');
    writeFileSync(slicedDesign, JSON.stringify(spec));
    const browser = await aggregateExperimentData(
      [new File([readFileSync(path)], 'x.jsonl')],
      spec,
    );
    expect(browser.breakdowns?.some((b) => b.by === 'attribute' && b.otherValues > 0)).toBe(true);
    for (const threads of ['1', '2']) {
      const io = capture();
      expect(
        await run(['aggregate', path, '--design', slicedDesign, '--threads', threads], io),
      ).toBe(0);
      const imported = await importWarehouseResult([new File([io.out], 'summary.csv')], spec);
      expectClose(imported.breakdowns, browser.breakdowns, `breakdowns (${threads} threads)`);
      expectClose(imported.metrics, browser.metrics, `metrics (${threads} threads)`);
    }
  }, 120_000);

  it('two threads: Data Export records come from the parser thread it is given', async () => {
    const kinds: string[] = [];
    const channel = new MessageChannel();
    serveJsonParsing(channel.port2, (path) => fileBytes(path as string));
    let terminated = false;
    const thread = {
      port: channel.port1,
      worker: {
        postMessage: (kind: string) => void kinds.push(kind),
        terminate: async () => void (terminated = true),
      },
    } as unknown as ParserThread;
    const args = { files: [jsonl], design, threads: 2 };
    const viaThread = await aggregateFiles(args, undefined, thread);
    expect(kinds).toEqual(['json']);
    expect(terminated).toBe(true);
    expect(viaThread).toEqual(
      await aggregateExperimentData([new File([sample], 'export.jsonl')], SAMPLE_EXPERIMENT),
    );
    channel.port2.close();
  });

  it('--threads takes a whole number from 1', async () => {
    for (const bad of ['0', 'two', '1.5']) {
      const io = capture();
      expect(await run(['aggregate', jsonl, '--design', design, '--threads', bad], io)).toBe(2);
      expect(io.err).toContain(`--threads needs a whole number, 1 or more (not "${bad}")`);
    }
  });

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

  it('`npx credence` stops the parser thread it started early when the run ends without it', async () => {
    const bin = new URL('../bin/credence.mjs', import.meta.url).pathname;
    const failed = await promisify(execFile)(process.execPath, [bin, 'aggregate', jsonl], {
      timeout: 30_000,
    }).catch((error: { code: number; killed: boolean; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, killed: false });
    expect((failed as { stderr: string }).stderr).toContain('--design is required.');
  }, 60_000);
});

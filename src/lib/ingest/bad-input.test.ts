// Bad input gets a clear, typed message; one bad line is a malformed record, not a refused file.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData, IngestError } from './index.ts';
import { exposure, file, FLAG, jsonLines, track } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
};
const good = jsonLines([exposure('A', 0, 1000), track('A', 'purchase', 2000, 4)]);

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe('refused inputs', () => {
  it('refuses a file that is not JSON, naming it', async () => {
    const error = await failure(
      aggregateExperimentData([file('unit,arm\nu1,0\nu2,1\n', 'units.csv')], spec),
    );
    expect(error.code).toBe('parse-error');
    expect(error.message).toMatch(/units\.csv is not a Data Export JSON file.*line 1/);
  });

  it('refuses truncated gzip', async () => {
    const zipped = gzipSync(good.repeat(200));
    const error = await failure(
      aggregateExperimentData(
        [file(zipped.subarray(0, zipped.length >> 1), 'hour-03.json.gz')],
        spec,
      ),
    );
    expect(error.code).toBe('parse-error');
    expect(error.message).toMatch(/hour-03\.json\.gz: the gzip data is truncated or corrupt/);
  });

  it('refuses a mostly binary file', async () => {
    const bytes = new Uint8Array(5000).map((_, i) => (i * 7919) % 256);
    const error = await failure(aggregateExperimentData([file(bytes, 'photo.png')], spec));
    expect(error.code).toBe('unsupported-file');
    expect(error.message).toMatch(/photo\.png looks like a binary file/);
  });

  it('refuses an empty file, and lists an empty file among good ones', async () => {
    const error = await failure(aggregateExperimentData([file('', 'empty.jsonl')], spec));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('empty.jsonl is empty.');
    const result = await aggregateExperimentData(
      [file(good, 'a.jsonl'), file('  \n', 'b.jsonl')],
      spec,
    );
    expect(result.diagnostics.malformed).toEqual([
      { file: 'b.jsonl', line: 0, reason: 'empty file' },
    ]);
    expect(result.metrics.revenue).toEqual([
      { variation: 0, units: 1, conversions: 1, sum: 4, sumSquares: 16 },
    ]);
  });

  it('refuses JSON with no known event kind', async () => {
    const error = await failure(
      aggregateExperimentData(
        [file(jsonLines([{ kind: 'weird' }, { hello: 1 }]), 'other.jsonl')],
        spec,
      ),
    );
    expect(error.message).toMatch(/No Data Export events found: 2 JSON records/);
  });

  it('refuses an invalid spec with the field named', async () => {
    const error = await failure(
      aggregateExperimentData([file(good, 'a.jsonl')], { ...spec, flagKey: '' }),
    );
    expect(error.field).toBe('spec.flagKey');
    const window = await failure(
      aggregateExperimentData([file(good, 'a.jsonl')], { ...spec, window: { start: 5, end: 5 } }),
    );
    expect(window.field).toBe('spec.window');
  });
});

describe('malformed records inside a good file', () => {
  it('lists a bad line with file and line, keeps the rest', async () => {
    const text = [
      JSON.stringify(exposure('A', 0, 1000)),
      '{"kind":"custom","key":"purch',
      'not json at all',
      JSON.stringify(track('A', 'purchase', 2000, 4)),
      '{"kind": "custom", "key": tru}',
    ].join('\n');
    const result = await aggregateExperimentData([file(text, 'mixed.jsonl')], spec);
    expect(result.diagnostics.malformed.map(({ file, line }) => [file, line])).toEqual([
      ['mixed.jsonl', 2],
      ['mixed.jsonl', 3],
      ['mixed.jsonl', 5],
    ]);
    expect(result.diagnostics.malformed[2].reason).toMatch(/not valid JSON/);
    expect(result.diagnostics.malformedCount).toBe(3);
    expect(result.metrics.revenue[0].sum).toBe(4);
  });

  it('lists the first 100 malformed records and counts them all', async () => {
    const lines = [JSON.stringify(exposure('A', 0, 1000))];
    for (let i = 0; i < 150; i++) lines.push('{"broken": ');
    const result = await aggregateExperimentData([file(lines.join('\n'), 'many.jsonl')], spec);
    expect(result.diagnostics.malformedCount).toBe(150);
    expect(result.diagnostics.malformed).toHaveLength(100);
    expect(result.diagnostics.malformed[99].line).toBe(101);
  });

  it('reports a non-numeric metricValue as malformed', async () => {
    const text = jsonLines([
      exposure('A', 0, 1000),
      track('A', 'purchase', 2000, undefined, { metricValue: 'twelve' }),
    ]);
    const result = await aggregateExperimentData([file(text, 'values.jsonl')], spec);
    expect(result.diagnostics.malformed).toEqual([
      { file: 'values.jsonl', line: 2, reason: 'metricValue is not a number' },
    ]);
    expect(result.metrics.revenue[0]).toEqual({
      variation: 0,
      units: 1,
      conversions: 0,
      sum: 0,
      sumSquares: 0,
    });
  });

  it('counts unknown event kinds as skipped', async () => {
    const text = jsonLines([exposure('A', 0, 1000), { kind: 'telemetry', creationDate: 5 }]);
    const result = await aggregateExperimentData([file(text, 'kinds.jsonl')], spec);
    expect(result.diagnostics.skipped['unknown-kind']).toBe(1);
  });

  it('skips a 50 MB line without buffering it and reads the next line', async () => {
    const huge = new Blob(
      ['{"kind":"custom","data":"', new Uint8Array(50 * 1024 * 1024).fill(0x61), '"}\n', good],
      { type: '' },
    );
    const result = await aggregateExperimentData([new File([huge], 'huge.jsonl')], spec);
    expect(result.diagnostics.malformed).toEqual([
      { file: 'huge.jsonl', line: 1, reason: 'record longer than 10 MB; skipped' },
    ]);
    expect(result.metrics.revenue[0].sum).toBe(4);
  });

  it('a 50 MB line of garbage is one malformed line', async () => {
    const huge = new Blob([new Uint8Array(50 * 1024 * 1024).fill(0x61), '\n', good]);
    const result = await aggregateExperimentData([new File([huge], 'garbage.jsonl')], spec);
    expect(result.diagnostics.malformed).toEqual([
      { file: 'garbage.jsonl', line: 1, reason: 'not a JSON object' },
    ]);
    expect(result.arms).toEqual([{ variation: 0, units: 1 }]);
  });
});

describe('cancelling', () => {
  it('rejects at once with an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      aggregateExperimentData([file(good, 'a.jsonl')], spec, undefined, controller.signal),
    );
    expect(error.code).toBe('aborted');
  });

  it('rejects, with no result, when cancelled mid-way', async () => {
    const controller = new AbortController();
    const big = new Blob(Array.from({ length: 64 }, () => good.repeat(2000)));
    let calls = 0;
    const promise = aggregateExperimentData(
      [new File([big], 'big.jsonl')],
      spec,
      () => {
        if (++calls === 2) controller.abort();
      },
      controller.signal,
    );
    const error = await failure(promise);
    expect(error.code).toBe('aborted');
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});

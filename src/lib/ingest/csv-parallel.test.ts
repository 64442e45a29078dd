// Parsing event-level CSV at the other end of a port: the batches that carry parsed events, and the
// whole import through a parser port against the same import parsed in this thread, on files of
// many chunks, with failures, cancelling, a busy port and a silent one. (Every hand-worked CSV case
// also runs both ways: csv.test.ts, single-pass.test.ts.)
import { describe, expect, it } from 'vitest';
import { Fingerprint, fingerprintBytes, utf8 } from './bytes.ts';
import type { FromParser, ToParser } from './csv-parser-protocol.ts';
import { RemoteCsvParser } from './csv-remote-parse.ts';
import { BATCH_RECORDS, EventBatchReader, EventBatchWriter } from './event-batch.ts';
import {
  aggregateCsvEvents,
  IngestError,
  type ExperimentSpec,
  type IngestProgress,
} from './index.ts';
import { EventKind, ParsedEvent, ValueState } from './parsed-event.ts';
import { ProgressTracker } from './progress.ts';
import { CHUNK_BYTES } from './read-source.ts';
import { seededRandom } from './seeded-random.ts';
import { file, withCsvParser } from './test-events.ts';

function event(fields: Partial<Omit<ParsedEvent, 'unit' | 'id'>>, unit = [0, 0], id = [0, 0]) {
  const parsed = new ParsedEvent();
  Object.assign(parsed, fields);
  [parsed.unit.hi, parsed.unit.lo] = unit;
  [parsed.id.hi, parsed.id.lo] = id;
  return parsed;
}

function plain(parsed: ParsedEvent) {
  const { unit, id, ...rest } = parsed;
  return { ...rest, unit: { ...unit }, id: { ...id } };
}

describe('event batches', () => {
  it('carry every field of an event, and problems in their place', () => {
    const events = [
      event(
        {
          kind: EventKind.Feature,
          isFlag: true,
          hasUnit: true,
          time: 1767261600123,
          variation: 2,
          inExperiment: 1,
        },
        [0xffffffff, 0x80000000],
      ),
      event(
        {
          kind: EventKind.Custom,
          eventKeyIndex: 3,
          isConnectionTest: true,
          hasUnit: true,
          hasId: true,
          valueState: ValueState.Number,
          value: -0.1,
          time: -5,
          inExperiment: 0,
        },
        [1, 2],
        [0xdeadbeef, 7],
      ),
      event({ kind: EventKind.Missing, reasonError: true, valueState: ValueState.Invalid }),
      event({ kind: EventKind.Unknown, time: NaN, value: 1e300 }),
    ];
    const writer = new EventBatchWriter();
    writer.write(events[0], 2);
    writer.writeProblem(3, 'value "x" is not a number');
    writer.write(events[1], 4);
    writer.write(events[2], 5);
    writer.writeProblem(6, 'short row');
    writer.write(events[3], 7);
    const batch = writer.take(new ArrayBuffer(64 * 48));
    expect(writer.count).toBe(0);

    const reader = new EventBatchReader();
    reader.open(batch);
    expect(reader.count).toBe(6);
    const read = new ParsedEvent();
    const seen: unknown[] = [];
    for (let index = 0; index < reader.count; index++) {
      const problem = reader.problemOf(index);
      if (problem !== null) seen.push([reader.lineOf(index), problem]);
      else {
        reader.read(index, read);
        seen.push([reader.lineOf(index), plain(read)]);
      }
    }
    expect(seen).toEqual([
      [2, plain(events[0])],
      [3, 'value "x" is not a number'],
      [4, plain(events[1])],
      [5, plain(events[2])],
      [6, 'short row'],
      [7, plain(events[3])],
    ]);
  });

  it('carry a unit key as a byte range of the chunk, hashed when read', () => {
    const chunk = utf8('x,user-7,y');
    const expected = new Fingerprint();
    fingerprintBytes(chunk, 2, 8, expected);
    const writer = new EventBatchWriter();
    writer.write(event({ kind: EventKind.Feature, hasUnit: true, variation: 1 }), 9, 2, 8);
    const batch = writer.take(new ArrayBuffer(48), 3);
    expect(batch.chunk).toBe(3);
    const reader = new EventBatchReader();
    reader.open(batch, chunk);
    const read = new ParsedEvent();
    reader.read(0, read);
    expect({ ...read.unit }).toEqual({ ...expected });
    expect(read).toMatchObject({ kind: EventKind.Feature, hasUnit: true, variation: 1 });
    expect(reader.lineOf(0)).toBe(9);
  });

  it('are full at BATCH_RECORDS records, and go on in the buffer they are given', () => {
    const writer = new EventBatchWriter();
    const one = event({ kind: EventKind.Custom, time: 1 });
    for (let i = 0; i < BATCH_RECORDS - 1; i++) writer.write(one, i);
    expect(writer.full).toBe(false);
    writer.write(one, BATCH_RECORDS);
    expect(writer.full).toBe(true);
    const next = new ArrayBuffer(48 * 2);
    expect(writer.take(next).count).toBe(BATCH_RECORDS);
    writer.write(one, 1);
    expect(writer.full).toBe(false);
    writer.write(one, 2);
    expect(writer.full).toBe(true);
    expect(writer.take(new ArrayBuffer(0)).buffer).toBe(next);
  });
});

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  metrics: [
    { key: 'bought', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'clicks', eventKey: 'click', kind: 'numeric', aggregation: 'average' },
  ],
};
const mapping = {
  id: 'event_id',
  flagKey: 'flag_key',
  unitKey: 'context_key',
  variation: 'variation',
  eventKey: 'event_key',
  value: 'metric_value',
  timestamp: 'timestamp',
};
const HEADER = 'event_id,flag_key,context_key,variation,event_key,metric_value,timestamp';

/**
 * A seeded event-level file of `units` units (named arms, quoted keys, duplicates, events before
 * exposure, units in two arms, malformed rows), `files` files cut from it at row ends.
 */
function generatedFiles(units: number, seed: number, files = 1): File[] {
  const random = seededRandom(seed);
  const arms = ['control', 'treatment', 'big "bold" one'];
  const rows: string[] = [];
  for (let u = 0; u < units; u++) {
    const key = u % 97 === 0 ? `"user,${u}"` : `user-${u}`;
    const arm = arms[Math.floor(random() * 3)];
    const armCell = arm.includes('"') ? `"${arm.replaceAll('"', '""')}"` : arm;
    const exposed = 1767261600000 + Math.floor(random() * 3.6e6);
    rows.push(`,checkout,${key},${armCell},,,${exposed}`);
    if (random() < 0.02) rows.push(`,checkout,${key},control,,,${exposed + 10}`);
    for (let e = Math.floor(random() * 4); e > 0; e--) {
      const time = exposed + Math.floor((random() - 0.2) * 1e5);
      const value = (random() * 100).toFixed(2);
      const id = random() < 0.3 ? `evt-${u}-${e}` : '';
      const row = `${id},,${key},,purchase,${value},${time}`;
      rows.push(row);
      if (random() < 0.05) rows.push(row);
    }
    if (random() < 0.3) rows.push(`,,${key},,click,${Math.floor(random() * 9)},${exposed + 5}`);
    if (random() < 0.003) rows.push(`,,${key},,purchase,lots,${exposed + 5}`);
    if (random() < 0.003) rows.push(`,,${key}`);
  }
  const perFile = Math.ceil(rows.length / files);
  return Array.from({ length: files }, (_, f) =>
    file(
      [HEADER, ...rows.slice(f * perFile, (f + 1) * perFile)].join('\n') + '\n',
      `part-${f}.csv`,
    ),
  );
}

describe('parsing through a parser port', () => {
  it('gives exactly the import parsed in this thread, on files of many chunks', async () => {
    const sources = generatedFiles(120_000, 1, 2);
    expect(sources[0].size).toBeGreaterThan(5 * CHUNK_BYTES);
    for (const maxStashedEvents of [undefined, 100]) {
      const here = await aggregateCsvEvents(sources, spec, mapping, { maxStashedEvents });
      const there = await withCsvParser((parser) =>
        aggregateCsvEvents(sources, spec, mapping, { maxStashedEvents, parser }),
      );
      expect(there).toEqual(here);
      expect(Object.values(here.armNames ?? {}).sort()).toEqual([
        'big "bold" one',
        'control',
        'treatment',
      ]);
      expect(here.diagnostics.malformedCount).toBeGreaterThan(0);
      expect(here.diagnostics.duplicatesDropped).toBeGreaterThan(0);
      expect(here.diagnostics.unitsInSeveralArms).toBeGreaterThan(0);
    }
    // Four imports of a 120,000-row file: seconds on a busy machine, above vitest's 5 s default.
  }, 60_000);

  it('reports progress up to every byte, with the records read', async () => {
    const sources = generatedFiles(30_000, 2);
    const reports: IngestProgress[] = [];
    const result = await withCsvParser((parser) =>
      aggregateCsvEvents(sources, spec, mapping, { parser, onProgress: (p) => reports.push(p) }),
    );
    expect(reports.length).toBeGreaterThan(2);
    const last = reports[reports.length - 1];
    expect(last.bytesRead).toBe(sources[0].size);
    expect(last.totalBytes).toBe(sources[0].size);
    expect(last.records).toBe(result.diagnostics.recordsRead + result.diagnostics.malformedCount);
  });

  it('passes the parser’s refusals on unchanged', async () => {
    const refusal = (parser?: MessagePort) =>
      aggregateCsvEvents([file('user,when\nu1,5\n', 'short.csv')], spec, mapping, {
        parser,
      }).catch((error: unknown) => error);
    const here = await refusal();
    const there = await withCsvParser(refusal);
    expect(there).toBeInstanceOf(IngestError);
    expect(there).toMatchObject({ code: 'invalid-input', field: 'unitKey' });
    expect((there as IngestError).message).toBe((here as IngestError).message);
  });

  it('refuses a binary file and an empty one, and lists an empty file among good ones', async () => {
    await withCsvParser(async (parser) => {
      const binary = file(new Uint8Array(5000).fill(1), 'blob.csv');
      await expect(aggregateCsvEvents([binary], spec, mapping, { parser })).rejects.toMatchObject({
        code: 'unsupported-file',
      });
      await expect(
        aggregateCsvEvents([file('', 'empty.csv')], spec, mapping, { parser }),
      ).rejects.toThrow('empty.csv is empty.');
      const good = generatedFiles(50, 3)[0];
      const result = await aggregateCsvEvents([file('', 'empty.csv'), good], spec, mapping, {
        parser,
      });
      expect(result.diagnostics.malformed[0]).toEqual({
        file: 'empty.csv',
        line: 0,
        reason: 'empty file',
      });
    });
  });

  it('stops when cancelled, and the port then serves the next import', async () => {
    const sources = generatedFiles(60_000, 4);
    await withCsvParser(async (parser) => {
      const controller = new AbortController();
      let aborted = false;
      const cancelled = aggregateCsvEvents(sources, spec, mapping, {
        parser,
        signal: controller.signal,
        onProgress: (p) => {
          if (!aborted && p.bytesRead > 2 * CHUNK_BYTES) {
            aborted = true;
            controller.abort();
          }
        },
      });
      await expect(cancelled).rejects.toMatchObject({ code: 'aborted' });
      const after = await aggregateCsvEvents(sources, spec, mapping, { parser });
      expect(after).toEqual(await aggregateCsvEvents(sources, spec, mapping));
    });
  }, 60_000);

  it('parses a second import in its own thread while the port is busy', async () => {
    const first = generatedFiles(20_000, 5);
    const second = generatedFiles(3_000, 6);
    const [a, b] = await withCsvParser((parser) =>
      Promise.all([
        aggregateCsvEvents(first, spec, mapping, { parser }),
        aggregateCsvEvents(second, spec, mapping, { parser }),
      ]),
    );
    expect(a).toEqual(await aggregateCsvEvents(first, spec, mapping));
    expect(b).toEqual(await aggregateCsvEvents(second, spec, mapping));
  });

  it('gives up with a clear error when the parser stops answering', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const remote = RemoteCsvParser.claim(port1, spec, mapping, undefined, 50)!;
      const rows = { onBatch: () => {} };
      await expect(
        remote.readFile(generatedFiles(10, 7)[0], 'a.csv', rows, new ProgressTracker(0)),
      ).rejects.toThrow('the CSV parser thread did not answer for 0.05 s');
      remote.release();
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('reports a parser’s unexpected failure as an error', async () => {
    const { port1, port2 } = new MessageChannel();
    port2.onmessage = ({ data }: { data: ToParser }) => {
      if (data.type === 'open')
        port2.postMessage({ type: 'failed', job: data.job, message: 'boom' } satisfies FromParser);
    };
    try {
      await expect(
        aggregateCsvEvents(generatedFiles(10, 8), spec, mapping, { parser: port1 }),
      ).rejects.toThrow('the CSV parser failed: boom');
    } finally {
      port1.close();
      port2.close();
    }
  });
});

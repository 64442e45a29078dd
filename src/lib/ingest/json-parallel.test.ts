// The two-thread Data Export import (a parser serving batches, this side applying the rules) against
// the single-thread library on the same files: messy lines (malformed, a BOM, CRLF, a stray quote,
// events before their unit's exposure, duplicates far apart), slices, CUPED, a ratio metric, the
// assignment audit, days, gzip, a JSON array, the two-pass fallback; and, seeded, over batch sizes and
// file splits. The parser end runs in this thread on the other end of a MessageChannel (the command line
// puts it in a worker thread; scripts/credence-cli.test.ts runs that).
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FLAG_KEY, misassignedExport } from '../../../test/support/misassigned-export.ts';
import { aggregateExperimentData } from './json-import.ts';
import { aggregateExperimentDataInThreads, type ParallelJsonOptions } from './json-parallel.ts';
import { serveJsonParsing } from './json-parser-service.ts';
import {
  messyExportLines as messyLines,
  messyExportText as text,
  MESSY_SPEC as SPEC,
} from './messy-export.test-support.ts';
import { SAMPLE_EXPERIMENT } from './sample-data.ts';
import { seededRandom } from './seeded-random.ts';
import type { ExperimentData, ExperimentSpec } from './types.ts';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((channel) => channel.port1.close()));

/** The two-thread import with the parser on the other end of a channel; sources are Blobs. */
function inThreads(
  blobs: Blob[],
  spec: ExperimentSpec,
  options: ParallelJsonOptions = {},
): Promise<ExperimentData> {
  const channel = new MessageChannel();
  channels.push(channel);
  serveJsonParsing(channel.port2, (source) => source as Blob);
  return aggregateExperimentDataInThreads(
    blobs.map((blob, i) => ({ source: blob, name: `f${i}.jsonl`, size: blob.size })),
    spec,
    channel.port1,
    undefined,
    options,
  );
}

const single = (blobs: Blob[], spec: ExperimentSpec, options: ParallelJsonOptions = {}) =>
  aggregateExperimentData(
    blobs.map((blob, i) => new File([blob], `f${i}.jsonl`)),
    spec,
    undefined,
    undefined,
    options,
  );

describe('Data Export in two threads equals the single-thread library', () => {
  const lines = messyLines(3000, 7);
  const blob = new Blob([text(lines)]);

  it('messy JSON Lines: slices, CUPED, ratio, audit, days, diagnostics all equal', async () => {
    const expected = await single([blob], SPEC);
    // The file exercises what it should.
    expect(expected.diagnostics.malformedCount).toBeGreaterThan(20);
    expect(expected.diagnostics.duplicatesDropped).toBeGreaterThan(30);
    expect(expected.diagnostics.eventsBeforeExposure).toBeGreaterThan(0);
    expect(expected.assignmentAudit?.units).toBeGreaterThan(0);
    expect(expected.assignmentAudit?.examples.mismatch.length).toBeGreaterThan(0);
    expect(expected.breakdowns?.map((b) => b.by)).toEqual(['day', 'attribute', 'attribute']);
    expect(JSON.stringify(expected.metrics['revenue-per-signup'])).toContain('crossSum');
    expect(JSON.stringify(expected.metrics['signup-rate'])).toContain('covariateSum');
    expect(await inThreads([blob], SPEC)).toEqual(expected);
  });

  it('the second reading after a stash overflow', async () => {
    const options = { maxStashedEvents: 50 };
    const expected = await single([blob], SPEC, options);
    expect(await inThreads([blob], SPEC, options)).toEqual(expected);
  });

  it('gzip, a JSON array, an empty file and the audit export, as several files', async () => {
    const sample = lines.slice(0, 2000);
    const gzip = new Blob([gzipSync(Buffer.from(text(sample.slice(0, 900))))]);
    const array = new Blob([`[\n${sample.slice(900).join(',\n')}\n]`]);
    const audit = misassignedExport({
      units: 500,
      wrongShare: 0.05,
      start: SAMPLE_EXPERIMENT.window!.start! + 3_600_000,
    }).text;
    const blobs = [gzip, array, new Blob(['']), new Blob([audit])];
    for (const spec of [SPEC, { ...SPEC, flagKey: AUDIT_FLAG_KEY, sliceAttributes: [] }]) {
      const expected = await single(blobs, spec);
      expect(expected.diagnostics.malformed.some((m) => m.reason === 'empty file')).toBe(true);
      expect(await inThreads(blobs, spec)).toEqual(expected);
    }
  });

  it('the same errors: an empty file, a file of other JSON, a file of no records', async () => {
    for (const blobs of [
      [new Blob(['\n\n'])],
      [new Blob(['{"a":1}\n{"b":2}\n'])],
      [new Blob(['nothing here\n'])],
    ]) {
      const expected = await single(blobs, SPEC).then(
        () => 'resolved',
        (error: Error) => error.message.replace('f0.jsonl', 'FILE'),
      );
      const got = await inThreads(blobs, SPEC).then(
        () => 'resolved',
        (error: Error) => error.message.replace('f0.jsonl', 'FILE'),
      );
      expect(got).toBe(expected);
      expect(got).not.toBe('resolved');
    }
  });

  it('unit keys and event ids escaped, raw UTF-8 and very long: the same units and duplicates', async () => {
    // One key written three ways in different records (raw UTF-8, a \u escape, a lone surrogate
    // escape) and one unit with a 100 KB key: the fast path reads the raw ones, JSON.parse the escaped
    // ones, and both must name the same unit (and the same event id) as in one thread. Small batches
    // put a unit's records, and the long key's copies, in many different batches.
    const random = seededRandom(5);
    const long = 'x'.repeat(100_000);
    const rewritten = messyLines(300, 5).map((line) =>
      line
        .replace(/user-(\d+)/g, (_, n: string) => {
          const draw = random();
          if (n === '7') return `user-7${long}`;
          return draw < 0.4 ? `üser-${n}` : draw < 0.8 ? `\\u00fcser-${n}` : `\\ud800user-${n}`;
        })
        .replace(/"id":"evt-/g, () => (random() < 0.5 ? '"id":"\\u0065vt-' : '"id":"evt-')),
    );
    const blobs = [new Blob([text(rewritten)])];
    for (const batchRecords of [undefined, 3]) {
      const options: ParallelJsonOptions = { batchRecords };
      const expected = await single(blobs, SPEC, options);
      expect(expected.diagnostics.duplicatesDropped).toBeGreaterThan(0);
      expect(await inThreads(blobs, SPEC, options)).toEqual(expected);
    }
    // The escaped and the raw spelling are one unit: fewer units than spellings.
    const { arms } = await single(blobs, SPEC);
    const rawOnly = await single(
      [new Blob([text(rewritten.map((line) => line.replace(/\\u00fc/g, 'ü')))])],
      SPEC,
    );
    expect(rawOnly.arms).toEqual(arms);
  });

  it('seeded: any batch size and any split into files gives the same result', async () => {
    const random = seededRandom(99);
    const few = messyLines(400, 3);
    for (let trial = 0; trial < 12; trial++) {
      const cuts = [0, few.length];
      const files = 1 + Math.floor(random() * 4);
      for (let k = 1; k < files; k++) cuts.push(Math.floor(random() * few.length));
      cuts.sort((a, b) => a - b);
      const blobs = cuts.slice(1).map((end, k) => new Blob([text(few.slice(cuts[k], end))]));
      const options: ParallelJsonOptions = {
        batchRecords: 1 + Math.floor(random() ** 2 * 3000),
        maxStashedEvents: random() < 0.3 ? 1 + Math.floor(random() * 200) : undefined,
      };
      const expected = await single(blobs, SPEC, options);
      expect(await inThreads(blobs, SPEC, options), JSON.stringify({ cuts, options })).toEqual(
        expected,
      );
    }
  });
});

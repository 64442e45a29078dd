// The parser thread's files over one open handle read exactly what a File of the same bytes reads:
// slices anywhere (the last one short), one file after another (opening the next closes the one
// before), gzip through stream(), an empty file; and a whole import through it equals the library's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateExperimentData } from '../src/lib/ingest/json-import.ts';
import { aggregateExperimentDataInThreads } from '../src/lib/ingest/json-parallel.ts';
import { serveJsonParsing } from '../src/lib/ingest/json-parser-service.ts';
import {
  messyExportLines,
  messyExportText,
  MESSY_SPEC,
} from '../src/lib/ingest/messy-export.test-support.ts';
import { seededRandom } from '../src/lib/ingest/seeded-random.ts';
import { fileOpener } from './open-file-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'credence-open-file-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('fileOpener', () => {
  it('slices read the bytes a File reads, file after file', async () => {
    const random = seededRandom(3);
    const open = fileOpener();
    for (const size of [0, 1, 5000, 1 << 20]) {
      const bytes = Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
      const blob = await open(file(`f${size}`, bytes));
      const reference = new Blob([bytes]);
      expect(blob.size).toBe(size);
      for (let k = 0; k < 20; k++) {
        const start = Math.floor(random() * (size + 10)) - 5;
        const end = start + Math.floor(random() * (size + 10));
        const got = Buffer.from(await blob.slice(start, end).arrayBuffer());
        const expected = Buffer.from(await reference.slice(start, end).arrayBuffer());
        expect(got.equals(expected), JSON.stringify({ size, start, end })).toBe(true);
      }
      const inner = blob.slice(size >> 2).slice(1, 100);
      const expected = Buffer.from(
        await reference
          .slice(size >> 2)
          .slice(1, 100)
          .arrayBuffer(),
      );
      expect(Buffer.from(await inner.arrayBuffer()).equals(expected)).toBe(true);
    }
  });

  it('stream() gives the slice (gzip is read that way)', async () => {
    const text = 'x'.repeat(70_000) + 'end';
    const blob = await fileOpener()(file('s.txt', text));
    expect(await new Response(blob.slice(69_998).stream()).text()).toBe('xxend');
    expect(await new Response(blob.slice(5, 5).stream()).text()).toBe('');
  });

  it('a two-thread import reading through it equals the library, gzip and plain files', async () => {
    const lines = messyExportLines(600, 9);
    const plain = messyExportText(lines.slice(0, 900));
    const gzip = gzipSync(Buffer.from(messyExportText(lines.slice(900))));
    const paths = [file('a.jsonl', plain), file('b.jsonl.gz', gzip)];
    const expected = await aggregateExperimentData(
      [new File([plain], 'a.jsonl'), new File([gzip], 'b.jsonl.gz')],
      MESSY_SPEC,
      undefined,
      undefined,
      { maxStashedEvents: 50 }, // a second reading: each file is opened again
    );
    const channel = new MessageChannel();
    const open = fileOpener();
    serveJsonParsing(channel.port2, (path) => open(path as string));
    try {
      const got = await aggregateExperimentDataInThreads(
        paths.map((path, i) => ({ source: path, name: ['a.jsonl', 'b.jsonl.gz'][i], size: 1 })),
        MESSY_SPEC,
        channel.port1,
        undefined,
        { maxStashedEvents: 50 },
      );
      expect(expected.diagnostics.recordsRead).toBeGreaterThan(1000);
      expect(got).toEqual(expected);
    } finally {
      channel.port1.close();
    }
  });
});

// fileBytes reads a file as fs.openAsBlob does, for what the Data Export import uses: slices (also
// past the end), the whole file, gzip through stream(), an empty file.
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../src/lib/ingest/read-source.ts';
import { fileBytes } from './file-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'credence-file-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunks(blob: Blob): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of readSource(blob, 'f', () => {})) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

describe('fileBytes', () => {
  const text = Array.from({ length: 40_000 }, (_, i) => `{"i":${i},"s":"é"}\n`).join('');

  it('slices as a Blob does, and names the file', async () => {
    const path = join(dir, 'a.jsonl');
    writeFileSync(path, text);
    const ours = await fileBytes(path, 'a.jsonl');
    const theirs = await openAsBlob(path);
    expect(ours.name).toBe('a.jsonl');
    expect(ours.size).toBe(theirs.size);
    for (const [from, to] of [
      [0, 10],
      [5, 5],
      [100_000, 700_000],
      [theirs.size - 3, theirs.size + 50],
    ]) {
      const a = Buffer.from(await ours.slice(from, to).arrayBuffer());
      const b = Buffer.from(await theirs.slice(from, to).arrayBuffer());
      expect(a.length).toBe(b.length);
      expect(a.equals(b)).toBe(true);
    }
    expect(await chunks(ours)).toBe(text);
  }, 30_000);

  it('gzip through stream(), and an empty file', async () => {
    const gz = join(dir, 'b.jsonl.gz');
    writeFileSync(gz, gzipSync(Buffer.from(text)));
    expect(await chunks(await fileBytes(gz))).toBe(text);
    const empty = join(dir, 'c.jsonl');
    writeFileSync(empty, '');
    expect(await chunks(await fileBytes(empty))).toBe('');
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import {
  countByLabel,
  isCsv,
  PREVIEW_BYTES,
  readPreview,
  repeatedHeaders,
  unionHeaders,
} from './csv-kind.ts';

describe('CSV detection', () => {
  it('recognises CSV files by name or type', () => {
    expect(isCsv({ name: 'a.CSV', type: '' })).toBe(true);
    expect(isCsv({ name: 'a.csv.gz', type: '' })).toBe(true);
    expect(isCsv({ name: 'a.jsonl', type: 'application/json' })).toBe(false);
  });

  it('reads the header line, without a byte-order mark', async () => {
    expect((await readPreview(new Blob(['\uFEFFunit,variation\r\nu1,0\n']))).headers).toEqual([
      'unit',
      'variation',
    ]);
  });
});

describe('header and arm labels', () => {
  it('joins several files’ headers, each name once', () => {
    expect(
      unionHeaders([
        ['timestamp', 'context_key', 'variation'],
        ['Timestamp', 'context_key', 'event_key', 'value'],
      ]),
    ).toEqual(['timestamp', 'context_key', 'variation', 'event_key', 'value']);
  });

  it('names each repeated header once', () => {
    expect(repeatedHeaders(['a', 'User', 'b', 'user', 'a'])).toEqual(['a', 'User']);
    expect(repeatedHeaders(['a', 'b'])).toEqual([]);
  });

  it('counts rows per arm label, case- and space-insensitively, first spelling shown', () => {
    const rows = [['Control'], [' control'], ['B'], ['']];
    expect(countByLabel(rows, 0)).toEqual([
      ['Control', 2],
      ['B', 1],
      ['(empty)', 1],
    ]);
    expect(countByLabel(rows, 0, true)).toEqual([
      ['Control', 2],
      ['B', 1],
    ]);
  });
});

describe('preview', () => {
  it('reads the header and rows of a small file whole', async () => {
    const preview = await readPreview(new Blob(['a,b\n1,"x,y"\n2,z\n']));
    expect(preview).toEqual({
      headers: ['a', 'b'],
      rows: [
        ['1', 'x,y'],
        ['2', 'z'],
      ],
      complete: true,
    });
  });

  it('reads at most PREVIEW_BYTES of a large file and never a half row', async () => {
    const row = '1234567,abcdefghij\n'; // 19 bytes
    const count = Math.ceil((2 * PREVIEW_BYTES) / row.length);
    const preview = await readPreview(new Blob(['n,s\n', row.repeat(count)]), 1e9);
    expect(preview.complete).toBe(false);
    expect(preview.rows.length).toBe(Math.floor((PREVIEW_BYTES - 4) / row.length));
    expect(preview.rows.every((cells) => cells[1] === 'abcdefghij')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { csvKind, isCsv, readHeader, splitHeader } from './csv-kind.ts';

describe('CSV detection', () => {
  it('splits headers on the most frequent delimiter and strips quotes', () => {
    expect(splitHeader('"context_key",variation,timestamp')).toEqual([
      'context_key',
      'variation',
      'timestamp',
    ]);
    expect(splitHeader('a;b;c')).toEqual(['a', 'b', 'c']);
    expect(splitHeader('a\tb')).toEqual(['a', 'b']);
  });

  it('tells summaries from events', () => {
    expect(csvKind(['variation', 'Units', 'conversions'])).toBe('summary');
    expect(csvKind(['context_key', 'variation', 'timestamp'])).toBe('events');
  });

  it('recognises CSV files by name or type', () => {
    expect(isCsv({ name: 'a.CSV', type: '' })).toBe(true);
    expect(isCsv({ name: 'a.csv.gz', type: '' })).toBe(true);
    expect(isCsv({ name: 'a.jsonl', type: 'application/json' })).toBe(false);
  });

  it('reads the header line, without a byte-order mark', async () => {
    expect(await readHeader(new Blob(['\uFEFFunit,variation\r\nu1,0\n']))).toEqual([
      'unit',
      'variation',
    ]);
  });
});

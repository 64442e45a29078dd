import { describe, expect, it } from 'vitest';
import {
  countByLabel,
  csvKind,
  isCsv,
  PREVIEW_BYTES,
  proposeEventMapping,
  proposeUnitMapping,
  readHeader,
  readPreview,
  repeatedHeaders,
  splitHeader,
} from './csv-kind.ts';

const METRICS = [
  { key: 'signup-rate', eventKey: 'signup', name: 'Signup rate' },
  { key: 'revenue', eventKey: 'purchase', name: 'Revenue per user' },
];

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

  it('tells summaries, events and one row per unit apart', () => {
    expect(csvKind(['variation', 'Units', 'conversions'])).toBe('summary');
    expect(csvKind(['context_key', 'variation', 'timestamp', 'event_key'])).toBe('events');
    expect(csvKind(['userid', 'group', 'signup', 'purchase'])).toBe('units');
    // A time column alone: events when a unit appears on several rows, else one row per unit.
    const headers = ['uid', 'version', 'timestamp'];
    expect(
      csvKind(headers, [
        ['a', '0', '1'],
        ['a', '0', '2'],
      ]),
    ).toBe('events');
    expect(
      csvKind(headers, [
        ['a', '0', '1'],
        ['b', '0', '2'],
      ]),
    ).toBe('units');
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

describe('column proposals', () => {
  it('finds userid, uid, group and version, and never takes the unit id for the event id', () => {
    const a = proposeEventMapping(['timestamp', 'userid', 'group', 'event', 'value']);
    expect(a.mapping).toMatchObject({
      unitKey: 'userid',
      variation: 'group',
      timestamp: 'timestamp',
    });
    expect(a.mapping.id).toBeUndefined();
    const b = proposeEventMapping(['uid', 'version', 'time', 'event_key']);
    expect(b.mapping).toMatchObject({ unitKey: 'uid', variation: 'version' });
    // A real event id column is still taken.
    expect(proposeEventMapping(['context_key', 'event_id', 'timestamp']).mapping.id).toBe(
      'event_id',
    );
  });

  it('maps unit-level columns to the design metrics by key, event key or name', () => {
    expect(proposeUnitMapping(['userid', 'group', 'signup', 'Revenue per user'], METRICS)).toEqual({
      unitKey: 'userid',
      variation: 'group',
      firstExposure: undefined,
      metrics: { 'signup-rate': 'signup', revenue: 'Revenue per user' },
    });
    expect(
      proposeUnitMapping(['user_id', 'arm', 'first_exposure', 'signup-rate'], METRICS).metrics,
    ).toEqual({ 'signup-rate': 'signup-rate' });
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
    const preview = await readPreview(new Blob(['n,s\n', row.repeat(count)]), 'big.csv', 1e9);
    expect(preview.complete).toBe(false);
    expect(preview.rows.length).toBe(Math.floor((PREVIEW_BYTES - 4) / row.length));
    expect(preview.rows.every((cells) => cells[1] === 'abcdefghij')).toBe(true);
  });
});

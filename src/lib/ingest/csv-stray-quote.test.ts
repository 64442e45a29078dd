// A quote that never closes (or closes far below, as part of another row) must not swallow the rows
// after it: the line that opened it is counted malformed, with what it would have covered, and reading
// goes on at the next line. Quoted fields with real line breaks keep working.
import { describe, expect, it } from 'vitest';
import { CsvReader, type CsvRow } from './csv-reader.ts';
import { aggregateCsvUnits, aggregateSummaryCsv } from './index.ts';
import { file, PARSING_MODES, pushInPieces } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

type Read = {
  rows: { line: number; fields: string[] }[];
  problems: { line: number; reason: string }[];
};

function read(text: string, cuts: number[] = [], maxRowBytes?: number): Read {
  const out: Read = { rows: [], problems: [] };
  const sink = {
    onRow(row: CsvRow) {
      const fields = Array.from({ length: row.count }, (_, i) => row.text(i));
      out.rows.push({ line: row.line, fields });
    },
    onProblem(line: number, reason: string) {
      out.problems.push({ line, reason });
    },
  };
  const reader = new CsvReader(sink, undefined, maxRowBytes);
  pushInPieces(reader, new TextEncoder().encode(text), cuts);
  return out;
}

/** Every way of cutting `text` in two, and a few in three: the result must not depend on it. */
function everyCut(text: string): number[][] {
  const n = new TextEncoder().encode(text).length;
  const cuts: number[][] = [[]];
  for (let i = 1; i < n; i++) cuts.push([i]);
  for (let i = 1; i + 3 < n; i += 3) cuts.push([i, i + 2]);
  return cuts;
}

describe('CSV reader: an unterminated quote', () => {
  const fiveRows = 'unit,arm,value\na,0,1\n"b,1,2\nc,0,3\nd,1,4\ne,0,5\n';

  it('counts the line that opened it malformed and reads every row after it, however the file is cut', () => {
    for (const cuts of everyCut(fiveRows)) {
      const result = read(fiveRows, cuts);
      expect(
        result.rows.map((row) => row.fields[0]),
        `cut at ${cuts}`,
      ).toEqual(['unit', 'a', 'c', 'd', 'e']);
      expect(result.rows.map((row) => row.line)).toEqual([1, 2, 4, 5, 6]);
      expect(result.problems).toEqual([
        {
          line: 3,
          reason:
            'a quote opened on this line never closes (it would cover 4 lines, 25 bytes, to the end of the file); the line is skipped and reading goes on at the next line',
        },
      ]);
    }
  });

  it('recovers when the quote closes lines below, inside another row', () => {
    // The quote of line 3 closes at line 5's first quote: the would-be row has text after its closing
    // quote, so line 3 is malformed and lines 4 and 5 are read on their own ("x" is a normal quoted cell).
    const text = 'unit,arm,value\na,0,1\n"b,1,2\nc,0,3\n"x",1,4\ne,0,5\n';
    for (const cuts of everyCut(text)) {
      const result = read(text, cuts);
      expect(
        result.rows.map((row) => row.fields.join('|')),
        `cut at ${cuts}`,
      ).toEqual(['unit|arm|value', 'a|0|1', 'c|0|3', 'x|1|4', 'e|0|5']);
      expect(result.problems.map((problem) => problem.line)).toEqual([3]);
      expect(result.problems[0].reason).toMatch(
        /^a quote opened on this line closes only 2 lines below/,
      );
    }
  });

  it('recovers when the quote closes lines below on a row with the wrong number of fields', () => {
    // Line 3's quote closes at the end of line 4's `c"`: one row of 3 fields would result... with 4
    // fields where the header has 3, so it is not a row: line 3 is malformed, line 4 read alone.
    const text = 'unit,arm,value\na,0,1\n"b,1,2\nc",0,3,9\nd,1,4\n';
    for (const cuts of everyCut(text)) {
      const result = read(text, cuts);
      expect(
        result.rows.map((row) => row.fields.join('|')),
        `cut at ${cuts}`,
      ).toEqual(['unit|arm|value', 'a|0|1', 'c"|0|3|9', 'd|1|4']);
      expect(result.problems.map((problem) => problem.line)).toEqual([3]);
    }
  });

  it('keeps quoted fields with real line breaks (CRLF too), and counts their lines', () => {
    const text =
      'unit,note,value\r\na,"two\r\nlines",1\r\nb,"a ""quoted""\nword",2\r\nc,plain,3\r\n';
    for (const cuts of everyCut(text)) {
      const result = read(text, cuts);
      expect(result.problems, `cut at ${cuts}`).toEqual([]);
      expect(result.rows).toEqual([
        { line: 1, fields: ['unit', 'note', 'value'] },
        { line: 2, fields: ['a', 'two\r\nlines', '1'] },
        { line: 4, fields: ['b', 'a "quoted"\nword', '2'] },
        { line: 6, fields: ['c', 'plain', '3'] },
      ]);
    }
  });

  it('does not hold more than the row limit: a quote left open is given up at the limit, and rows go on', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `u${i},${i % 2},${i}`);
    const text = ['unit,arm,value', rows[0], '"open' + ',1,2', ...rows.slice(1)].join('\n') + '\n';
    const result = read(text, [100, 1000, 2000, 3000], 1024);
    expect(result.rows).toHaveLength(401);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 3 });
    expect(result.problems[0].reason).toMatch(/never closes within 1 kB/);
  });
});

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  metrics: [{ key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
};

describe.each(PARSING_MODES)('event-level CSV with a stray quote, $name', ({ importEvents }) => {
  it('reads the rows after it and reports the line', async () => {
    const text = [
      'flag_key,context_kind,context_key,variation_id,event_key,metric_value,timestamp',
      'checkout,user,u1,0,,,2026-01-01 10:00:00',
      '"checkout,user,u2,1,,,2026-01-01 10:00:00',
      'checkout,user,u3,1,,,2026-01-01 10:00:00',
      ',user,u3,,purchase,5,2026-01-01 11:00:00',
      'checkout,user,u4,0,,,2026-01-01 10:00:00',
    ].join('\n');
    const result = await importEvents([file(text, 'stray.csv')], spec, {
      flagKey: 'flag_key',
      unitKind: 'context_kind',
      unitKey: 'context_key',
      variation: 'variation_id',
      eventKey: 'event_key',
      value: 'metric_value',
      timestamp: 'timestamp',
    });
    expect(result.diagnostics.malformedCount).toBe(1);
    expect(result.diagnostics.malformed[0]).toMatchObject({ file: 'stray.csv', line: 3 });
    expect(result.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 1 },
    ]);
    expect(result.metrics.spend[1]).toMatchObject({ units: 1, sum: 5 });
  });
});

describe('unit-level and summary CSV with a stray quote', () => {
  it('unit-level: the other rows are read', async () => {
    const text = 'unit,arm,spend\na,0,1\n"b,1,2\nc,0,3\nd,1,4\n';
    const result = await aggregateCsvUnits([file(text, 'units.csv')], spec, {
      unitKey: 'unit',
      variation: 'arm',
      metrics: { spend: 'spend' },
    });
    expect(result.diagnostics.malformedCount).toBe(1);
    expect(result.diagnostics.malformed[0]).toMatchObject({ line: 3 });
    expect(result.arms.map((arm) => arm.units)).toEqual([2, 1]);
  });

  it('summary: the line with a stray quote is reported, the rows after it are read', async () => {
    const text =
      'metric,variation,units,sum,sum_squares\nspend,0,10,5,9\n"spend,1,12,6,10\nspend,1,11,6,10\n';
    const result = await aggregateSummaryCsv([file(text, 'summary.csv')], spec);
    expect(result.diagnostics.malformed).toEqual([
      expect.objectContaining({ file: 'summary.csv', line: 3 }),
    ]);
    expect(result.arms).toEqual([
      { variation: 0, units: 10 },
      { variation: 1, units: 11 },
    ]);
  });
});

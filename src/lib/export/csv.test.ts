import { describe, expect, test } from 'vitest';
import Papa from 'papaparse';
import { csvCell, toCsv } from './csv.ts';

describe('csvCell', () => {
  test('quotes only fields that need it, doubling inner quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  test.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '=HYPERLINK("http://x","y")'])(
    'defuses a formula-like text cell %j with a leading apostrophe',
    (value) => {
      const cell = csvCell(value);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  test('numbers, booleans and missing values', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(1e-12)).toBe('1e-12');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});

test('rows end in CRLF, and an independent CSV parser reads the cells back', () => {
  const rows = [
    ['name', 'value'],
    ['Green, "bold"', 1.5],
    ['multi\nline', -2],
    ['=cmd|" /C calc"!A0', null],
  ];
  const csv = toCsv(rows);
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(csv.split('\r\n')[0]).toBe('name,value');
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
  expect(parsed).toEqual([
    ['name', 'value'],
    ['Green, "bold"', '1.5'],
    ['multi\nline', '-2'],
    ['\'=cmd|" /C calc"!A0', ''],
  ]);
});

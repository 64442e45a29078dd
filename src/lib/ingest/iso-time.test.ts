import { describe, expect, it } from 'vitest';
import { cellTime } from './csv-cells.ts';
import { CsvRow } from './csv-reader.ts';
import { parseIsoTimeBytes } from './iso-time.ts';
import { seededRandom } from './seeded-random.ts';

const encoder = new TextEncoder();

/** The cell's text between other bytes, so a reader that looks past its end would be caught. */
function isoTime(text: string): number {
  const bytes = encoder.encode(`9${text}9`);
  return parseIsoTimeBytes(bytes, 1, bytes.length - 1);
}

function cell(text: string): CsvRow {
  const row = new CsvRow();
  row.bytes = encoder.encode(`,${text},`);
  row.push(1, row.bytes.length - 1, false);
  return row;
}

/** How cells were read before the byte-level reading: the text, then a regular expression and Date.parse. */
function readAsText(text: string): number {
  const number = text.trim() === '' ? NaN : Number(text.trim());
  if (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text))
    return Math.abs(number) < 1e11 ? number * 1000 : number;
  let trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed))
    trimmed = trimmed.replace(' ', 'T') + 'Z';
  else if (/^\d{4}-\d{2}-\d{2} \d/.test(trimmed)) trimmed = trimmed.replace(' ', 'T');
  const time = Date.parse(trimmed);
  return Number.isFinite(time) ? time : NaN;
}

describe('parseIsoTimeBytes', () => {
  // Expected values from Python's datetime (UTC unless a zone is given).
  it.each([
    ['2026-03-02 12:40:07.424', 1772455207424],
    ['2026-03-02T12:40:07.424Z', 1772455207424],
    ['2000-02-29 23:59:59.999', 951868799999],
    ['1969-12-31 23:00', -3600000],
    ['2026-03-02T12:40:07+01:00', 1772451607000],
    ['2026-03-02 12:40:07-0530', 1772475007000],
    ['2024-03-01', 1709251200000],
    ['1900-03-01T00:00:00Z', -2203891200000],
    ['0001-01-01 00:00:00', -62135596800000],
    ['  2026-03-02 12:40:07.424  ', 1772455207424],
  ])('reads %s', (text, expected) => {
    expect(isoTime(text)).toBe(expected);
  });

  it('cuts fractions to milliseconds and reads short ones as tenths and hundredths', () => {
    expect(isoTime('2026-03-02 12:40:07.1')).toBe(1772455207100);
    expect(isoTime('2026-03-02 12:40:07.12')).toBe(1772455207120);
    expect(isoTime('2026-03-02 12:40:07.123999')).toBe(1772455207123);
  });

  it('runs a day past the end of its month into the next month, as Date.parse does', () => {
    expect(isoTime('2026-02-30 00:00')).toBe(Date.parse('2026-03-02T00:00Z'));
  });

  it.each([
    '',
    '1772455207424',
    '2026-03-02T',
    '2026-03-02 12:4',
    '2026-03-02 12:40:0',
    '2026-03-02 12:40:07.',
    '2026-13-02 12:40',
    '2026-00-02 12:40',
    '2026-03-00 12:40',
    '2026-03-02 24:00',
    '2026-03-02 12:60',
    '2026-03-02 12:40:60',
    '2026-03-02 12:40:07+01',
    '2026-03-02 12:40:07+24:00',
    '2026-03-02 12:40:07 Z',
    '2026-03-02t12:40:07',
    '2026/03/02 12:40',
    'Mar 2 2026',
  ])('leaves %j to the general reading', (text) => {
    expect(isoTime(text)).toBeNaN();
  });

  it('gives every cell the time the text-and-Date.parse reading gave (26,000 seeded cells)', () => {
    const random = seededRandom(20261121);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const mismatches: string[] = [];
    let readable = 0;
    let readFromBytes = 0;
    for (let k = 0; k < 26_000; k++) {
      let text =
        `${pad(Math.floor(random() * 10_000), 4)}-${pad(Math.floor(random() * 14), 2)}-` +
        `${pad(Math.floor(random() * 33), 2)}`;
      if (random() < 0.9) {
        text += pick(['T', ' ', ' ', 't']);
        text += `${pad(Math.floor(random() * 26), 2)}:${pad(Math.floor(random() * 61), 2)}`;
        if (random() < 0.8) text += `:${pad(Math.floor(random() * 61), 2)}`;
        if (random() < 0.5)
          text += '.' + String(Math.floor(random() * 1e6)).slice(0, pick([1, 2, 3, 6]));
        text += pick(['', '', 'Z', '+01:00', '-05:30', '+0930', '+24:00', 'z', ' ']);
      }
      if (random() < 0.1) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + pick(['', 'x', '9', ':', '-', ' ']) + text.slice(at + 1);
      }
      const expected = readAsText(text);
      const actual = cellTime(cell(text), 0);
      if (!Object.is(actual, expected)) mismatches.push(`${text}: ${actual} ≠ ${expected}`);
      if (!Number.isNaN(expected)) readable++;
      if (!Number.isNaN(isoTime(text))) readFromBytes++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Most readable cells take the byte-level reading; the rest are unusual spellings (a lowercase 't'
    // separates a quarter of the generated times) and hour 24.
    expect(readFromBytes / readable).toBeGreaterThan(0.65);
  });
});

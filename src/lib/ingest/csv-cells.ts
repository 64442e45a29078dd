// Reading typed values out of CSV cells: timestamps, booleans, variations.
import { bytesEqual, parseNumberBytes } from './bytes.ts';
import type { CsvRow } from './csv-reader.ts';
import { parseIsoTimeBytes } from './iso-time.ts';

const DATE_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A cell as Unix ms: a number (ms; values below 1e11 are taken as seconds) or an ISO date-time
 * (without a zone it is UTC, as warehouse exports write). NaN when it is neither. The usual cells are
 * read from their bytes: an ISO date-time first (told apart by its fifth byte; reading it as a number
 * would decode it to a string), then a number; cells with "" escapes and other spellings of a date
 * are read as text.
 */
export function cellTime(row: CsvRow, index: number): number {
  if (row.isEmpty(index)) return NaN;
  if (row.escaped[index]) {
    const number = row.number(index);
    if (!Number.isNaN(number)) return msFromNumber(number);
  } else {
    const { bytes } = row;
    const start = row.starts[index];
    const end = row.ends[index];
    const iso = parseIsoTimeBytes(bytes, start, end);
    if (iso === iso) return iso;
    const number = parseNumberBytes(bytes, start, end);
    if (number === number) return msFromNumber(number);
  }
  return timeOfText(row.text(index).trim());
}

/** The general reading of a time cell's text, through Date.parse. */
function timeOfText(text: string): number {
  if (DATE_WITHOUT_ZONE.test(text)) text = text.replace(' ', 'T') + 'Z';
  else if (/^\d{4}-\d{2}-\d{2} \d/.test(text)) text = text.replace(' ', 'T');
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : NaN;
}

/** A numeric time cell as Unix ms: values below 1e11 are taken as seconds. */
export function msFromNumber(number: number): number {
  return Math.abs(number) < 1e11 ? number * 1000 : number;
}

/** How many spellings a CellMemo keeps (columns of many distinct values are simply read each time). */
const MEMO_SPELLINGS = 16;

/**
 * What a column's few distinct spellings (event kinds, booleans, arm names) were read as, so each
 * spelling is decoded to a string once instead of on every row. Keyed by the cell's exact bytes (the
 * same bytes always read the same), for cells without "" escapes.
 */
export class CellMemo {
  private readonly spellings: Uint8Array[] = [];
  private readonly values: number[] = [];

  /** The value remembered for the cell, or undefined. */
  get(row: CsvRow, index: number): number | undefined {
    if (row.escaped[index]) return undefined;
    const start = row.starts[index];
    const end = row.ends[index];
    for (let k = 0; k < this.spellings.length; k++) {
      if (bytesEqual(row.bytes, start, end, this.spellings[k])) return this.values[k];
    }
    return undefined;
  }

  remember(row: CsvRow, index: number, value: number): void {
    if (row.escaped[index] || this.spellings.length === MEMO_SPELLINGS) return;
    this.spellings.push(row.bytes.slice(row.starts[index], row.ends[index]));
    this.values.push(value);
  }
}

/** 1 true, 0 false, -1 empty or unreadable. */
export function cellBoolean(row: CsvRow, index: number): number {
  if (row.isEmpty(index)) return -1;
  const text = row.text(index).trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 't' || text === 'yes') return 1;
  if (text === 'false' || text === '0' || text === 'f' || text === 'no') return 0;
  return -1;
}

/** A unit-level metric cell: empty → 0, a number, else TRUE/FALSE (yes/no…) as 1/0, else NaN. */
export function unitCellValue(row: CsvRow, index: number): number {
  if (row.isEmpty(index)) return 0;
  const number = row.number(index);
  if (number === number) return number;
  const flag = cellBoolean(row, index);
  return flag < 0 ? NaN : flag;
}

/**
 * Variation cells hold indices (0, 1, …) or names/ids (one or the other in a file). Names get indices
 * in order of first appearance and are reported back so the arms keep their names.
 */
export class VariationIndex {
  readonly names = new Map<string, number>();
  /** Names by spelling, so a name is decoded once, not on every row. */
  private readonly spellings = new CellMemo();

  of(row: CsvRow, index: number): number {
    if (row.isEmpty(index)) return -1;
    const start = row.starts[index];
    if (row.ends[index] === start + 1) {
      // The usual cell: one digit (what the number reading below gives for it).
      const digit = row.bytes[start] - 0x30;
      if (digit >= 0 && digit <= 9) return digit;
    }
    const remembered = this.spellings.get(row, index);
    if (remembered !== undefined) return remembered;
    const number = row.number(index);
    if (Number.isInteger(number) && number >= 0) return number;
    const name = row.text(index).trim();
    let value = this.names.get(name);
    if (value === undefined) this.names.set(name, (value = this.names.size));
    this.spellings.remember(row, index, value);
    return value;
  }

  armNames(): Record<number, string> | undefined {
    if (this.names.size === 0) return undefined;
    return Object.fromEntries([...this.names.entries()].map(([name, index]) => [index, name]));
  }
}

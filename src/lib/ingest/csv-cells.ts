// Reading typed values out of CSV cells: timestamps, booleans, variations.
import { bytesEqual, parseNumberBytes } from './bytes.ts';
import type { CsvRow } from './csv-reader.ts';
import { parseIsoTimeBytes } from './iso-time.ts';
import { labelKey } from './arm-matching.ts';
import { INVALID_VARIATION } from './parsed-event.ts';

const DATE_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A cell as Unix ms: a number (seconds, ms, µs or ns: see msFromNumber) or an ISO date-time
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

/**
 * A numeric time cell as Unix ms, its unit told by its size: below 1e11 seconds (up to year 5138),
 * below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
 */
export function msFromNumber(number: number): number {
  const size = Math.abs(number);
  if (size < 1e11) return number * 1000;
  if (size < 1e14) return number;
  if (size < 1e17) return number / 1e3;
  return number / 1e6;
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

/**
 * Variation cells hold labels: variation indices (0, 1, …) or names/ids. Each distinct label gets a
 * slot (a small integer) in order of first appearance; names are one label case and spaces aside
 * (shown with their first spelling), "1" and "01" are one index. A number that is not a variation
 * index (negative, fractional, beyond 2^53) reads INVALID_VARIATION, its reason in `problem`.
 */
export class VariationIndex {
  /** The label of each slot. */
  readonly labels: string[] = [];
  /** The reason the last cell read INVALID_VARIATION. */
  problem = '';
  private readonly slots = new Map<string, number>();
  /** Slots of one-digit cells, the usual case, without decoding them. */
  private readonly digitSlots = new Int32Array(10).fill(-1);
  /** Labels by spelling, so a label is decoded once, not on every row. */
  private readonly spellings = new CellMemo();

  of(row: CsvRow, index: number): number {
    if (row.isEmpty(index)) return -1;
    const start = row.starts[index];
    const oneDigit = row.ends[index] === start + 1 && !row.escaped[index];
    if (oneDigit) {
      const digit = row.bytes[start] - 0x30;
      if (digit >= 0 && digit <= 9 && this.digitSlots[digit] >= 0) return this.digitSlots[digit];
    }
    const remembered = this.spellings.get(row, index);
    if (remembered !== undefined) return remembered;
    const text = row.text(index).trim();
    const slot = this.slotOfText(text);
    if (slot >= 0) {
      this.spellings.remember(row, index, slot);
      if (oneDigit && text.length === 1 && text >= '0' && text <= '9')
        this.digitSlots[text.charCodeAt(0) - 0x30] = slot;
    }
    return slot;
  }

  /** The slot of a label's text, made on first sight; INVALID_VARIATION for a number that is no index. */
  slotOfText(text: string): number {
    if (text === '') return -1;
    let key: string;
    let label = text;
    if (NUMBER.test(text)) {
      const value = Number(text);
      if (!INDEX.test(text) || !Number.isSafeInteger(value) || value < 0) {
        this.problem = `variation "${text}" is not a variation index (a whole number from 0 to 2^53 - 1) nor a name`;
        return INVALID_VARIATION;
      }
      label = String(value);
      key = `#${label}`;
    } else key = labelKey(text);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.labels.push(label) - 1;
      this.slots.set(key, slot);
    }
    return slot;
  }
}

/** A cell that reads as a number (then it must be a variation index, not a name). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A variation index as written: digits, perhaps with a zero fraction ("2.0"). */
const INDEX = /^\d+(\.0*)?$/;

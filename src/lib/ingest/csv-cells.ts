// Reading typed values out of CSV cells: timestamps, booleans, variations.
import type { CsvRow } from './csv-reader.ts';

const DATE_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A cell as Unix ms: a number (ms; values below 1e11 are taken as seconds) or an ISO date-time
 * (without a zone it is UTC, as warehouse exports write). NaN when it is neither.
 */
export function cellTime(row: CsvRow, index: number): number {
  if (row.isEmpty(index)) return NaN;
  const number = row.number(index);
  if (!Number.isNaN(number)) return Math.abs(number) < 1e11 ? number * 1000 : number;
  let text = row.text(index).trim();
  if (DATE_WITHOUT_ZONE.test(text)) text = text.replace(' ', 'T') + 'Z';
  else if (/^\d{4}-\d{2}-\d{2} \d/.test(text)) text = text.replace(' ', 'T');
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : NaN;
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
 * Variation cells hold indices (0, 1, …) or names/ids (one or the other in a file). Names get indices
 * in order of first appearance and are reported back so the arms keep their names.
 */
export class VariationIndex {
  readonly names = new Map<string, number>();

  of(row: CsvRow, index: number): number {
    if (row.isEmpty(index)) return -1;
    const number = row.number(index);
    if (Number.isInteger(number) && number >= 0) return number;
    const name = row.text(index).trim();
    let value = this.names.get(name);
    if (value === undefined) this.names.set(name, (value = this.names.size));
    return value;
  }

  armNames(): Record<number, string> | undefined {
    if (this.names.size === 0) return undefined;
    return Object.fromEntries([...this.names.entries()].map(([name, index]) => [index, name]));
  }
}

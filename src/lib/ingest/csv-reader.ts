// A streaming RFC 4180 CSV reader over byte chunks: rows come out as field byte ranges (no strings
// built). Only the unfinished last row of a chunk is carried over. The delimiter is detected from the
// header line unless given.
import { decodeUtf8, fingerprintBytes, parseNumberBytes, type Fingerprint } from './bytes.ts';
import { DEFAULT_MAX_RECORD_BYTES } from './record-splitter.ts';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** One row: field i is bytes[starts[i], ends[i]); quoted fields have their quotes stripped. */
export class CsvRow {
  bytes: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  escaped = new Uint8Array(64);
  count = 0;
  line = 0;

  isEmpty(index: number): boolean {
    return index < 0 || index >= this.count || this.ends[index] === this.starts[index];
  }
  text(index: number): string {
    if (index < 0 || index >= this.count) return '';
    const text = decodeUtf8(this.bytes, this.starts[index], this.ends[index]);
    return this.escaped[index] ? text.replaceAll('""', '"') : text;
  }
  /** The cell equals the UTF-8 bytes `target` (surrounding spaces ignored). */
  equals(index: number, target: Uint8Array): boolean {
    if (index < 0 || index >= this.count) return false;
    if (this.escaped[index]) return this.text(index).trim() === new TextDecoder().decode(target);
    let start = this.starts[index];
    let end = this.ends[index];
    while (start < end && this.bytes[start] === 0x20) start++;
    while (end > start && this.bytes[end - 1] === 0x20) end--;
    if (end - start !== target.length) return false;
    for (let i = 0; i < target.length; i++) if (this.bytes[start + i] !== target[i]) return false;
    return true;
  }

  number(index: number): number {
    if (this.isEmpty(index)) return NaN;
    return this.escaped[index]
      ? Number(this.text(index))
      : parseNumberBytes(this.bytes, this.starts[index], this.ends[index]);
  }
  fingerprint(index: number, out: Fingerprint): void {
    if (this.escaped[index]) {
      const text = new TextEncoder().encode(this.text(index));
      fingerprintBytes(text, 0, text.length, out);
    } else fingerprintBytes(this.bytes, this.starts[index], this.ends[index], out);
  }
  push(start: number, end: number, escaped: boolean): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.escaped = grow(this.escaped, (n) => new Uint8Array(n));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.escaped[this.count] = escaped ? 1 : 0;
    this.count++;
  }
}

export function detectDelimiter(headerLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of headerLine) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === delimiter) count++;
    }
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

export type CsvRowHandler = (row: CsvRow) => void;
export type CsvProblemHandler = (line: number, reason: string) => void;

export class CsvReader {
  private carry = new Uint8Array(0);
  private joined = new Uint8Array(0);
  private line = 1;
  private started = false;
  private delimiterByte = 0x2c;
  private skippingOversized = false;
  private readonly row = new CsvRow();
  delimiter: string | undefined;

  constructor(
    private readonly onRow: CsvRowHandler,
    private readonly onProblem: CsvProblemHandler,
    delimiter?: string,
    private readonly maxRowBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {
    this.delimiter = delimiter;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carry.length > 0) {
      // The unfinished row and the new chunk, joined in a buffer kept from chunk to chunk (no garbage).
      const length = this.carry.length + chunk.length;
      if (this.joined.length < length) this.joined = new Uint8Array(length + (length >> 3));
      bytes = this.joined.subarray(0, length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    let from = 0;
    if (!this.started) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0 && bytes.length < 65536) {
        this.carry = bytes.slice();
        return;
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) from = 3;
      this.delimiter ??= detectDelimiter(
        decodeUtf8(bytes, from, newline < 0 ? bytes.length : newline),
      );
      this.delimiterByte = this.delimiter.charCodeAt(0);
    }
    const rest = this.scan(bytes, from, false);
    this.carry = rest < bytes.length ? bytes.slice(rest) : new Uint8Array(0);
    if (this.carry.length > this.maxRowBytes) {
      this.onProblem(
        this.line,
        `row longer than ${Math.round(this.maxRowBytes / 1048576)} MB; skipped`,
      );
      this.carry = new Uint8Array(0);
      this.skippingOversized = true;
    }
  }

  finish(): void {
    if (!this.started && this.carry.length > 0) {
      this.started = true;
      this.delimiter ??= detectDelimiter(decodeUtf8(this.carry, 0, this.carry.length));
      this.delimiterByte = this.delimiter.charCodeAt(0);
    }
    if (this.carry.length > 0) this.scan(this.carry, 0, true);
    this.carry = new Uint8Array(0);
  }

  /** Emits complete rows from bytes[from..]; returns where the unfinished row starts. */
  private scan(bytes: Uint8Array, from: number, final: boolean): number {
    const row = this.row;
    const delimiter = this.delimiterByte;
    const highestStop = Math.max(delimiter, NEWLINE);
    const length = bytes.length;
    let i = from;
    if (this.skippingOversized) {
      const newline = bytes.indexOf(NEWLINE, i);
      if (newline < 0) return length;
      this.skippingOversized = false;
      this.line++;
      i = newline + 1;
    }
    while (i < length) {
      const rowStart = i;
      const rowLine = this.line;
      let newlines = 0;
      row.count = 0;
      row.bytes = bytes;
      let complete = false;
      let broken: string | null = null;
      for (;;) {
        // One field.
        if (i < length && bytes[i] === QUOTE) {
          const start = i + 1;
          let j = start;
          let escaped = false;
          for (;;) {
            if (j >= length) break;
            const b = bytes[j];
            if (b === QUOTE) {
              if (bytes[j + 1] === QUOTE) {
                escaped = true;
                j += 2;
                continue;
              }
              if (j + 1 >= length && !final) {
                j = length;
                break;
              }
              break;
            }
            if (b === NEWLINE) newlines++;
            j++;
          }
          if (j >= length) break; // unfinished quoted field
          row.push(start, j, escaped);
          i = j + 1;
          const after = bytes[i];
          if (i < length && after !== delimiter && after !== NEWLINE && after !== RETURN)
            broken = 'text after a closing quote';
        } else {
          let j = i;
          while (j < length) {
            const b = bytes[j];
            // Most cell bytes (digits, letters) lie above both the delimiter and '\n': one test.
            if (b > highestStop) {
              j++;
              continue;
            }
            if (b === delimiter || b === NEWLINE) break;
            j++;
          }
          if (j >= length && !final) break;
          const end =
            j > i && bytes[j - 1] === RETURN && (j >= length || bytes[j] === NEWLINE) ? j - 1 : j;
          row.push(i, end, false);
          i = j;
        }
        if (i < length && bytes[i] === RETURN) i++;
        if (i >= length) {
          if (final) complete = true;
          break;
        }
        if (bytes[i] === delimiter) {
          i++;
          if (i >= length && final) {
            row.push(i, i, false);
            complete = true;
            break;
          }
          continue;
        }
        if (bytes[i] === NEWLINE) {
          newlines++;
          i++;
          complete = true;
          break;
        }
        // text after a closing quote: skip to the end of the line
        while (i < length && bytes[i] !== NEWLINE) i++;
        if (i < length) {
          newlines++;
          i++;
        }
        complete = i < length || final;
        break;
      }
      if (!complete) return rowStart;
      this.line += newlines;
      row.line = rowLine;
      if (broken !== null) this.onProblem(rowLine, broken);
      else if (!(row.count === 1 && row.ends[0] === row.starts[0])) this.onRow(row);
    }
    return length;
  }
}

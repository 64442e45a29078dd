// A streaming RFC 4180 CSV reader over byte chunks: rows come out as field byte ranges (no strings
// built). Only the unfinished last row of a chunk is carried over. The delimiter is detected from the
// header line unless given.
import {
  decodeUtf8,
  equalsTrimmed,
  fingerprintBytes,
  parseNumberBytes,
  type Fingerprint,
} from './bytes.ts';
import { DEFAULT_MAX_RECORD_BYTES } from './record-splitter.ts';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** Rows are scanned a word at a time on little-endian platforms (all common ones). */
const WORDS_READABLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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
    return equalsTrimmed(this.bytes, this.starts[index], this.ends[index], target);
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
  /** Field `index` is the unquoted bytes[start, end). */
  setField(index: number, start: number, end: number): void {
    if (index === this.starts.length) this.grow();
    this.starts[index] = start;
    this.ends[index] = end;
    this.escaped[index] = 0;
  }
  push(start: number, end: number, escaped: boolean): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.escaped[this.count] = escaped ? 1 : 0;
    this.count++;
  }
  /** Doubles the room for fields, keeping those already there. */
  grow(): void {
    const grown = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T) => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = grown(this.starts, (n) => new Int32Array(n));
    this.ends = grown(this.ends, (n) => new Int32Array(n));
    this.escaped = grown(this.escaped, (n) => new Uint8Array(n));
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

/**
 * Where a reader's rows go. Its two methods are called on the one object, rather than being separate
 * functions: a call to a method of the same class stays the same call from one reader to the next, so
 * the code optimised for one file still serves the next one (a new closure each time would not).
 */
export type CsvRowSink = {
  onRow(row: CsvRow): void;
  onProblem(line: number, reason: string): void;
};

export class CsvReader {
  private carry = new Uint8Array(0);
  private joined = new Uint8Array(0);
  private line = 1;
  private started = false;
  private delimiterByte = 0x2c;
  /** The largest byte value that can end a field or start a quoted one. */
  private highestStop = 0x2c;
  private plainRows = true;
  /** The whole little-endian words of the bytes being scanned; word k is bytes[wordStart + 4k, +4). */
  private words: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private wordStart = 0;
  /** (highestStop + 1) in every byte of a word. */
  private stopWordBelow = 0x2d2d2d2d;
  private skippingOversized = false;
  /** Fields of the first row (the header); a row with a quoted line break must have as many. */
  private headerFields = 0;
  private readonly row = new CsvRow();
  delimiter: string | undefined;

  constructor(
    private readonly sink: CsvRowSink,
    delimiter?: string,
    private readonly maxRowBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {
    this.delimiter = delimiter;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    let from = 0;
    if (this.carry.length > 0) {
      const newline = this.started ? chunk.indexOf(NEWLINE) : -1;
      const next = newline >= 0 ? this.finishCarriedRow(chunk, newline) : -1;
      if (next >= 0) from = next;
      else bytes = this.joinCarry(chunk);
    }
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
      this.setDelimiterByte();
    }
    const rest = this.scan(bytes, from, false);
    this.carry = rest < bytes.length ? bytes.slice(rest) : new Uint8Array(0);
    while (this.carry.length > this.maxRowBytes) this.dropOversizedCarry();
  }

  /**
   * The unfinished row has outgrown the row limit. When it runs over a line break it can only be a
   * quoted field left open: its first line is given up and the lines after it are read again as rows.
   * Otherwise it is one long line, skipped to its end.
   */
  private dropOversizedCarry(): void {
    const carry = this.carry;
    const newline = carry.indexOf(NEWLINE);
    this.carry = new Uint8Array(0);
    if (newline < 0) {
      this.sink.onProblem(this.line, `row longer than ${sizeLabel(this.maxRowBytes)}; skipped`);
      this.skippingOversized = true;
      return;
    }
    this.sink.onProblem(
      this.line++,
      `a quote opened on this line never closes within ${sizeLabel(this.maxRowBytes)}; ${SKIPPED_LINE}`,
    );
    const rest = this.scan(carry, newline + 1, false);
    if (rest < carry.length) this.carry = carry.slice(rest);
  }

  /**
   * Reads the unfinished row carried over, with the start of the next chunk up to its first '\n', so
   * the chunk itself is scanned where it lies instead of being copied after the row. Returns where in
   * the chunk the reading goes on, or -1 (nothing read) when the row goes on past that '\n' (a line
   * break inside quotes). The carried bytes hold that one row, so whatever rows were read end in the chunk.
   */
  private finishCarriedRow(chunk: Uint8Array, newline: number): number {
    const carried = this.carry.length;
    const head = this.joinCarry(chunk.subarray(0, newline + 1));
    const rest = this.scan(head, 0, false);
    if (rest < carried) {
      // Rows read before `rest` (lines after a quote given up) stay read: keep only what is left.
      if (rest > 0) this.carry = head.slice(rest, carried);
      return -1;
    }
    this.carry = new Uint8Array(0);
    return rest - carried;
  }

  /** The unfinished row and `chunk`, joined in a buffer kept from chunk to chunk (no garbage). */
  private joinCarry(chunk: Uint8Array): Uint8Array {
    const length = this.carry.length + chunk.length;
    if (this.joined.length < length) this.joined = new Uint8Array(length + (length >> 3));
    const bytes = this.joined.subarray(0, length);
    bytes.set(this.carry);
    bytes.set(chunk, this.carry.length);
    return bytes;
  }

  finish(): void {
    if (!this.started && this.carry.length > 0) {
      this.started = true;
      this.delimiter ??= detectDelimiter(decodeUtf8(this.carry, 0, this.carry.length));
      this.setDelimiterByte();
    }
    if (this.carry.length > 0) this.scan(this.carry, 0, true);
    this.carry = new Uint8Array(0);
  }

  private setDelimiterByte(): void {
    this.delimiterByte = this.delimiter!.charCodeAt(0);
    this.highestStop = Math.max(this.delimiterByte, NEWLINE, QUOTE);
    // A delimiter that is itself a quote or a line break leaves every row to the general reading.
    this.plainRows = ![QUOTE, NEWLINE, RETURN].includes(this.delimiterByte);
    this.stopWordBelow = Math.imul(this.highestStop + 1, 0x01010101);
  }

  /** Emits complete rows from bytes[from..]; returns where the unfinished row starts. */
  private scan(bytes: Uint8Array, from: number, final: boolean): number {
    const length = bytes.length;
    let i = from;
    if (this.skippingOversized) {
      const newline = bytes.indexOf(NEWLINE, i);
      if (newline < 0) return length;
      this.skippingOversized = false;
      this.line++;
      i = newline + 1;
    }
    this.row.bytes = bytes;
    this.viewWords(bytes);
    while (i < length) {
      const next = this.plainRows ? this.readPlainRow(bytes, i) : -1;
      if (next >= 0) {
        this.emit(this.line++, null);
        i = next;
        continue;
      }
      const after = this.readRow(bytes, i, final);
      if (after < 0) return i;
      i = after;
    }
    return length;
  }

  private viewWords(bytes: Uint8Array): void {
    const offset = bytes.byteOffset;
    const first = (offset + 3) & ~3;
    const count = Math.max(0, (offset + bytes.length - first) >> 2);
    this.words =
      WORDS_READABLE && this.highestStop < 0x80 && count > 0
        ? new Int32Array(bytes.buffer, first, count)
        : new Int32Array(0);
    this.wordStart = first - offset;
  }

  private emit(line: number, broken: string | null): void {
    const row = this.row;
    row.line = line;
    if (broken !== null) this.sink.onProblem(line, broken);
    else if (!(row.count === 1 && row.ends[0] === row.starts[0])) {
      if (this.headerFields === 0) this.headerFields = row.count;
      this.sink.onRow(row);
    }
  }

  /**
   * Gives up a row whose quoted field ran over line breaks without forming a row (a stray quote): its
   * first line is reported and skipped, and reading goes on at the next line, so the quote swallows
   * nothing. Returns where that next line starts.
   */
  private giveUpQuotedRow(bytes: Uint8Array, rowStart: number, reason: string): number {
    this.sink.onProblem(this.line++, `${reason}; ${SKIPPED_LINE}`);
    const newline = bytes.indexOf(NEWLINE, rowStart);
    return newline < 0 ? bytes.length : newline + 1;
  }

  /**
   * The common row: no field starts with a quote, and its '\n' is in `bytes`. Fills the row and returns
   * where the next row starts, or -1 (nothing to undo) for any other row, which readRow then reads.
   *
   * Most rows are short, so the time goes into finding the few bytes that can end a field (the
   * delimiter, '\n', '"': all at or below `highestStop`). They are found four bytes at a time: in a
   * little-endian word w, (w - k·0x01010101) & ~w & 0x80808080 sets the top bit of every byte below k
   * (bytes of 0x80 and up are never flagged; a byte just above a flagged one may be flagged too, which
   * the check of the byte itself sorts out). Bytes outside the whole words of `bytes` go one by one.
   */
  private readPlainRow(bytes: Uint8Array, rowStart: number): number {
    const words = this.words;
    const wordStart = this.wordStart;
    let word = (rowStart - wordStart) >> 2;
    if (rowStart < wordStart || word >= words.length)
      return this.readPlainRowBytewise(bytes, rowStart);
    const row = this.row;
    const delimiter = this.delimiterByte;
    const below = this.stopWordBelow;
    let w = words[word];
    // Flags of the bytes before rowStart in its word are cleared.
    let flags = (w - below) & ~w & 0x80808080 & (-1 << (((rowStart - wordStart) & 3) << 3));
    let count = 0;
    let fieldStart = rowStart;
    for (;;) {
      while (flags === 0) {
        if (++word >= words.length) return -1;
        w = words[word];
        flags = (w - below) & ~w & 0x80808080;
      }
      const j = wordStart + (word << 2) + ((31 - Math.clz32(flags & -flags)) >> 3);
      flags &= flags - 1;
      const b = bytes[j];
      if (b === delimiter) {
        row.setField(count++, fieldStart, j);
        fieldStart = j + 1;
      } else if (b === NEWLINE) {
        row.setField(count++, fieldStart, j > fieldStart && bytes[j - 1] === RETURN ? j - 1 : j);
        row.count = count;
        return j + 1;
      } else if (b === QUOTE && j === fieldStart) return -1;
    }
  }

  /** readPlainRow one byte at a time (rows that do not lie in whole words). */
  private readPlainRowBytewise(bytes: Uint8Array, rowStart: number): number {
    const row = this.row;
    const delimiter = this.delimiterByte;
    const highestStop = this.highestStop;
    const length = bytes.length;
    let count = 0;
    let fieldStart = rowStart;
    for (let j = rowStart; j < length; j++) {
      const b = bytes[j];
      if (b > highestStop) continue;
      if (b === delimiter) {
        row.setField(count++, fieldStart, j);
        fieldStart = j + 1;
      } else if (b === NEWLINE) {
        row.setField(count++, fieldStart, j > fieldStart && bytes[j - 1] === RETURN ? j - 1 : j);
        row.count = count;
        return j + 1;
      } else if (b === QUOTE && j === fieldStart) return -1;
    }
    return -1;
  }

  /**
   * Any row (quoted fields, line breaks inside quotes, text after a closing quote, the last row without
   * a '\n'): emits it and returns where the next row starts, or -1 when the row is unfinished.
   */
  private readRow(bytes: Uint8Array, rowStart: number, final: boolean): number {
    const row = this.row;
    const delimiter = this.delimiterByte;
    const highestStop = this.highestStop;
    const length = bytes.length;
    let i = rowStart;
    let newlines = 0;
    let quotedNewlines = 0;
    row.count = 0;
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
          if (b === NEWLINE) quotedNewlines++;
          j++;
        }
        if (j >= length) {
          if (!final) break; // unfinished quoted field: wait for more bytes
          const lines = countNewlines(bytes, rowStart) + (bytes[length - 1] === NEWLINE ? 0 : 1);
          return this.giveUpQuotedRow(
            bytes,
            rowStart,
            `a quote opened on this line never closes (it would cover ${plural(lines, 'line')}, ${plural(length - rowStart, 'byte')}, to the end of the file)`,
          );
        }
        row.push(start, j, escaped);
        i = j + 1;
        const after = bytes[i];
        if (i < length && after !== delimiter && after !== NEWLINE && after !== RETURN)
          broken = 'text after a closing quote';
      } else {
        let j = i;
        while (j < length) {
          const b = bytes[j];
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
    if (!complete) return -1;
    if (quotedNewlines > 0) {
      const fields = this.headerFields > 0 && row.count !== this.headerFields;
      if (broken !== null || fields)
        return this.giveUpQuotedRow(
          bytes,
          rowStart,
          `a quote opened on this line closes only ${plural(quotedNewlines, 'line')} below, where it does not end a row (${
            broken ?? `${row.count} fields where the header has ${this.headerFields}`
          })`,
        );
    }
    const line = this.line;
    this.line += newlines + quotedNewlines;
    this.emit(line, broken);
    return i;
  }
}

const SKIPPED_LINE = 'the line is skipped and reading goes on at the next line';

function countNewlines(bytes: Uint8Array, from: number): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE, from); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function sizeLabel(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${Math.round(bytes / 1024)} kB`;
}

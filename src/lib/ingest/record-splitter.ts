// Splits a stream of JSON text bytes into top-level objects without decoding it: JSON Lines, a JSON
// array, or objects concatenated with no separator. Only string/escape state and nesting depth are
// tracked here; each complete record is handed over as a byte range.
//
// JSON Lines files (detected from the first 64 KiB: a line that is a whole object) resynchronise at every
// newline, so one broken line costs one record. Pretty-printed streams cannot, and resume at the next
// line after garbage. A record longer than the cap is reported and skipped without being buffered.

export type RecordHandler = (bytes: Uint8Array, start: number, end: number, line: number) => void;
export type MalformedHandler = (line: number, reason: string) => void;
/**
 * JSON Lines shortcut: offered the line that starts with '{' at bytes[start] (its end not searched for:
 * `stop` bounds the record). When the line is exactly one record followed by blanks and a '\n' before
 * `stop` — what the byte-by-byte splitting would hand over, at the same line — it takes the record and
 * returns the index of that '\n'; otherwise it returns -1 and the line is split byte by byte.
 */
export type LineHandler = (bytes: Uint8Array, start: number, stop: number, line: number) => number;

/**
 * Where records go. An object with methods rather than separate callbacks: one class per caller keeps
 * the calls monomorphic across imports (a fresh closure per import made V8 drop the optimised splitter).
 */
export interface RecordSink {
  onRecord: RecordHandler;
  onMalformed: MalformedHandler;
  onLine?: LineHandler;
}

export const DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const SNIFF_BYTES = 65536;

const enum Mode {
  Undecided,
  Lines,
  Stream,
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** JSON Lines when some line of the first chunk is a complete object, or when no line ends in it. */
function detectMode(chunk: Uint8Array): Mode {
  const limit = Math.min(chunk.length, SNIFF_BYTES);
  let lineStart = 0;
  let sawNewline = false;
  for (let i = 0; i <= limit; i++) {
    if (i < limit && chunk[i] !== NEWLINE) continue;
    if (i < limit) sawNewline = true;
    let first = lineStart;
    let last = i - 1;
    while (first <= last && isWhitespace(chunk[first])) first++;
    while (last >= first && (isWhitespace(chunk[last]) || chunk[last] === COMMA)) last--;
    if (
      last - first >= 1 &&
      chunk[first] === OPEN_BRACE &&
      chunk[last] === CLOSE_BRACE &&
      i < limit
    )
      return Mode.Lines;
    lineStart = i + 1;
  }
  return sawNewline ? Mode.Stream : Mode.Lines;
}

export class JsonRecordSplitter {
  private mode = Mode.Undecided;
  private line = 1;
  private inRecord = false;
  private inString = false;
  private escaped = false;
  private depth = 0;
  private recordLine = 0;
  private oversized = false;
  private skippingLine = false;
  private outerArray = false;
  private carry = new Uint8Array(0);
  private carryLength = 0;
  private sniffed: Uint8Array[] = [];
  private sniffedLength = 0;
  /** True once any non-whitespace byte was seen: an empty file stays false. */
  sawContent = false;

  private readonly takesWholeLines: boolean;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {
    this.takesWholeLines = sink.onLine !== undefined;
  }

  /** The first 64 KiB are held back until the layout (JSON Lines or not) is known. */
  push(chunk: Uint8Array): void {
    if (this.mode !== Mode.Undecided) return this.scan(chunk);
    this.sniffed.push(chunk);
    this.sniffedLength += chunk.length;
    if (this.sniffedLength >= SNIFF_BYTES) this.flushSniffed();
  }

  private flushSniffed(): void {
    const all = new Uint8Array(this.sniffedLength);
    let offset = 0;
    for (const part of this.sniffed) {
      all.set(part, offset);
      offset += part.length;
    }
    this.sniffed = [];
    const bom = all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
    this.mode = detectMode(all.subarray(bom));
    this.scan(all.subarray(bom));
  }

  private scan(chunk: Uint8Array): void {
    let i = 0;
    const length = chunk.length;
    let recordStart = this.inRecord ? -1 : 0;
    // Whole lines are offered only up to the chunk's last line break: the line break then stops every
    // read of the shortcut inside the chunk (a read past a typed array's end makes V8 drop the optimised
    // scanner and run slower code from then on), and a line cut by the chunk end is not read twice.
    const wholeLinesEnd =
      this.takesWholeLines && this.mode === Mode.Lines ? chunk.lastIndexOf(NEWLINE) + 1 : 0;
    while (i < length) {
      if (this.skippingLine) {
        const newline = chunk.indexOf(NEWLINE, i);
        if (newline < 0) return;
        this.skippingLine = false;
        this.line++;
        i = newline + 1;
        continue;
      }
      if (!this.inRecord) {
        const b = chunk[i];
        if (b === OPEN_BRACE && i < wholeLinesEnd) {
          const newline = this.sink.onLine!(
            chunk,
            i,
            Math.min(wholeLinesEnd, i + this.maxRecordBytes),
            this.line,
          );
          if (newline >= 0) {
            this.sawContent = true;
            this.line++;
            i = newline + 1;
            continue;
          }
        }
        if (b === OPEN_BRACE) {
          this.sawContent = true;
          this.inRecord = true;
          this.depth = 1;
          this.recordLine = this.line;
          this.oversized = false;
          this.carryLength = 0;
          recordStart = i;
          i++;
          // fall through to the in-record scan: the brace may be the chunk's last byte
        } else if (isWhitespace(b)) {
          if (b === NEWLINE) this.line++;
          i++;
          continue;
        } else {
          this.sawContent = true;
          if (b === OPEN_BRACKET && !this.outerArray) this.outerArray = true;
          else if (b === CLOSE_BRACKET && this.outerArray) this.outerArray = false;
          else if (!(b === COMMA && this.outerArray)) {
            this.sink.onMalformed(this.line, 'not a JSON object');
            this.skippingLine = true;
            continue;
          }
          i++;
          continue;
        }
      }
      // Inside a record: track strings and depth until the closing brace.
      let inString = this.inString;
      let escaped = this.escaped;
      let depth = this.depth;
      let ended = false;
      let broken: string | null = null;
      for (; i < length; i++) {
        const b = chunk[i];
        if (inString) {
          // A line break is never part of a string, not even after a backslash (which would
          // otherwise take the next line into this broken record).
          if (escaped && b !== NEWLINE) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          else if (b === NEWLINE) {
            escaped = false;
            broken = 'line break inside a string (truncated record?)';
            break;
          }
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          if (--depth === 0) {
            ended = true;
            i++;
            break;
          }
        } else if (b === NEWLINE) {
          if (this.mode === Mode.Lines) {
            broken = 'the line ends before the record is closed (truncated record?)';
            break;
          }
          this.line++;
        }
      }
      this.inString = inString;
      this.escaped = escaped;
      this.depth = depth;
      if (broken !== null) {
        if (!this.oversized) this.sink.onMalformed(this.recordLine, broken);
        this.resetRecord();
        this.line++;
        i++;
        continue;
      }
      if (ended) {
        this.emit(chunk, recordStart, i);
        this.inRecord = false;
      } else {
        this.append(chunk, recordStart < 0 ? 0 : recordStart, length);
      }
    }
  }

  /** Call after the last chunk: reports a record the file ends inside of. */
  finish(): void {
    if (this.mode === Mode.Undecided) this.flushSniffed();
    if (this.inRecord) {
      if (!this.oversized)
        this.sink.onMalformed(this.recordLine, 'the file ends inside a record (truncated?)');
      this.resetRecord();
    }
  }

  private resetRecord(): void {
    this.inRecord = false;
    this.inString = false;
    this.escaped = false;
    this.depth = 0;
    this.carryLength = 0;
  }

  private emit(chunk: Uint8Array, recordStart: number, end: number): void {
    if (recordStart >= 0 && this.carryLength === 0) {
      if (end - recordStart > this.maxRecordBytes) this.reportOversized();
      else this.sink.onRecord(chunk, recordStart, end, this.recordLine);
      return;
    }
    this.append(chunk, recordStart < 0 ? 0 : recordStart, end);
    if (this.oversized) return;
    this.sink.onRecord(this.carry, 0, this.carryLength, this.recordLine);
    this.carryLength = 0;
  }

  private reportOversized(): void {
    this.sink.onMalformed(
      this.recordLine,
      `record longer than ${Math.round(this.maxRecordBytes / 1048576)} MB; skipped`,
    );
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    if (this.oversized) return;
    const needed = this.carryLength + (to - from);
    if (needed > this.maxRecordBytes) {
      this.oversized = true;
      this.carryLength = 0;
      this.carry = new Uint8Array(0);
      this.reportOversized();
      return;
    }
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2, 4096));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = needed;
  }
}

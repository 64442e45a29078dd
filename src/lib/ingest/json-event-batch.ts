// Data Export records read by a parser thread, packed for the thread that applies the rules: every field
// of a ParsedEvent the aggregator reads, 112 bytes a record, in one transferable ArrayBuffer. The bytes
// only some records need later travel beside them in a second buffer: the record itself for an
// evaluation of the experiment's flag when slicing (its attributes are read only if it turns out to be
// the unit's first exposure), the unit key's bytes for the assignment audit. Records that could not be
// read travel in their place with their problem text.
import type { ParsedEvent } from './parsed-event.ts';

/** float64 slots per record; the 32-bit words start after the first NUMBERS of them. */
const SLOTS = 14;
const NUMBERS = 6;
const WORDS = SLOTS * 2;
const [TIME, VALUE, SAMPLING, VERSION, VARIATION, RULE] = [0, 1, 2, 3, 4, 5];
const W = NUMBERS * 2;
const [FLAGS, KEY, LINE, UNIT_HI, UNIT_LO, ID_HI, ID_LO, REASON, REC_START, REC_END, CONTEXT] = [
  W,
  W + 1,
  W + 2,
  W + 3,
  W + 4,
  W + 5,
  W + 6,
  W + 7,
  W + 8,
  W + 9,
  W + 10,
];
const [UNIT_START, UNIT_END] = [W + 11, W + 12];

const IS_FLAG = 1 << 4;
const IS_CONNECTION_TEST = 1 << 5;
const HAS_UNIT = 1 << 6;
const REASON_ERROR = 1 << 7;
const HAS_ID = 1 << 8;
const VALUE_STATE_SHIFT = 9;
const IN_EXPERIMENT_SHIFT = 11;
const PROBLEM = 1 << 13;
const HAS_RECORD = 1 << 14;
const HAS_UNIT_BYTES = 1 << 15;

/** Records per batch (about 900 KB of records). */
export const JSON_BATCH_RECORDS = 8192;
export const JSON_BATCH_BYTES = JSON_BATCH_RECORDS * SLOTS * 8;

export type JsonEventBatch = {
  records: ArrayBuffer;
  count: number;
  /** The side bytes (record and unit key bytes), `sideLength` of them used. */
  side: ArrayBuffer;
  sideLength: number;
  problems: string[];
};

/** What the writer is told besides the event: which of its bytes to carry. */
export type RecordBytes = {
  bytes: Uint8Array;
  start: number;
  end: number;
  /** Where the fast path found the context object (absolute), -1: none, -2: not read by the fast path. */
  contextAt: number;
};

export class JsonEventBatchWriter {
  count = 0;
  problems: string[] = [];
  private numbers: Float64Array;
  private words: Uint32Array;
  private side: Uint8Array;
  private sideLength = 0;

  constructor(records = new ArrayBuffer(JSON_BATCH_BYTES), side = new ArrayBuffer(1 << 16)) {
    this.numbers = new Float64Array(records);
    this.words = new Uint32Array(records);
    this.side = new Uint8Array(side);
  }

  get full(): boolean {
    return (this.count + 1) * SLOTS > this.numbers.length;
  }

  /** A batch grows past its size rather than refuse a record (a chunk of tiny records). */
  private room(): number {
    if (this.full) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
      this.words = new Uint32Array(grown.buffer);
    }
    return this.count++ * SLOTS;
  }

  get sideBytes(): number {
    return this.sideLength;
  }

  private copy(bytes: Uint8Array, start: number, end: number): number {
    const needed = this.sideLength + (end - start);
    if (needed > this.side.length) {
      const grown = new Uint8Array(Math.max(needed, this.side.length * 2));
      grown.set(this.side.subarray(0, this.sideLength));
      this.side = grown;
    }
    const at = this.sideLength;
    this.side.set(bytes.subarray(start, end), at);
    this.sideLength = needed;
    return at;
  }

  /** `record`: the record's bytes, to carry (null: not needed); `unitBytes`: carry the unit key's bytes. */
  write(event: ParsedEvent, line: number, record: RecordBytes | null, unitBytes: boolean): void {
    const slot = this.room();
    const numbers = this.numbers;
    numbers[slot + TIME] = event.time;
    numbers[slot + VALUE] = event.value;
    numbers[slot + SAMPLING] = event.samplingRatio;
    numbers[slot + VERSION] = event.version;
    numbers[slot + VARIATION] = event.variation;
    numbers[slot + RULE] = event.ruleIndex;
    const at = slot * 2;
    const words = this.words;
    let flags =
      event.kind |
      (event.isFlag ? IS_FLAG : 0) |
      (event.isConnectionTest ? IS_CONNECTION_TEST : 0) |
      (event.hasUnit ? HAS_UNIT : 0) |
      (event.reasonError ? REASON_ERROR : 0) |
      (event.hasId ? HAS_ID : 0) |
      (event.valueState << VALUE_STATE_SHIFT) |
      ((event.inExperiment + 1) << IN_EXPERIMENT_SHIFT);
    words[at + KEY] = event.eventKeyIndex + 1;
    words[at + LINE] = line;
    words[at + UNIT_HI] = event.unit.hi;
    words[at + UNIT_LO] = event.unit.lo;
    words[at + ID_HI] = event.id.hi;
    words[at + ID_LO] = event.id.lo;
    words[at + REASON] = event.reasonKind + 2;
    if (record !== null) {
      flags |= HAS_RECORD;
      const start = this.copy(record.bytes, record.start, record.end);
      words[at + REC_START] = start;
      words[at + REC_END] = start + (record.end - record.start);
      words[at + CONTEXT] =
        record.contextAt < 0 ? record.contextAt + 2 : 2 + record.contextAt - record.start + start;
    }
    if (unitBytes && event.unitBytes !== null) {
      flags |= HAS_UNIT_BYTES;
      const start = this.copy(event.unitBytes, event.unitStart, event.unitEnd);
      words[at + UNIT_START] = start;
      words[at + UNIT_END] = start + (event.unitEnd - event.unitStart);
    }
    words[at + FLAGS] = flags;
  }

  /** A record that could not be read: its line and why. */
  writeProblem(line: number, reason: string): void {
    const at = this.room() * 2;
    this.words[at + FLAGS] = PROBLEM;
    this.words[at + KEY] = this.problems.length;
    this.words[at + LINE] = line;
    this.problems.push(reason);
  }

  /** The batch so far; the writer goes on in `records` and `side` (fresh or handed back). */
  take(records: ArrayBuffer, side: ArrayBuffer): JsonEventBatch {
    const batch: JsonEventBatch = {
      records: this.numbers.buffer as ArrayBuffer,
      count: this.count,
      side: this.side.buffer as ArrayBuffer,
      sideLength: this.sideLength,
      problems: this.problems,
    };
    this.numbers = new Float64Array(records);
    this.words = new Uint32Array(records);
    this.side = new Uint8Array(side);
    this.sideLength = 0;
    this.count = 0;
    this.problems = [];
    return batch;
  }
}

/** Reads a batch's records one at a time into the same ParsedEvent. */
export class JsonEventBatchReader {
  private numbers = new Float64Array(0);
  private words = new Uint32Array(0);
  private problems: string[] = [];
  side = new Uint8Array(0);
  count = 0;

  open(batch: JsonEventBatch): void {
    this.numbers = new Float64Array(batch.records, 0, batch.count * SLOTS);
    this.words = new Uint32Array(batch.records, 0, batch.count * WORDS);
    this.side = new Uint8Array(batch.side, 0, batch.sideLength);
    this.problems = batch.problems;
    this.count = batch.count;
  }

  lineOf(index: number): number {
    return this.words[index * WORDS + LINE];
  }

  /** The problem text of a record that could not be read, or null for an event. */
  problemOf(index: number): string | null {
    const at = index * WORDS;
    return this.words[at + FLAGS] & PROBLEM ? this.problems[this.words[at + KEY]] : null;
  }

  /**
   * Fills `event` with record `index` (not a problem). When it carries its record's bytes, `record` is
   * pointed at them (else its `bytes` is set to null).
   */
  read(index: number, event: ParsedEvent, record: CarriedRecord): void {
    const slot = index * SLOTS;
    const numbers = this.numbers;
    event.time = numbers[slot + TIME];
    event.value = numbers[slot + VALUE];
    event.samplingRatio = numbers[slot + SAMPLING];
    event.version = numbers[slot + VERSION];
    event.variation = numbers[slot + VARIATION];
    event.ruleIndex = numbers[slot + RULE];
    const at = slot * 2;
    const words = this.words;
    const flags = words[at + FLAGS];
    event.kind = flags & 15;
    event.isFlag = (flags & IS_FLAG) !== 0;
    event.isConnectionTest = (flags & IS_CONNECTION_TEST) !== 0;
    event.hasUnit = (flags & HAS_UNIT) !== 0;
    event.reasonError = (flags & REASON_ERROR) !== 0;
    event.hasId = (flags & HAS_ID) !== 0;
    event.valueState = (flags >> VALUE_STATE_SHIFT) & 3;
    event.inExperiment = ((flags >> IN_EXPERIMENT_SHIFT) & 3) - 1;
    event.eventKeyIndex = words[at + KEY] - 1;
    event.unit.hi = words[at + UNIT_HI];
    event.unit.lo = words[at + UNIT_LO];
    event.id.hi = words[at + ID_HI];
    event.id.lo = words[at + ID_LO];
    event.reasonKind = words[at + REASON] - 2;
    if (flags & HAS_UNIT_BYTES) {
      event.unitBytes = this.side;
      event.unitStart = words[at + UNIT_START];
      event.unitEnd = words[at + UNIT_END];
    } else {
      event.unitBytes = null;
      event.unitStart = event.unitEnd = 0;
    }
    if (flags & HAS_RECORD) {
      record.bytes = this.side;
      record.start = words[at + REC_START];
      record.end = words[at + REC_END];
      record.contextAt = words[at + CONTEXT] - 2;
    } else record.bytes = null;
  }
}

/** A record's bytes as carried (bytes null: not carried). */
export type CarriedRecord = {
  bytes: Uint8Array | null;
  start: number;
  end: number;
  contextAt: number;
};

// Parsed events packed into one ArrayBuffer, so a thread that parses rows can hand them to the thread
// that applies the rules without a structured clone per event (the buffer is transferred, not copied).
// A record is 48 bytes: flags, event key index, variation, line, unit key, id, time and value. Rows
// that could not be read travel as records too, in their place, with their problem text beside them.
// (CSV events carry no sampling ratio: it is always 1 after decoding.)
import { fingerprintBytes } from './bytes.ts';
import type { ParsedEvent } from './parsed-event.ts';

/** Uint32 words per record (fingerprint halves are unsigned): 12, of which the last four are the time and value as float64. */
const WORDS = 12;
const TIME = 4; // float64 index within a record
const VALUE = 5;

const IS_FLAG = 1 << 4;
const IS_CONNECTION_TEST = 1 << 5;
const HAS_UNIT = 1 << 6;
const REASON_ERROR = 1 << 7;
const HAS_ID = 1 << 8;
const VALUE_STATE_SHIFT = 9;
const IN_EXPERIMENT_SHIFT = 11;
const PROBLEM = 1 << 13;
/** The unit key is given as a byte range of the batch's chunk, to be hashed by the reader. */
const UNIT_RANGE = 1 << 14;

/** How many records a batch holds (about 400 KB). */
export const BATCH_RECORDS = 8192;

export const BATCH_BYTES = BATCH_RECORDS * WORDS * 4;

/**
 * What crosses between the threads: `count` records in `buffer`, the problem texts they point to, and
 * which chunk of the file (counted from 0) they were parsed from.
 */
export type EventBatch = { buffer: ArrayBuffer; count: number; problems: string[]; chunk: number };

export class EventBatchWriter {
  count = 0;
  problems: string[] = [];
  private words: Uint32Array;
  private numbers: Float64Array;

  constructor(buffer: ArrayBuffer = new ArrayBuffer(BATCH_BYTES)) {
    this.words = new Uint32Array(buffer);
    this.numbers = new Float64Array(buffer);
  }

  get full(): boolean {
    return (this.count + 1) * WORDS > this.words.length;
  }

  /**
   * `unitStart`, `unitEnd` (when given): the unit key is bytes[unitStart, unitEnd) of the chunk the
   * batch was parsed from, and the reader hashes it instead of `event.unit` being carried.
   */
  write(event: ParsedEvent, line: number, unitStart = -1, unitEnd = -1): void {
    const at = this.count++ * WORDS;
    const words = this.words;
    const range = unitStart >= 0;
    words[at] =
      (range ? UNIT_RANGE : 0) |
      event.kind |
      (event.isFlag ? IS_FLAG : 0) |
      (event.isConnectionTest ? IS_CONNECTION_TEST : 0) |
      (event.hasUnit ? HAS_UNIT : 0) |
      (event.reasonError ? REASON_ERROR : 0) |
      (event.hasId ? HAS_ID : 0) |
      (event.valueState << VALUE_STATE_SHIFT) |
      ((event.inExperiment + 1) << IN_EXPERIMENT_SHIFT);
    words[at + 1] = event.eventKeyIndex;
    words[at + 2] = event.variation;
    words[at + 3] = line;
    words[at + 4] = range ? unitStart : event.unit.hi;
    words[at + 5] = range ? unitEnd : event.unit.lo;
    words[at + 6] = event.id.hi;
    words[at + 7] = event.id.lo;
    const numbers = this.numbers;
    numbers[(at >> 1) + TIME] = event.time;
    numbers[(at >> 1) + VALUE] = event.value;
  }

  /** A row that could not be read: its line and why. */
  writeProblem(line: number, reason: string): void {
    const at = this.count++ * WORDS;
    this.words[at] = PROBLEM;
    this.words[at + 1] = this.problems.length;
    this.words[at + 3] = line;
    this.problems.push(reason);
  }

  /** The records so far (from chunk `chunk`); the writer goes on in `next` (a fresh or recycled buffer). */
  take(next: ArrayBuffer, chunk = 0): EventBatch {
    const buffer = this.words.buffer as ArrayBuffer;
    const batch = { buffer, count: this.count, problems: this.problems, chunk };
    this.words = new Uint32Array(next);
    this.numbers = new Float64Array(next);
    this.count = 0;
    this.problems = [];
    return batch;
  }
}

/** Reads the records of a batch one at a time into the same ParsedEvent. */
export class EventBatchReader {
  private words = new Uint32Array(0);
  private numbers = new Float64Array(0);
  private problems: string[] = [];
  private chunk: Uint8Array = new Uint8Array(0);
  count = 0;

  /** `chunk`: the bytes the batch was parsed from, for unit keys given as byte ranges. */
  open(batch: EventBatch, chunk: Uint8Array = new Uint8Array(0)): void {
    this.chunk = chunk;
    this.words = new Uint32Array(batch.buffer, 0, batch.count * WORDS);
    this.numbers = new Float64Array(batch.buffer, 0, (batch.count * WORDS) >> 1);
    this.problems = batch.problems;
    this.count = batch.count;
  }

  /** The record's line. */
  lineOf(index: number): number {
    return this.words[index * WORDS + 3];
  }

  /** The problem text of a row that could not be read, or null for an event. */
  problemOf(index: number): string | null {
    const at = index * WORDS;
    return this.words[at] & PROBLEM ? this.problems[this.words[at + 1]] : null;
  }

  /** Fills `event` with record `index` (an event, not a problem). */
  read(index: number, event: ParsedEvent): void {
    const at = index * WORDS;
    const words = this.words;
    const flags = words[at];
    event.kind = flags & 15;
    event.isFlag = (flags & IS_FLAG) !== 0;
    event.isConnectionTest = (flags & IS_CONNECTION_TEST) !== 0;
    event.hasUnit = (flags & HAS_UNIT) !== 0;
    event.reasonError = (flags & REASON_ERROR) !== 0;
    event.hasId = (flags & HAS_ID) !== 0;
    event.valueState = (flags >> VALUE_STATE_SHIFT) & 3;
    event.inExperiment = ((flags >> IN_EXPERIMENT_SHIFT) & 3) - 1;
    event.eventKeyIndex = words[at + 1] | 0;
    event.variation = words[at + 2] | 0;
    if (flags & UNIT_RANGE) fingerprintBytes(this.chunk, words[at + 4], words[at + 5], event.unit);
    else {
      event.unit.hi = words[at + 4];
      event.unit.lo = words[at + 5];
    }
    event.id.hi = words[at + 6];
    event.id.lo = words[at + 7];
    const numbers = this.numbers;
    event.time = numbers[(at >> 1) + TIME];
    event.value = numbers[(at >> 1) + VALUE];
    event.samplingRatio = 1;
  }
}

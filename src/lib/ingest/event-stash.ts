// Metric events that could not be decided when they were read (their unit had no exposure yet, or only
// a later one), kept compactly until every exposure is known: 36 bytes each, in fixed blocks so the
// stash never copies itself while it grows. It refuses events beyond its capacity; the caller then falls
// back to a second reading of the files, so memory stays bounded whatever the file order.
import type { Fingerprint } from './bytes.ts';
import type { ParsedEvent } from './parsed-event.ts';

const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;
// unit hi, unit lo, record hi, record lo, event key index << 3 | UNIT_KNOWN | value state; once the
// unit's index is known, it replaces the unit's key in the first word.
const WORDS = 5;
const UNIT_KNOWN = 4;
const NUMBERS = 2; // time, value

export const STASH_ENTRY_BYTES = WORDS * 4 + NUMBERS * 8;

export class EventStash {
  size = 0;
  private readonly words: Uint32Array[] = [];
  private readonly numbers: Float64Array[] = [];

  constructor(readonly capacity: number) {}

  /**
   * Keeps a metric event, `unit` being its unit's index (-1 when not known yet) and `record` its
   * record fingerprint; false (and nothing kept) when the stash is full.
   */
  push(unit: number, event: ParsedEvent, record: Fingerprint): boolean {
    const index = this.size;
    if (index >= this.capacity) return false;
    const block = index >>> BLOCK_BITS;
    if (block === this.words.length) {
      this.words.push(new Uint32Array(BLOCK * WORDS));
      this.numbers.push(new Float64Array(BLOCK * NUMBERS));
    }
    const at = index & (BLOCK - 1);
    const words = this.words[block];
    const known = unit >= 0;
    words[at * WORDS] = known ? unit : event.unit.hi;
    words[at * WORDS + 1] = known ? 0 : event.unit.lo;
    words[at * WORDS + 2] = record.hi;
    words[at * WORDS + 3] = record.lo;
    words[at * WORDS + 4] =
      (event.eventKeyIndex << 3) | (known ? UNIT_KNOWN : 0) | event.valueState;
    const numbers = this.numbers[block];
    numbers[at * NUMBERS] = event.time;
    numbers[at * NUMBERS + 1] = event.value;
    this.size = index + 1;
    return true;
  }

  /** Drops every kept event and the memory they held. */
  clear(): void {
    this.words.length = 0;
    this.numbers.length = 0;
    this.size = 0;
  }

  /** Records the unit's index for event `index` (kept while its unit was not known yet). */
  setUnit(index: number, unit: number): void {
    const words = this.words[index >>> BLOCK_BITS];
    const at = (index & (BLOCK - 1)) * WORDS;
    words[at] = unit;
    words[at + 1] = 0;
    words[at + 4] |= UNIT_KNOWN;
  }

  /**
   * Fills `event` (unit key, metric event key, value state, time, value) and `record` with kept event
   * `index` (0 for the first kept); returns its unit's index when it was known (see setUnit), else -1.
   * The event's other fields are left as they are.
   */
  read(index: number, event: ParsedEvent, record: Fingerprint): number {
    const block = index >>> BLOCK_BITS;
    const at = index & (BLOCK - 1);
    const words = this.words[block];
    const numbers = this.numbers[block];
    const packed = words[at * WORDS + 4];
    const known = (packed & UNIT_KNOWN) !== 0;
    event.unit.hi = known ? 0 : words[at * WORDS];
    event.unit.lo = words[at * WORDS + 1];
    record.hi = words[at * WORDS + 2];
    record.lo = words[at * WORDS + 3];
    event.eventKeyIndex = packed >>> 3;
    event.valueState = packed & 3;
    event.time = numbers[at * NUMBERS];
    event.value = numbers[at * NUMBERS + 1];
    return known ? words[at * WORDS] : -1;
  }

  byteLength(): number {
    return this.words.length * BLOCK * STASH_ENTRY_BYTES;
  }
}

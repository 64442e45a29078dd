// Metric events that could not be decided when they were read (their unit had no exposure yet, or only
// a later one), kept compactly until every exposure is known: 36 bytes each, in fixed blocks so the
// stash never copies itself while it grows. It refuses events beyond its capacity; the caller then falls
// back to a second reading of the files, so memory stays bounded whatever the file order.

const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;
const WORDS = 5; // unit hi, unit lo, record hi, record lo, event key index << 2 | value state
const NUMBERS = 2; // time, value

export type StashedEventVisitor = (
  unitHi: number,
  unitLo: number,
  recordHi: number,
  recordLo: number,
  eventKeyIndex: number,
  valueState: number,
  time: number,
  value: number,
) => void;

export const STASH_ENTRY_BYTES = WORDS * 4 + NUMBERS * 8;

export class EventStash {
  size = 0;
  private readonly words: Uint32Array[] = [];
  private readonly numbers: Float64Array[] = [];

  constructor(readonly capacity: number) {}

  /** Keeps one event; false (and nothing kept) when the stash is full. */
  push(
    unitHi: number,
    unitLo: number,
    recordHi: number,
    recordLo: number,
    eventKeyIndex: number,
    valueState: number,
    time: number,
    value: number,
  ): boolean {
    const index = this.size;
    if (index >= this.capacity) return false;
    const block = index >>> BLOCK_BITS;
    if (block === this.words.length) {
      this.words.push(new Uint32Array(BLOCK * WORDS));
      this.numbers.push(new Float64Array(BLOCK * NUMBERS));
    }
    const at = index & (BLOCK - 1);
    const words = this.words[block];
    words[at * WORDS] = unitHi;
    words[at * WORDS + 1] = unitLo;
    words[at * WORDS + 2] = recordHi;
    words[at * WORDS + 3] = recordLo;
    words[at * WORDS + 4] = (eventKeyIndex << 2) | valueState;
    const numbers = this.numbers[block];
    numbers[at * NUMBERS] = time;
    numbers[at * NUMBERS + 1] = value;
    this.size = index + 1;
    return true;
  }

  /** Visits the events in the order they were kept. */
  forEach(visit: StashedEventVisitor): void {
    for (let index = 0; index < this.size; index++) {
      const block = index >>> BLOCK_BITS;
      const at = index & (BLOCK - 1);
      const words = this.words[block];
      const numbers = this.numbers[block];
      const packed = words[at * WORDS + 4];
      visit(
        words[at * WORDS],
        words[at * WORDS + 1],
        words[at * WORDS + 2],
        words[at * WORDS + 3],
        packed >>> 2,
        packed & 3,
        numbers[at * NUMBERS],
        numbers[at * NUMBERS + 1],
      );
    }
  }

  byteLength(): number {
    return this.words.length * BLOCK * STASH_ENTRY_BYTES;
  }
}

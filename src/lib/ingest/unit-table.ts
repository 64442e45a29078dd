// Interned units: an open-addressing hash table of 64-bit key fingerprints with per-unit state in
// typed arrays, so memory grows with the number of units (about 30 bytes each), never with events.
// A unit's key halves, arm and first exposure sit side by side in one 24-byte record (one memory access
// for a lookup, its arm and its exposure): with a million units the table is far bigger than the CPU
// caches, and every separate array is a cache miss.
import type { Fingerprint } from './bytes.ts';

export const NO_ARM = -1;
export const SEVERAL_ARMS = -2;

// Per unit, in int32 words: key hi, key lo, arm, audit word; then the first exposure as a float64.
const STRIDE = 6;
const FIRST_EXPOSURE = 2; // float64 index within a record
const FLOAT_STRIDE = STRIDE / 2;

export class UnitTable {
  size = 0;
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private unitCapacity = 1 << 11;
  /** Per unit: fingerprint hi and lo (as int32), arm; and (the same bytes as float64) first exposure. */
  private records = new Int32Array(STRIDE * this.unitCapacity);
  private times = new Float64Array(this.records.buffer);

  /** The unit's index, or -1 when it was never inserted. */
  find(key: Fingerprint): number {
    const entry = this.slots[this.probe(key)];
    return entry === 0 ? -1 : (entry & this.mask) - 1;
  }

  /** The unit's index, inserting it (no exposure, no arm) when new. */
  insert(key: Fingerprint): number {
    const slot = this.probe(key);
    const entry = this.slots[slot];
    if (entry !== 0) return (entry & this.mask) - 1;
    const keyHi = key.hi | 0;
    const keyLo = key.lo | 0;
    const unit = this.size++;
    if (unit === this.unitCapacity) this.growUnits();
    const at = unit * STRIDE;
    this.records[at] = keyHi;
    this.records[at + 1] = keyLo;
    this.records[at + 2] = NO_ARM;
    this.times[unit * FLOAT_STRIDE + FIRST_EXPOSURE] = Infinity;
    this.slots[slot] = (slotHash(keyHi, keyLo) & ~this.mask) | (unit + 1);
    if (this.size * 2 > this.slots.length) this.growSlots();
    return unit;
  }

  /**
   * The slot holding the key, or the empty slot where it would go. A slot holds unit + 1 in its low
   * bits (below the mask: the table is at most half full, so the index fits) and the hash bits above
   * the mask, so most slots of other keys are passed over without reading their record (a cache miss
   * each on a large table). The key comes as an object: its halves are not small integers, and would
   * be boxed if passed as numbers to a call that is not inlined.
   */
  private probe(key: Fingerprint): number {
    const keyHi = key.hi | 0;
    const keyLo = key.lo | 0;
    const slots = this.slots;
    const records = this.records;
    const mask = this.mask;
    const hash = slotHash(keyHi, keyLo);
    const tag = hash & ~mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return slot;
      if ((entry & ~mask) === tag) {
        const at = ((entry & mask) - 1) * STRIDE;
        if (records[at] === keyHi && records[at + 1] === keyLo) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The unit's arm: a variation, NO_ARM or SEVERAL_ARMS. */
  armOf(unit: number): number {
    return this.records[unit * STRIDE + 2];
  }

  setArm(unit: number, arm: number): void {
    this.records[unit * STRIDE + 2] = arm;
  }

  /** A spare 32-bit word per unit for the assignment audit (0 for a new unit). */
  auditWordOf(unit: number): number {
    return this.records[unit * STRIDE + 3];
  }

  setAuditWord(unit: number, word: number): void {
    this.records[unit * STRIDE + 3] = word;
  }

  /** The unit's first exposure (Unix ms), Infinity when it has none. */
  firstExposureOf(unit: number): number {
    return this.times[unit * FLOAT_STRIDE + FIRST_EXPOSURE];
  }

  /** Moves the unit's first exposure to `time` when that is earlier. */
  exposeAt(unit: number, time: number): void {
    const at = unit * FLOAT_STRIDE + FIRST_EXPOSURE;
    if (time < this.times[at]) this.times[at] = time;
  }

  /** How many units the per-unit arrays can hold before they grow (callers size their own to it). */
  get capacity(): number {
    return this.unitCapacity;
  }

  /** Bytes held by the table's arrays. */
  byteLength(): number {
    return this.slots.byteLength + this.records.byteLength;
  }

  private growUnits(): void {
    this.unitCapacity *= 2;
    const records = new Int32Array(this.unitCapacity * STRIDE);
    records.set(this.records);
    this.records = records;
    this.times = new Float64Array(records.buffer);
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const records = this.records;
    for (let unit = 0; unit < this.size; unit++) {
      const hash = slotHash(records[unit * STRIDE], records[unit * STRIDE + 1]);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = (hash & ~mask) | (unit + 1);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function slotHash(keyHi: number, keyLo: number): number {
  return keyHi ^ Math.imul(keyLo, 0x9e3779b1);
}

// Interned units: an open-addressing hash table of 64-bit key fingerprints with per-unit state in
// typed arrays, so memory grows with the number of units (about 30 bytes each), never with events.
import type { Fingerprint } from './bytes.ts';

export const NO_ARM = -1;
export const SEVERAL_ARMS = -2;

export class UnitTable {
  size = 0;
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hi = new Uint32Array(1 << 11);
  private lo = new Uint32Array(1 << 11);
  firstExposure = new Float64Array(1 << 11);
  arm = new Int32Array(1 << 11);

  /** The unit's index, or -1 when it was never inserted. */
  find(fingerprint: Fingerprint): number {
    return this.findPair(fingerprint.hi, fingerprint.lo);
  }

  findPair(hi: number, lo: number): number {
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const unit = entry - 1;
      if (this.hi[unit] === hi && this.lo[unit] === lo) return unit;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The unit's index, inserting it (no exposure, no arm) when new. */
  insert(fingerprint: Fingerprint): number {
    const { hi, lo } = fingerprint;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const unit = entry - 1;
      if (this.hi[unit] === hi && this.lo[unit] === lo) return unit;
      slot = (slot + 1) & this.mask;
    }
    const unit = this.size++;
    if (unit === this.hi.length) this.growUnits();
    this.hi[unit] = hi;
    this.lo[unit] = lo;
    this.firstExposure[unit] = Infinity;
    this.arm[unit] = NO_ARM;
    this.slots[slot] = unit + 1;
    if (this.size * 2 > this.slots.length) this.growSlots();
    return unit;
  }

  /** How many units the per-unit arrays can hold before they grow (callers size their own to it). */
  get capacity(): number {
    return this.hi.length;
  }

  /** Bytes held by the table's arrays. */
  byteLength(): number {
    return (
      this.slots.byteLength +
      this.hi.byteLength +
      this.lo.byteLength +
      this.firstExposure.byteLength +
      this.arm.byteLength
    );
  }

  private growUnits(): void {
    const capacity = this.hi.length * 2;
    const grow = <T extends Uint32Array | Float64Array | Int32Array>(
      array: T,
      make: (n: number) => T,
    ): T => {
      const grown = make(capacity);
      grown.set(array);
      return grown;
    };
    this.hi = grow(this.hi, (n) => new Uint32Array(n));
    this.lo = grow(this.lo, (n) => new Uint32Array(n));
    this.firstExposure = grow(this.firstExposure, (n) => new Float64Array(n));
    this.arm = grow(this.arm, (n) => new Int32Array(n));
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let unit = 0; unit < this.size; unit++) {
      let slot = (this.hi[unit] ^ Math.imul(this.lo[unit], 0x9e3779b1)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = unit + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

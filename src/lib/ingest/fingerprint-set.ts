// A set of 64-bit fingerprints in one typed array (8 bytes per slot, at most 3/4 full): how duplicate
// metric events are recognised without keeping the events.
import type { Fingerprint } from './bytes.ts';

export class FingerprintSet {
  size = 0;
  private slots: Uint32Array;
  private mask: number;

  /** `expected`: how many fingerprints will probably be added, so the table is sized once. */
  constructor(expected = 0) {
    let capacity = 1 << 12;
    while (capacity * 3 < expected * 4) capacity *= 2;
    this.slots = new Uint32Array(2 * capacity);
    this.mask = capacity - 1;
  }

  /** Adds the fingerprint; false when it was already there. */
  add(fingerprint: Fingerprint): boolean {
    const hi = fingerprint.hi;
    // (0, 0) marks an empty slot, so a real (0, 0) is stored as (0, 1).
    const lo = hi === 0 && fingerprint.lo === 0 ? 1 : fingerprint.lo;
    let slot = (lo ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
    for (;;) {
      const h = this.slots[2 * slot];
      const l = this.slots[2 * slot + 1];
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & this.mask;
    }
    this.slots[2 * slot] = hi;
    this.slots[2 * slot + 1] = lo;
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  byteLength(): number {
    return this.slots.byteLength;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = (old.length >>> 1) * 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i];
      const lo = old[i + 1];
      if (hi === 0 && lo === 0) continue;
      let slot = (lo ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
      while (this.slots[2 * slot] !== 0 || this.slots[2 * slot + 1] !== 0)
        slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hi;
      this.slots[2 * slot + 1] = lo;
    }
  }
}

// Per-unit state of one metric by day since the unit's first exposure (the novelty view, issue #16),
// kept small: most units have their events on one day, so a unit holds one byte (that day) and its
// per-day totals move to a shared block of DAYS_SINCE_EXPOSURE slots only when a second day shows up.
// A single-day unit's total for its day is the metric's own per-unit total, which is why `add` is
// handed the unit's count and total from before the event.

/** Days since exposure with a point of their own, k = 0 … 29; later events count in the last day [ours]. */
export const DAYS_SINCE_EXPOSURE = 30;
export const LAST_DAY_SINCE_EXPOSURE = DAYS_SINCE_EXPOSURE - 1;

const DAY = 86_400_000;
/** `dayOf` codes: 0 no event yet, k + 1 every event on day k, SEVERAL_DAYS a block. */
const SEVERAL_DAYS = 255;

/** The day since exposure of an event at `time` for a unit first exposed at `first` (last day: later ones too). */
export function daySinceExposure(time: number, first: number): number {
  const day = Math.floor((time - first) / DAY);
  return day < LAST_DAY_SINCE_EXPOSURE ? day : LAST_DAY_SINCE_EXPOSURE;
}

export class DaysSinceExposure {
  private dayOf = new Uint8Array(0);
  private blockOf = new Int32Array(0);
  private blockSums = new Float64Array(0);
  private blockCounts = new Uint32Array(0);
  private blocks = 0;
  /** Blocks of units whose days were started over (see reset), zeroed, to use again. */
  private readonly freeBlocks: number[] = [];

  /** `presenceOnly`: only the first day with an event matters (conversions); no blocks. */
  constructor(private readonly presenceOnly: boolean) {}

  grow(capacity: number): void {
    if (this.dayOf.length >= capacity) return;
    const dayOf = new Uint8Array(capacity);
    dayOf.set(this.dayOf);
    this.dayOf = dayOf;
    if (this.presenceOnly) return;
    const blockOf = new Int32Array(capacity);
    blockOf.set(this.blockOf);
    this.blockOf = blockOf;
  }

  /**
   * One event of day `day` adding `amount` (after the unit had `count` events totalling `total`: its
   * metric state before this event).
   */
  add(unit: number, day: number, amount: number, count: number, total: number): void {
    const code = this.dayOf[unit];
    if (code === 0) {
      this.dayOf[unit] = day + 1;
      return;
    }
    if (code === day + 1) return;
    if (this.presenceOnly) {
      if (day + 1 < code) this.dayOf[unit] = day + 1;
      return;
    }
    let block: number;
    if (code === SEVERAL_DAYS) block = this.blockOf[unit];
    else {
      block = this.newBlock();
      this.blockOf[unit] = block;
      this.dayOf[unit] = SEVERAL_DAYS;
      this.blockSums[block * DAYS_SINCE_EXPOSURE + code - 1] = total;
      this.blockCounts[block * DAYS_SINCE_EXPOSURE + code - 1] = count;
    }
    this.blockSums[block * DAYS_SINCE_EXPOSURE + day] += amount;
    this.blockCounts[block * DAYS_SINCE_EXPOSURE + day] += 1;
  }

  /** Forgets the unit's days (its events are about to be added again from a new first exposure). */
  reset(unit: number): void {
    if (this.dayOf[unit] === SEVERAL_DAYS) {
      const block = this.blockOf[unit];
      const at = block * DAYS_SINCE_EXPOSURE;
      this.blockSums.fill(0, at, at + DAYS_SINCE_EXPOSURE);
      this.blockCounts.fill(0, at, at + DAYS_SINCE_EXPOSURE);
      this.freeBlocks.push(block);
    }
    this.dayOf[unit] = 0;
  }

  private newBlock(): number {
    const free = this.freeBlocks.pop();
    if (free !== undefined) return free;
    const block = this.blocks++;
    const needed = this.blocks * DAYS_SINCE_EXPOSURE;
    if (needed > this.blockSums.length) {
      const size = Math.max(needed, 2 * this.blockSums.length, 64 * DAYS_SINCE_EXPOSURE);
      const sums = new Float64Array(size);
      sums.set(this.blockSums);
      this.blockSums = sums;
      const counts = new Uint32Array(size);
      counts.set(this.blockCounts);
      this.blockCounts = counts;
    }
    return block;
  }

  /**
   * The unit's cumulative value through each day 0 … `observed` into `into` (events up to that day;
   * 0 before its first event), given its metric total (`count` events totalling `total`) and how a
   * unit's value follows from them. Returns the first day with an event, or -1 when it has none.
   */
  cumulative(
    unit: number,
    observed: number,
    count: number,
    total: number,
    unitValue: (events: number, total: number) => number,
    into: Float64Array,
  ): number {
    const code = this.dayOf[unit];
    if (code === 0) return -1;
    if (code !== SEVERAL_DAYS) {
      const value = unitValue(count, total);
      for (let day = code - 1; day <= observed; day++) into[day] = value;
      return code - 1;
    }
    const at = this.blockOf[unit] * DAYS_SINCE_EXPOSURE;
    let events = 0;
    let sum = 0;
    let first = -1;
    for (let day = 0; day <= observed; day++) {
      events += this.blockCounts[at + day];
      sum += this.blockSums[at + day];
      if (events > 0) {
        if (first < 0) first = day;
        into[day] = unitValue(events, sum);
      }
    }
    return first;
  }

  byteLength(): number {
    return (
      this.dayOf.byteLength +
      this.blockOf.byteLength +
      this.blockSums.byteLength +
      this.blockCounts.byteLength
    );
  }
}

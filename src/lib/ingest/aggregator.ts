// The import rules of docs/data-import.md#the-rules, independent of the file format, in one optimistic pass.
//
// Every record goes through observeRecord: diagnostics, exposures (first exposure and arm per unit),
// and metric events. A metric event whose unit is already exposed at or before its time is aggregated
// at once; any other goes to a compact stash that is replayed against the final exposures at the end.
// This is exact and independent of event and file order because a first exposure only ever moves
// earlier (an event accepted once stays valid), the window is known up front, and a unit that later
// turns out to be in several arms has what it contributed taken back (see revokeProvisional). When the
// stash is full the aggregator falls back to two passes: the metric state is dropped and the caller
// reads the metric events again (observeMetricEvent) once every exposure is final.
import { metricRule, type UnitAccumulator } from '../metric-kinds/index.ts';
import { AssignmentAuditor, ExposureChange } from './assignment-audit.ts';
import { Fingerprint, fingerprintWords } from './bytes.ts';
import { EventStash } from './event-stash.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { MatchTargets } from './match-targets.ts';
import {
  EventKind,
  INVALID_VARIATION,
  type SliceValueSource,
  isMetricKind,
  KNOWN_KINDS,
  ParsedEvent,
  ValueState,
} from './parsed-event.ts';
import {
  emptyDiagnostics,
  MALFORMED_LISTED,
  type ArmMetricSummary,
  type Breakdown,
  type BreakdownCell,
  type ExperimentData,
  type ExperimentSpec,
  keyedRecord,
  type IngestDiagnostics,
  type MetricSpec,
  type StatisticsCell,
} from './types.ts';
import { validateSpec } from './spec.ts';
import { NO_ARM, SEVERAL_ARMS, UnitTable } from './unit-table.ts';
import { DEFAULT_SLICE_CELLS, SliceValues } from './slice-values.ts';
import { DAYS_SINCE_EXPOSURE, daySinceExposure, DaysSinceExposure } from './days-since-exposure.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Hours of first exposure looked up without the Map (a power of two: a bit mask picks the place). */
const HOUR_CACHE = 256;

/** About 36 MB of undecided metric events at most before falling back to a second reading. */
export const DEFAULT_MAX_STASHED_EVENTS = 1 << 20;

/** Variations below this are turned into arm slots through an array; larger ones through a Map. */
const SMALL_VARIATIONS = 256;

/**
 * Metric events remembered after they were added, for statistics by day since exposure: when a unit's
 * first exposure moves earlier and all its events are still here, they are added again by day.
 */
const JOURNAL = 4096;

/** How many stashed events wait for their unit to come in (see ExperimentAggregator.waiting). */
const WAITING = 8;

/**
 * Per-unit state of one metric, as its kind's accumulator asks (src/lib/metric-kinds): presence only
 * (`binary`: no sums), or a total per unit; the number of events only where an average needs it, a
 * had-an-event flag otherwise (`counts` of 0/1 in one byte per unit).
 */
type MetricState = {
  spec: MetricSpec;
  eventKeyIndex: number;
  counts: Uint32Array | Uint8Array;
  sums: Float64Array;
  binary: boolean;
  counting: boolean;
  /** What each event adds: its numeric value (events without one are missing values), 1, or either. */
  eventValue: UnitAccumulator['eventValue'];
  unitValue: UnitAccumulator['unitValue'];
  /** Ratio metrics: the index of the denominator's event key (-1: none) and each unit's count. */
  denominatorKeyIndex: number;
  denominators: Float64Array;
  /** CUPED: the same per-unit state for the events of the pre-exposure window (empty when off). */
  covariateCounts: Uint32Array | Uint8Array;
  covariateSums: Float64Array;
  /** Whether the metric's kind keeps a covariate (the registry's `covariates`). */
  keepsCovariate: boolean;
  /** The unit's events by day since its first exposure (null: not asked for). */
  novelty: DaysSinceExposure | null;
  /** Ratio metrics: the unit's denominator events by day since its first exposure. */
  noveltyDenominators: DaysSinceExposure | null;
};

/** What became of the metric events; kept apart so a fallback to two passes can start them over. */
type MetricOutcomes = {
  duplicates: number;
  beforeExposure: number;
  notExposed: number;
  severalArms: number;
  missingValue: number;
  /** Metric events that became a unit's pre-exposure (CUPED) value. */
  covariateEvents: number;
};

const noOutcomes = (): MetricOutcomes => ({
  duplicates: 0,
  beforeExposure: 0,
  notExposed: 0,
  severalArms: 0,
  missingValue: 0,
  covariateEvents: 0,
});

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, length: number): T {
  if (array.length >= length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** For tests: smaller limits on slicing attribute values. */
export type SliceOptions = {
  /** Distinct values remembered per slicing attribute (more count as 'other'; default 10,000). */
  maxSliceValues?: number;
  /** The most frequent values of a slicing attribute with a cell of their own (default 50). */
  sliceCells?: number;
};

export type AggregatorOptions = SliceOptions & {
  maxStashedEvents?: number;
  /**
   * Audit the assignment (when the spec has `assignment`): only for Data Export JSON, whose variations
   * are the flag's variation indices and whose scanner hands over the unit key's bytes.
   */
  auditAssignment?: boolean;
};

export class ExperimentAggregator {
  readonly units = new UnitTable();
  readonly diagnostics: IngestDiagnostics = emptyDiagnostics();
  /** Records with a known event kind (a file of other JSON has none). */
  eventsRecognised = 0;
  /** True once the stash overflowed (or beginMetricPass was called): the metric events must be read again. */
  twoPass = false;
  private readonly start: number;
  private readonly end: number;
  private readonly optIn: boolean;
  private readonly metricStates: MetricState[];
  private seen = new FingerprintSet();
  private readonly recordPrint = new Fingerprint();
  /** The stashed event being replayed (one object, created with the aggregator). */
  private readonly replayed = new ParsedEvent();
  /** A metric event's fields as words for its fingerprint: kind, value state and key; time; value. */
  private readonly recordFields = new Int32Array(6);
  private readonly recordNumbers = new Float64Array(this.recordFields.buffer);
  private readonly outcomes = noOutcomes();
  private readonly stash: EventStash;
  /**
   * Per unit: metric events handled while the unit's arm could still turn into "several arms" (one
   * byte per unit; counts beyond 255 go on in handledBeyond).
   */
  private handled = new Uint8Array(0);
  private handledBeyond = new Map<number, number>();
  /** Per unit, only for the few units that have them: duplicates and missing values among those. */
  private provisionalDuplicates = new Map<number, number>();
  private provisionalMissing = new Map<number, number>();
  private capacity = 0;
  /**
   * The last few stashed events whose unit was not in the table yet, as (stash index, unit hi, unit
   * lo); -1 marks a free place. When that unit comes in soon after (files sorted or grouped by unit),
   * its index is written into those events, so the replay reads the unit table in order instead of
   * looking each unit up (a cache miss each on a large table).
   */
  private readonly waiting = new Int32Array(3 * WAITING).fill(-1);
  /**
   * Units keep a small arm slot (the unit table holds 32-bit integers); a slot stands for one
   * variation (any non-negative safe integer), so a large index is an arm of its own.
   */
  private readonly slotOfSmall = new Int32Array(SMALL_VARIATIONS).fill(-1);
  private readonly slotOfLarge = new Map<number, number>();
  private readonly variationOfSlot: number[] = [];
  private waitingCount = 0;
  private nextWaiting = 0;
  /** What the last call of expose did to its unit (read by the assignment audit). */
  private lastChange = ExposureChange.NewUnit;
  private readonly auditor: AssignmentAuditor | null;
  /** Each unit's slicing attribute values at its first exposure (null without slicing attributes). */
  private readonly slices: SliceValues | null;
  private readonly sliceCells: number;
  /** Whether the spec asks for statistics by day since exposure. */
  private readonly byDaysSinceExposure: boolean;
  /** The last JOURNAL metric events added in the single pass: unit, key << 2 | value state, time, value. */
  private readonly journalUnits: Int32Array;
  private readonly journalKeys: Int32Array;
  private readonly journalTimes: Float64Array;
  private readonly journalValues: Float64Array;
  private journalNext = 0;
  private journalSize = 0;
  /** Unit-level rows gave values without times: no statistics by day since exposure. */
  private unitLevelValues = false;

  constructor(
    private readonly spec: ExperimentSpec,
    /** metric index → index of its event key in the distinct event keys */
    metricEventKeyIndex: number[],
    options: AggregatorOptions = {},
    /** metric index → index of its denominator's event key (ratio metrics), else -1 */
    denominatorKeyIndex: number[] = metricEventKeyIndex.map(() => -1),
  ) {
    this.start = spec.window?.start ?? -Infinity;
    this.end = spec.window?.end ?? Infinity;
    this.optIn = spec.countAllRuleEvaluations === true;
    this.stash = new EventStash(options.maxStashedEvents ?? DEFAULT_MAX_STASHED_EVENTS);
    this.auditor =
      spec.assignment === undefined || options.auditAssignment !== true
        ? null
        : new AssignmentAuditor(spec.flagKey, spec.assignment);
    const attributes = spec.sliceAttributes ?? [];
    this.slices =
      attributes.length === 0 ? null : new SliceValues(attributes, options.maxSliceValues);
    this.sliceCells = options.sliceCells ?? DEFAULT_SLICE_CELLS;
    this.byDaysSinceExposure = spec.daysSinceExposure === true;
    const journal = this.byDaysSinceExposure ? JOURNAL : 0;
    this.journalUnits = new Int32Array(journal);
    this.journalKeys = new Int32Array(journal);
    this.journalTimes = new Float64Array(journal);
    this.journalValues = new Float64Array(journal);
    this.metricStates = spec.metrics.map((metric, index) => {
      const accumulator = metricRule(metric).accumulator;
      const binary = accumulator.presenceOnly;
      const counting = accumulator.countsEvents;
      return {
        spec: metric,
        binary,
        counting,
        eventValue: accumulator.eventValue,
        unitValue: accumulator.unitValue,
        denominatorKeyIndex:
          metric.denominatorEventKey === undefined ? -1 : denominatorKeyIndex[index],
        denominators: new Float64Array(0),
        eventKeyIndex: metricEventKeyIndex[index],
        counts: counting ? new Uint32Array(0) : new Uint8Array(0),
        sums: new Float64Array(0),
        covariateCounts: counting ? new Uint32Array(0) : new Uint8Array(0),
        covariateSums: new Float64Array(0),
        keepsCovariate: metricRule(metric).covariates,
        novelty: this.byDaysSinceExposure ? new DaysSinceExposure(binary) : null,
        noveltyDenominators:
          this.byDaysSinceExposure && metric.denominatorEventKey !== undefined
            ? new DaysSinceExposure(false)
            : null,
      };
    });
    const days = spec.covariateDays ?? 0;
    this.covariateSpan = days > 0 ? days * DAY : 0;
    this.covariateStart = this.start - this.covariateSpan;
  }

  /** CUPED's pre-exposure window in ms (0: off), and the earliest time an event can fall in it. */
  private readonly covariateSpan: number;
  private readonly covariateStart: number;

  /** Before the window, but in the pre-exposure window of a unit exposed at the window's start or later. */
  private inCovariateReach(time: number): boolean {
    return this.covariateSpan > 0 && time >= this.covariateStart && time < this.start;
  }

  skip(reason: string, count = 1): void {
    const skipped = this.diagnostics.skipped;
    skipped[reason] = (skipped[reason] ?? 0) + count;
  }

  malformed(file: string, line: number, reason: string): void {
    const diagnostics = this.diagnostics;
    if (diagnostics.malformedCount++ < MALFORMED_LISTED)
      diagnostics.malformed.push({ file, line, reason });
  }

  private inWindow(time: number): boolean {
    return time >= this.start && time < this.end;
  }

  /**
   * One well-formed record. Returns true when it is a candidate metric event (one a second reading
   * would have to see again after a fallback to two passes).
   */
  observeRecord(event: ParsedEvent, file: string, line: number): boolean {
    const diagnostics = this.diagnostics;
    diagnostics.recordsRead++;
    const time = event.time;
    if (time === time) {
      if (diagnostics.firstTimestamp === null || time < diagnostics.firstTimestamp)
        diagnostics.firstTimestamp = time;
      if (diagnostics.lastTimestamp === null || time > diagnostics.lastTimestamp)
        diagnostics.lastTimestamp = time;
    }
    if (event.samplingRatio > 1) diagnostics.sampledEvents++;
    const kind = event.kind;
    if (kind === EventKind.Missing) {
      this.skip('no-kind');
      return false;
    }
    if (kind === EventKind.Unknown) {
      this.skip('unknown-kind');
      return false;
    }
    this.eventsRecognised++;
    if (event.isConnectionTest) {
      this.skip('connection-test');
      return false;
    }
    if (kind === EventKind.Feature) {
      this.observeEvaluation(event, file, line);
      return false;
    }
    if (!isMetricKind(kind)) {
      this.skip(KNOWN_KINDS[kind]);
      return false;
    }
    if (event.eventKeyIndex < 0) this.skip('other-event-key');
    else if (!event.hasUnit) this.skip('no-unit-key');
    else if (event.valueState === ValueState.Invalid)
      this.malformed(file, line, 'metricValue is not a number');
    else if (time !== time) this.skip('no-timestamp');
    else if (!this.inWindow(time)) {
      diagnostics.eventsOutsideWindow++;
      // Outside the window, but possibly a unit's pre-exposure value (CUPED): decided at the end.
      if (this.inCovariateReach(time)) {
        if (!this.twoPass) this.observeCandidate(event);
        return true;
      }
    } else {
      if (!this.twoPass) this.observeCandidate(event);
      return true;
    }
    return false;
  }

  /** The candidate test of observeRecord, without counting anything (for a second reading). */
  isCandidate(event: ParsedEvent): boolean {
    const time = event.time;
    return (
      isMetricKind(event.kind) &&
      !event.isConnectionTest &&
      event.eventKeyIndex >= 0 &&
      event.hasUnit &&
      event.valueState !== ValueState.Invalid &&
      time === time &&
      (this.inWindow(time) || this.inCovariateReach(time))
    );
  }

  private observeEvaluation(event: ParsedEvent, file: string, line: number): void {
    if (!event.isFlag) return this.skip('other-flag');
    if (!event.hasUnit) return this.skip('no-unit-key');
    if (event.variation === INVALID_VARIATION)
      return this.malformed(
        file,
        line,
        'variation is not a variation index (a whole number, 0 or more)',
      );
    if (event.variation < 0 || event.reasonError) return this.skip('failed-evaluation');
    if (event.inExperiment === 0 || (event.inExperiment === -1 && !this.optIn))
      return this.skip('not-in-experiment');
    if (event.time !== event.time) return this.skip('no-timestamp');
    if (!this.inWindow(event.time)) {
      this.diagnostics.eventsOutsideWindow++;
      return;
    }
    const unit = this.expose(event.unit, event.variation, event.time, event.sliceSource);
    if (this.auditor !== null) this.auditor.observe(event, unit, this.lastChange, this.units);
  }

  /** The arm slot of a variation (a non-negative safe integer), made on first sight. */
  private slotOf(variation: number): number {
    if (variation < SMALL_VARIATIONS) {
      const slot = this.slotOfSmall[variation];
      if (slot >= 0) return slot;
    } else {
      const slot = this.slotOfLarge.get(variation);
      if (slot !== undefined) return slot;
    }
    const slot = this.variationOfSlot.push(variation) - 1;
    if (variation < SMALL_VARIATIONS) this.slotOfSmall[variation] = slot;
    else this.slotOfLarge.set(variation, slot);
    return slot;
  }

  /**
   * A qualifying exposure (also used by CSV and unit-level readers); `variation` ≥ 0, a safe integer.
   * `slice` reads the exposure's slicing attributes, only when it is the unit's first so far.
   */
  expose(
    unitPrint: Fingerprint,
    variation: number,
    time: number,
    slice: SliceValueSource | null = null,
  ): number {
    variation = this.slotOf(variation);
    const units = this.units;
    const known = units.size;
    const unit = units.insert(unitPrint);
    if (units.size !== known) {
      if (units.capacity !== this.capacity) this.growUnitState();
      if (this.waitingCount > 0) this.unitCameIn(unit, unitPrint);
    }
    const arm = units.armOf(unit);
    if (arm === NO_ARM) {
      units.setArm(unit, variation);
      this.lastChange = ExposureChange.NewUnit;
    } else if (arm === variation) this.lastChange = ExposureChange.SameArm;
    else if (arm === SEVERAL_ARMS) this.lastChange = ExposureChange.AlreadySeveral;
    else {
      units.setArm(unit, SEVERAL_ARMS);
      this.revokeProvisional(unit);
      this.lastChange = ExposureChange.OtherArm;
    }
    // An earlier first exposure moves the day since exposure of the events already added.
    const movesEvents =
      this.byDaysSinceExposure &&
      !this.twoPass &&
      this.handled[unit] > 0 &&
      time < units.firstExposureOf(unit);
    if (this.slices !== null) {
      // A unit-level row without a time is taken as exposed at +∞: its values count unless a timed row has some.
      const at = time === time ? time : Infinity;
      const first = units.firstExposureOf(unit);
      if (at <= first) this.slices.observe(unit, at === first, slice);
    }
    units.exposeAt(unit, time);
    if (movesEvents) this.addByDayAgain(unit);
    return unit;
  }

  /** Notes a metric event just added in the single pass (for addByDayAgain). */
  private journal(unit: number, event: ParsedEvent): void {
    const at = this.journalNext;
    this.journalUnits[at] = unit;
    this.journalKeys[at] = (event.eventKeyIndex << 2) | event.valueState;
    this.journalTimes[at] = event.time;
    this.journalValues[at] = event.value;
    this.journalNext = (at + 1) % JOURNAL;
    if (this.journalSize < JOURNAL) this.journalSize++;
  }

  /**
   * The unit's first exposure moved earlier: its events are added by day again from the journal, in
   * the order they were added (so its running totals are the metric's own), or, when some have left
   * the journal, every metric event is read again (the second reading).
   */
  private addByDayAgain(unit: number): void {
    const expected =
      this.handled[unit] +
      (this.handledBeyond.get(unit) ?? 0) -
      (this.provisionalDuplicates.get(unit) ?? 0);
    const found: number[] = [];
    for (let back = 1; back <= this.journalSize && found.length < expected; back++) {
      const at = (this.journalNext - back + JOURNAL) % JOURNAL;
      if (this.journalUnits[at] === unit) found.push(at);
    }
    if (found.length < expected) return this.beginMetricPass();
    const first = this.units.firstExposureOf(unit);
    for (const state of this.metricStates) {
      const novelty = state.novelty;
      if (novelty === null) continue;
      novelty.reset(unit);
      let count = 0;
      let total = 0;
      for (let index = found.length - 1; index >= 0; index--) {
        const at = found[index];
        const key = this.journalKeys[at];
        if (key >> 2 !== state.eventKeyIndex) continue;
        const valued = (key & 3) === ValueState.Number;
        const value = this.journalValues[at];
        const day = daySinceExposure(this.journalTimes[at], first);
        const amount = amountByDay(state, valued, value);
        if (amount !== amount) continue;
        novelty.add(unit, day, amount, count, total);
        if (state.binary) count = total = 1;
        else {
          total += amount;
          count = state.counting ? count + 1 : 1;
        }
      }
      const denominators = state.noveltyDenominators;
      if (denominators === null) continue;
      denominators.reset(unit);
      let events = 0;
      for (let index = found.length - 1; index >= 0; index--) {
        const at = found[index];
        if (this.journalKeys[at] >> 2 !== state.denominatorKeyIndex) continue;
        denominators.add(unit, daySinceExposure(this.journalTimes[at], first), 1, events, events);
        events++;
      }
    }
  }

  private growUnitState(): void {
    const capacity = this.units.capacity;
    this.capacity = capacity;
    if (!this.twoPass) this.handled = grown(this.handled, capacity);
    for (const state of this.metricStates) {
      state.counts = grown(state.counts, capacity);
      if (!state.binary) state.sums = grown(state.sums, capacity);
      if (state.denominatorKeyIndex >= 0) state.denominators = grown(state.denominators, capacity);
      if (this.covariateSpan > 0) {
        state.covariateCounts = grown(state.covariateCounts, capacity);
        if (!state.binary) state.covariateSums = grown(state.covariateSums, capacity);
      }
      state.novelty?.grow(capacity);
      state.noveltyDenominators?.grow(capacity);
    }
    this.slices?.grow(capacity);
  }

  /**
   * A unit just found in a second arm: the metric events it already had count as skipped
   * (`unit-in-several-arms`) instead, as they would have had its arms been known from the start.
   * Its per-unit sums need no undoing: units in several arms are left out of the result.
   */
  private revokeProvisional(unit: number): void {
    if (this.twoPass) return;
    const outcomes = this.outcomes;
    outcomes.severalArms += this.handled[unit] + (this.handledBeyond.get(unit) ?? 0);
    this.handled[unit] = 0;
    this.handledBeyond.delete(unit);
    const duplicates = this.provisionalDuplicates.get(unit);
    if (duplicates !== undefined) {
      outcomes.duplicates -= duplicates;
      this.provisionalDuplicates.delete(unit);
    }
    const missing = this.provisionalMissing.get(unit);
    if (missing !== undefined) {
      outcomes.missingValue -= missing;
      this.provisionalMissing.delete(unit);
    }
  }

  /** A candidate metric event in the single pass: aggregated now when its unit allows, else stashed. */
  private observeCandidate(event: ParsedEvent): void {
    const units = this.units;
    const unit = units.find(event.unit);
    if (unit >= 0) {
      if (units.armOf(unit) === SEVERAL_ARMS) {
        if (event.time >= this.start) this.outcomes.severalArms++;
        return;
      }
      if (event.time >= units.firstExposureOf(unit)) {
        if (this.handled[unit] < 255) this.handled[unit]++;
        else countFor(this.handledBeyond, unit);
        this.aggregate(unit, event, this.fingerprintOf(event), true);
        return;
      }
    }
    const stash = this.stash;
    const index = stash.size;
    if (!stash.push(unit, event, this.fingerprintOf(event))) this.beginMetricPass();
    else if (unit < 0) this.awaitUnit(index, event.unit);
  }

  /** Stashed event `index` waits for its unit (not in the table yet) to come in. */
  private awaitUnit(index: number, unitKey: Fingerprint): void {
    const waiting = this.waiting;
    const at = 3 * this.nextWaiting;
    if (waiting[at] < 0) this.waitingCount++;
    waiting[at] = index;
    waiting[at + 1] = unitKey.hi;
    waiting[at + 2] = unitKey.lo;
    this.nextWaiting = (this.nextWaiting + 1) % WAITING;
  }

  /** A unit just entered the table: the stashed events waiting for it learn its index. */
  private unitCameIn(unit: number, unitKey: Fingerprint): void {
    const unitHi = unitKey.hi | 0;
    const unitLo = unitKey.lo | 0;
    const waiting = this.waiting;
    for (let at = 0; at < waiting.length; at += 3) {
      if (waiting[at] >= 0 && waiting[at + 1] === unitHi && waiting[at + 2] === unitLo) {
        this.stash.setUnit(waiting[at], unit);
        waiting[at] = -1;
        this.waitingCount--;
      }
    }
  }

  /**
   * Falls back to two passes: drops every metric result so far; the caller then reads the metric
   * events again through observeMetricEvent once every exposure is known. `expectedMetricEvents`
   * sizes the duplicate detector once.
   */
  beginMetricPass(expectedMetricEvents = 0): void {
    this.twoPass = true;
    this.journalSize = 0;
    this.stash.clear();
    this.waiting.fill(-1);
    this.waitingCount = 0;
    this.clearOutcomes();
    this.seen = new FingerprintSet(expectedMetricEvents);
    this.handled = new Uint8Array(0);
    this.handledBeyond.clear();
    this.provisionalDuplicates.clear();
    this.provisionalMissing.clear();
    for (const state of this.metricStates) {
      state.counts = state.counting
        ? new Uint32Array(this.capacity)
        : new Uint8Array(this.capacity);
      state.sums = new Float64Array(state.binary ? 0 : this.capacity);
      state.denominators = new Float64Array(state.denominatorKeyIndex >= 0 ? this.capacity : 0);
      const covariates = this.covariateSpan > 0 ? this.capacity : 0;
      state.covariateCounts = state.counting
        ? new Uint32Array(covariates)
        : new Uint8Array(covariates);
      state.covariateSums = new Float64Array(state.binary ? 0 : covariates);
      if (state.novelty !== null) {
        state.novelty = new DaysSinceExposure(state.binary);
        state.novelty.grow(this.capacity);
      }
      if (state.noveltyDenominators !== null) {
        state.noveltyDenominators = new DaysSinceExposure(false);
        state.noveltyDenominators.grow(this.capacity);
      }
    }
  }

  /** The second reading of a candidate metric event, once every exposure is final. */
  observeMetricEvent(event: ParsedEvent): void {
    const unit = this.units.find(event.unit);
    this.decide(unit, event, this.fingerprintOf(event));
  }

  /**
   * With every exposure final: aggregates the event as a metric event, or as a pre-exposure
   * (covariate) event, or counts why it is neither. Events before the window were counted as outside
   * it already and count nothing more.
   */
  private decide(unit: number, event: ParsedEvent, record: Fingerprint): void {
    const time = event.time;
    const outcomes = this.outcomes;
    const inWindow = time >= this.start;
    const arm = unit < 0 ? NO_ARM : this.units.armOf(unit);
    if (arm === NO_ARM) {
      if (inWindow) outcomes.notExposed++;
    } else if (arm === SEVERAL_ARMS) {
      if (inWindow) outcomes.severalArms++;
    } else {
      const first = this.units.firstExposureOf(unit);
      if (time >= first) return this.aggregate(unit, event, record, false);
      if (inWindow) outcomes.beforeExposure++;
      if (this.covariateSpan > 0 && time >= first - this.covariateSpan)
        this.aggregateCovariate(unit, event, record);
    }
  }

  /** A metric event of the unit's pre-exposure window: its CUPED covariate (duplicates once). */
  private aggregateCovariate(unit: number, event: ParsedEvent, record: Fingerprint): void {
    if (!this.seen.add(record)) return;
    this.outcomes.covariateEvents++;
    const eventKeyIndex = event.eventKeyIndex;
    for (const state of this.metricStates)
      if (state.eventKeyIndex === eventKeyIndex && state.keepsCovariate)
        addEvent(state, state.covariateCounts, state.covariateSums, unit, event);
  }

  /**
   * Adds a metric event (its key, value state and value; `record` its record fingerprint) to its unit.
   * The event's fields are read from the event, not passed one by one: numbers that are not small
   * integers would be boxed at each call that is not inlined.
   */
  private aggregate(
    unit: number,
    event: ParsedEvent,
    record: Fingerprint,
    provisional: boolean,
  ): void {
    if (!this.seen.add(record)) {
      this.outcomes.duplicates++;
      if (provisional) countFor(this.provisionalDuplicates, unit);
      return;
    }
    if (provisional && this.byDaysSinceExposure) this.journal(unit, event);
    const eventKeyIndex = event.eventKeyIndex;
    let missingValue = false;
    let day = -1;
    for (const state of this.metricStates) {
      if (state.denominatorKeyIndex === eventKeyIndex) {
        if (state.noveltyDenominators !== null) {
          if (day < 0) day = daySinceExposure(event.time, this.units.firstExposureOf(unit));
          const before = state.denominators[unit];
          state.noveltyDenominators.add(unit, day, 1, before, before);
        }
        state.denominators[unit] += 1;
      }
      if (state.eventKeyIndex !== eventKeyIndex) continue;
      if (state.novelty !== null) {
        if (day < 0) day = daySinceExposure(event.time, this.units.firstExposureOf(unit));
        const amount = amountByDay(state, event.valueState === ValueState.Number, event.value);
        if (amount === amount)
          state.novelty.add(
            unit,
            day,
            amount,
            state.counts[unit],
            state.binary ? 1 : state.sums[unit],
          );
      }
      if (!addEvent(state, state.counts, state.sums, unit, event)) missingValue = true;
    }
    if (missingValue) {
      this.outcomes.missingValue++;
      if (provisional) countFor(this.provisionalMissing, unit);
    }
  }

  /** Adds one unit-level row's value: one event carrying it (several rows of a unit: several events). */
  addUnitValue(unit: number, metricIndex: number, value: number): void {
    this.unitLevelValues = true;
    const state = this.metricStates[metricIndex];
    // A zero adds nothing to a sum nor a conversion, but is one more value of an average.
    if (value === 0 && !state.counting) return;
    if (state.binary) {
      state.counts[unit] = 1;
      return;
    }
    state.sums[unit] += value;
    if (state.counting) state.counts[unit]++;
    else state.counts[unit] = 1;
  }

  /** What makes a metric event the same as another: its id, or else its unit, kind, key, time and value. */
  private fingerprintOf(event: ParsedEvent): Fingerprint {
    const print = this.recordPrint;
    if (event.hasId) {
      print.hi = event.id.hi;
      print.lo = event.id.lo;
      return print;
    }
    const fields = this.recordFields;
    fields[0] = event.kind | (event.valueState << 4) | (event.eventKeyIndex << 6);
    const numbers = this.recordNumbers;
    numbers[1] = event.time;
    numbers[2] = event.valueState === ValueState.Number ? event.value : 0;
    fingerprintWords(event.unit.hi, event.unit.lo, fields, print);
    return print;
  }

  /** Bytes held by the aggregation state (units, metric arrays, duplicate set, stash). */
  stateBytes(): number {
    let bytes =
      this.units.byteLength() +
      this.seen.byteLength() +
      this.handled.byteLength +
      this.stash.byteLength();
    for (const state of this.metricStates)
      bytes +=
        state.counts.byteLength +
        state.sums.byteLength +
        (state.novelty?.byteLength() ?? 0) +
        (state.noveltyDenominators?.byteLength() ?? 0);
    return bytes + (this.slices?.byteLength() ?? 0);
  }

  /** Metric events still waiting for the end of the reading (the stash). */
  get stashedEvents(): number {
    return this.stash.size;
  }

  /** Decides the stashed events now that every exposure is known. */
  private replayStash(): void {
    const { stash, units, replayed: event, recordPrint: record } = this;
    for (let index = 0; index < stash.size; index++) {
      const known = stash.read(index, event, record);
      const unit = known >= 0 ? known : units.find(event.unit);
      this.decide(unit, event, record);
    }
    stash.clear();
  }

  /**
   * Zeroes the outcomes in place. Objects here are reset rather than replaced: the first time a field
   * of an object is written again after it was set, V8 drops the code optimised on the assumption that
   * it would not be, and this would happen at the end of the first import, costing the next one.
   */
  private clearOutcomes(): void {
    const outcomes = this.outcomes;
    outcomes.duplicates = 0;
    outcomes.beforeExposure = 0;
    outcomes.notExposed = 0;
    outcomes.severalArms = 0;
    outcomes.missingValue = 0;
    outcomes.covariateEvents = 0;
  }

  private countOutcomes(): void {
    this.replayStash();
    const { duplicates, beforeExposure, notExposed, severalArms, missingValue, covariateEvents } =
      this.outcomes;
    this.clearOutcomes();
    const diagnostics = this.diagnostics;
    if (this.covariateSpan > 0)
      diagnostics.covariateEvents = (diagnostics.covariateEvents ?? 0) + covariateEvents;
    diagnostics.duplicatesDropped += duplicates;
    diagnostics.eventsBeforeExposure += beforeExposure;
    if (severalArms > 0) this.skip('unit-in-several-arms', severalArms);
    if (notExposed > 0) this.skip('unit-not-exposed', notExposed);
    if (missingValue > 0) this.skip('missing-metric-value', missingValue);
  }

  finish(): ExperimentData {
    this.countOutcomes();
    if (this.capacity !== this.units.capacity) this.growUnitState();
    const { armUnits, hours } = this.countUnits();
    const variationOf = this.variationOfSlot;
    const slots = Object.keys(armUnits)
      .map(Number)
      .sort((a, b) => variationOf[a] - variationOf[b]);
    const [{ metrics }] = this.summariseGroups(null, 1, slots);
    for (const state of this.metricStates) {
      const summaries = metrics[state.spec.key];
      if (!summaries.every((arm) => Number.isFinite(arm.sum) && Number.isFinite(arm.sumSquares)))
        (this.diagnostics.nonFinite ??= []).push(state.spec.key);
    }
    return {
      arms: slots.map((slot) => ({ variation: variationOf[slot], units: armUnits[slot] })),
      metrics,
      exposuresByHour: [...hours.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([hour, counts]) => ({
          hourStart: hour * HOUR,
          counts: Object.fromEntries(
            Object.keys(counts)
              .map(Number)
              .sort((a, b) => variationOf[a] - variationOf[b])
              .map((slot) => [variationOf[slot], counts[slot]]),
          ),
        })),
      diagnostics: this.diagnostics,
      breakdowns: [
        this.dayBreakdown(slots),
        ...this.daysSinceExposureBreakdown(slots),
        ...this.attributeBreakdowns(slots),
      ],
      ...(this.auditor === null ? {} : { assignmentAudit: this.auditor.result() }),
    };
  }

  /**
   * Analysed units per arm, and per hour of first exposure and arm (arms index sparse arrays: they are
   * integers). Hours are keyed by their number since 1970. Units come in no order of time, so a small
   * direct-mapped cache of hours sits in front of the Map. Also counts the units in several arms.
   */
  private countUnits(): { armUnits: number[]; hours: Map<number, number[]> } {
    const units = this.units;
    const armUnits: number[] = [];
    const hours = new Map<number, number[]>();
    const cachedHours = new Float64Array(HOUR_CACHE).fill(NaN);
    const cachedCounts: number[][] = [];
    let several = 0;
    for (let unit = 0; unit < units.size; unit++) {
      const arm = units.armOf(unit);
      if (arm === SEVERAL_ARMS) several++;
      if (arm < 0) continue;
      armUnits[arm] = (armUnits[arm] ?? 0) + 1;
      const first = units.firstExposureOf(unit);
      if (!Number.isFinite(first)) continue;
      const hour = Math.floor(first / HOUR);
      const cached = hour & (HOUR_CACHE - 1);
      let counts: number[];
      if (cachedHours[cached] === hour) counts = cachedCounts[cached];
      else {
        let known = hours.get(hour);
        if (!known) hours.set(hour, (known = []));
        cachedHours[cached] = hour;
        cachedCounts[cached] = counts = known;
      }
      counts[arm] = (counts[arm] ?? 0) + 1;
    }
    this.diagnostics.unitsInSeveralArms = several;
    return { armUnits, hours };
  }

  /**
   * Per-arm statistics of every metric for groups of the analysed units: `groupOf[unit]` is the unit's
   * group (-1: in none), or every analysed unit is in group 0 when it is null. `slots` are the arms'
   * slots in variation order; every group lists every arm, with 0 units where it has none.
   */
  private summariseGroups(
    groupOf: Int32Array | null,
    groups: number,
    slots: number[],
  ): StatisticsCell[] {
    const units = this.units;
    const variationOf = this.variationOfSlot;
    // group × arm slot → position in that group's lists (slots are small integers)
    const position: number[] = [];
    slots.forEach((slot, index) => (position[slot] = index));
    const armUnits = Array.from({ length: groups }, () => new Array<number>(slots.length).fill(0));
    for (let unit = 0; unit < units.size; unit++) {
      const arm = units.armOf(unit);
      if (arm < 0) continue;
      const group = groupOf === null ? 0 : groupOf[unit];
      if (group >= 0) armUnits[group][position[arm]]++;
    }
    const cells: StatisticsCell[] = armUnits.map((counts) => ({
      arms: slots.map((slot, index) => ({ variation: variationOf[slot], units: counts[index] })),
      metrics: keyedRecord<ArmMetricSummary[]>(),
    }));
    for (const state of this.metricStates) {
      const perGroup = armUnits.map((counts) =>
        slots.map((slot, index): ArmMetricSummary => ({
          variation: variationOf[slot],
          units: counts[index],
          conversions: 0,
          sum: 0,
          sumSquares: 0,
        })),
      );
      const unitValue = state.unitValue;
      const denominators = state.denominatorKeyIndex >= 0 ? state.denominators : null;
      if (denominators)
        for (const summaries of perGroup)
          for (const summary of summaries)
            Object.assign(summary, { denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 });
      // CUPED covariates (not for ratio metrics): x per unit, 0 without pre-exposure events.
      const covariates =
        this.covariateSpan > 0 && state.keepsCovariate ? state.covariateCounts : null;
      if (covariates)
        for (const summaries of perGroup)
          for (const summary of summaries)
            Object.assign(summary, {
              covariateSum: 0,
              covariateSumSquares: 0,
              covariateCrossSum: 0,
            });
      for (let unit = 0; unit < units.size; unit++) {
        const arm = units.armOf(unit);
        if (arm < 0) continue;
        const count = state.counts[unit];
        const covariateCount = covariates === null ? 0 : covariates[unit];
        const d = denominators === null ? 0 : denominators[unit];
        if (count === 0 && covariateCount === 0 && d === 0) continue;
        const group = groupOf === null ? 0 : groupOf[unit];
        if (group < 0) continue;
        const summary = perGroup[group][position[arm]];
        const y = count === 0 ? 0 : unitValue(count, state.binary ? 1 : state.sums[unit]);
        if (covariateCount > 0) {
          const x = unitValue(covariateCount, state.binary ? 1 : state.covariateSums[unit]);
          summary.covariateSum! += x;
          summary.covariateSumSquares! += x * x;
          summary.covariateCrossSum! += x * y;
        }
        if (denominators) {
          summary.denominatorSum! += d;
          summary.denominatorSumSquares! += d * d;
          summary.crossSum! += y * d;
        }
        if (count === 0) continue;
        summary.conversions++;
        summary.sum += y;
        summary.sumSquares += y * y;
      }
      perGroup.forEach((summaries, group) => (cells[group].metrics[state.spec.key] = summaries));
    }
    return cells;
  }

  /** The analysed units grouped by the UTC day of their first exposure (units without a time: none). */
  private dayBreakdown(slots: number[]): Breakdown {
    const units = this.units;
    const groupOf = new Int32Array(units.size).fill(-1);
    const groupOfDay = new Map<number, number>();
    const days: number[] = [];
    for (let unit = 0; unit < units.size; unit++) {
      if (units.armOf(unit) < 0) continue;
      const first = units.firstExposureOf(unit);
      if (!Number.isFinite(first)) continue;
      const day = Math.floor(first / DAY);
      let group = groupOfDay.get(day);
      if (group === undefined) groupOfDay.set(day, (group = days.push(day) - 1));
      groupOf[unit] = group;
    }
    const cells = this.summariseGroups(groupOf, days.length, slots);
    return {
      by: 'day',
      cells: cells
        .map((cell, group) => ({ value: String(days[group] * DAY), ...cell }))
        .sort((a, b) => Number(a.value) - Number(b.value)),
    };
  }

  /**
   * Per-arm statistics by day since first exposure k = 0 … 29 (later events in the last day): each
   * unit's value counting its events up to day k, for the units the data reach k days after their
   * first exposure (the last time in the data, capped by the window's end, at least first exposure +
   * k days), so units exposed late do not dilute the later days. None for unit-level files (values
   * without times) or data without times. A ratio metric's denominator is counted through day k too.
   */
  private daysSinceExposureBreakdown(slots: number[]): Breakdown[] {
    const last = this.diagnostics.lastTimestamp;
    if (!this.byDaysSinceExposure || this.unitLevelValues || last === null) return [];
    const reach = Math.min(last, this.end);
    const units = this.units;
    const arms = slots.length;
    const position: number[] = [];
    slots.forEach((slot, index) => (position[slot] = index));
    // Per unit: the last day it is observed (-1: not analysed); per day × arm: units observed.
    const observedOf = new Int8Array(units.size).fill(-1);
    const observedUnits = new Float64Array(DAYS_SINCE_EXPOSURE * arms);
    let days = 0;
    for (let unit = 0; unit < units.size; unit++) {
      const arm = units.armOf(unit);
      if (arm < 0) continue;
      const first = units.firstExposureOf(unit);
      if (!Number.isFinite(first) || reach < first) continue;
      const observed = daySinceExposure(reach, first);
      observedOf[unit] = observed;
      if (observed >= days) days = observed + 1;
      for (let day = 0; day <= observed; day++) observedUnits[day * arms + position[arm]]++;
    }
    if (days === 0) return [];
    const variationOf = this.variationOfSlot;
    const cells: BreakdownCell[] = Array.from({ length: days }, (_, day) => ({
      value: String(day),
      arms: slots.map((slot, index) => ({
        variation: variationOf[slot],
        units: observedUnits[day * arms + index],
      })),
      metrics: keyedRecord<ArmMetricSummary[]>(),
    }));
    const values = new Float64Array(DAYS_SINCE_EXPOSURE);
    const denominatorValues = new Float64Array(DAYS_SINCE_EXPOSURE);
    const totalOf = (_events: number, sum: number) => sum;
    for (const state of this.metricStates) {
      const novelty = state.novelty;
      if (novelty === null) continue;
      const statistics = new Float64Array(3 * days * arms);
      const denominators = state.noveltyDenominators;
      // Ratio metrics: per day and arm Σd, Σd², Σyd of each unit's numerator y and denominator d through k.
      const ratio = denominators === null ? null : new Float64Array(3 * days * arms);
      for (let unit = 0; unit < units.size; unit++) {
        const observed = observedOf[unit];
        const count = state.counts[unit];
        if (observed < 0) continue;
        if (denominators !== null && ratio !== null) {
          const d = state.denominators[unit];
          if (count === 0 && d === 0) continue;
          values.fill(0);
          denominatorValues.fill(0);
          if (count > 0)
            novelty.cumulative(unit, observed, count, state.sums[unit], totalOf, values);
          if (d > 0) denominators.cumulative(unit, observed, d, d, totalOf, denominatorValues);
          const arm = position[units.armOf(unit)];
          for (let day = 0; day <= observed; day++) {
            const at = 3 * (day * arms + arm);
            const y = values[day];
            const dk = denominatorValues[day];
            ratio[at] += dk;
            ratio[at + 1] += dk * dk;
            ratio[at + 2] += y * dk;
          }
        }
        if (count === 0) continue;
        const total = state.binary ? 1 : state.sums[unit];
        const from = novelty.cumulative(unit, observed, count, total, state.unitValue, values);
        const arm = position[units.armOf(unit)];
        for (let day = from < 0 ? observed + 1 : from; day <= observed; day++) {
          const y = values[day];
          const at = 3 * (day * arms + arm);
          statistics[at]++;
          statistics[at + 1] += y;
          statistics[at + 2] += y * y;
        }
      }
      cells.forEach((cell, day) => {
        cell.metrics[state.spec.key] = cell.arms.map(({ variation, units }, arm) => {
          const at = 3 * (day * arms + arm);
          return {
            variation,
            units,
            conversions: statistics[at],
            sum: statistics[at + 1],
            sumSquares: statistics[at + 2],
            ...(ratio === null
              ? {}
              : {
                  denominatorSum: ratio[at],
                  denominatorSumSquares: ratio[at + 1],
                  crossSum: ratio[at + 2],
                }),
          };
        });
      });
    }
    return [{ by: 'days-since-exposure', cells }];
  }

  /** The analysed units grouped by each slicing attribute's value at their first exposure. */
  private attributeBreakdowns(slots: number[]): Breakdown[] {
    const slices = this.slices;
    if (slices === null) return [];
    const units = this.units;
    const analysed = (unit: number) => units.armOf(unit) >= 0;
    return slices.attributes.map((attribute, index) => {
      const { groupOf, groups, otherValues } = slices.groups(
        index,
        units.size,
        analysed,
        this.sliceCells,
      );
      const cells = this.summariseGroups(groupOf, groups.length, slots);
      return {
        by: 'attribute',
        attribute,
        otherValues,
        cells: cells.map((cell, group) => ({ ...groups[group], ...cell })),
      };
    });
  }
}

/**
 * Adds one event to a unit's count and total (the metric's, or its pre-exposure covariate's), as the
 * metric's accumulator says; false when the metric needs a value the event lacks (a missing value).
 * The event is passed whole: its value read here is not boxed at a call that is not inlined.
 */
function addEvent(
  state: MetricState,
  counts: Uint32Array | Uint8Array,
  sums: Float64Array,
  unit: number,
  event: ParsedEvent,
): boolean {
  if (state.binary) {
    counts[unit] = 1;
    return true;
  }
  const eventValue = state.eventValue;
  const valued = event.valueState === ValueState.Number;
  if (eventValue === 'value') {
    if (!valued) return false;
    sums[unit] += event.value;
  } else if (eventValue === 'one' || !valued) sums[unit] += 1;
  else sums[unit] += event.value;
  if (state.counting) counts[unit]++;
  else counts[unit] = 1;
  return true;
}

/** What an event adds to its unit's total by day (as addEvent adds it); NaN: nothing (a missing value). */
function amountByDay(state: MetricState, valued: boolean, value: number): number {
  if (state.binary) return 1;
  if (state.eventValue === 'value' && !valued) return NaN;
  return state.eventValue === 'one' || !valued ? 1 : value;
}

function countFor(counts: Map<number, number>, unit: number): void {
  counts.set(unit, (counts.get(unit) ?? 0) + 1);
}

/**
 * What every event import starts from: the spec checked, the strings it looks for, and an aggregator
 * whose metrics know their event key's index.
 */
export function startAggregation(
  spec: ExperimentSpec,
  options: AggregatorOptions = {},
): { targets: MatchTargets; aggregator: ExperimentAggregator } {
  validateSpec(spec);
  const targets = MatchTargets.forSpec(spec);
  const aggregator = new ExperimentAggregator(
    spec,
    spec.metrics.map((metric) => targets.eventKeyIndex(metric.eventKey)),
    options,
    spec.metrics.map((metric) =>
      metric.denominatorEventKey === undefined
        ? -1
        : targets.eventKeyIndex(metric.denominatorEventKey),
    ),
  );
  return { targets, aggregator };
}

// The rules of spec §2, independent of the file format, in one optimistic pass.
//
// Every record goes through observeRecord: diagnostics, exposures (first exposure and arm per unit),
// and metric events. A metric event whose unit is already exposed at or before its time is aggregated
// at once; any other goes to a compact stash that is replayed against the final exposures at the end.
// This is exact and independent of event and file order because a first exposure only ever moves
// earlier (an event accepted once stays valid), the window is known up front, and a unit that later
// turns out to be in several arms has what it contributed taken back (see revokeProvisional). When the
// stash is full the aggregator falls back to two passes: the metric state is dropped and the caller
// reads the metric events again (observeMetricEvent) once every exposure is final.
import { Fingerprint, mixNumber } from './bytes.ts';
import { EventStash } from './event-stash.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { EventKind, isMetricKind, KNOWN_KINDS, ParsedEvent, ValueState } from './parsed-event.ts';
import {
  emptyDiagnostics,
  MALFORMED_LISTED,
  type ExperimentData,
  type ExperimentSpec,
  type IngestDiagnostics,
  type MetricSpec,
} from './types.ts';
import { NO_ARM, SEVERAL_ARMS, UnitTable } from './unit-table.ts';

const HOUR = 3_600_000;

/** About 36 MB of undecided metric events at most before falling back to a second reading. */
export const DEFAULT_MAX_STASHED_EVENTS = 1 << 20;

/**
 * Per-unit state of one metric. Conversion metrics aggregated by average only need to know whether a
 * unit had an event (`binary`: no sums); only averages of numeric values need the number of events,
 * the others a had-an-event flag (`counts` of 0/1 in one byte per unit).
 */
type MetricState = {
  spec: MetricSpec;
  eventKeyIndex: number;
  counts: Uint32Array | Uint8Array;
  sums: Float64Array;
  binary: boolean;
  counting: boolean;
};

/** What became of the metric events; kept apart so a fallback to two passes can start them over. */
type MetricOutcomes = {
  duplicates: number;
  beforeExposure: number;
  notExposed: number;
  severalArms: number;
  missingValue: number;
};

const noOutcomes = (): MetricOutcomes => ({
  duplicates: 0,
  beforeExposure: 0,
  notExposed: 0,
  severalArms: 0,
  missingValue: 0,
});

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, length: number): T {
  if (array.length >= length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

export type AggregatorOptions = { maxStashedEvents?: number };

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
  private outcomes = noOutcomes();
  private stash: EventStash | null;
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

  constructor(
    private readonly spec: ExperimentSpec,
    /** metric index → index of its event key in the distinct event keys */
    metricEventKeyIndex: number[],
    options: AggregatorOptions = {},
  ) {
    this.start = spec.window?.start ?? -Infinity;
    this.end = spec.window?.end ?? Infinity;
    this.optIn = spec.countAllRuleEvaluations === true;
    this.stash = new EventStash(options.maxStashedEvents ?? DEFAULT_MAX_STASHED_EVENTS);
    this.metricStates = spec.metrics.map((metric, index) => {
      const binary = metric.kind === 'conversion' && metric.aggregation === 'average';
      const counting = metric.kind === 'numeric' && metric.aggregation === 'average';
      return {
        spec: metric,
        binary,
        counting,
        eventKeyIndex: metricEventKeyIndex[index],
        counts: counting ? new Uint32Array(0) : new Uint8Array(0),
        sums: new Float64Array(0),
      };
    });
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
      this.observeEvaluation(event);
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
    else if (!this.inWindow(time)) diagnostics.eventsOutsideWindow++;
    else {
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
      this.inWindow(time)
    );
  }

  private observeEvaluation(event: ParsedEvent): void {
    if (!event.isFlag) return this.skip('other-flag');
    if (!event.hasUnit) return this.skip('no-unit-key');
    if (event.variation < 0 || event.reasonError) return this.skip('failed-evaluation');
    if (event.inExperiment === 0 || (event.inExperiment === -1 && !this.optIn))
      return this.skip('not-in-experiment');
    if (event.time !== event.time) return this.skip('no-timestamp');
    if (!this.inWindow(event.time)) {
      this.diagnostics.eventsOutsideWindow++;
      return;
    }
    this.expose(event.unit, event.variation, event.time);
  }

  /** A qualifying exposure (also used by CSV and unit-level readers). */
  expose(unitPrint: Fingerprint, variation: number, time: number): number {
    const units = this.units;
    const unit = units.insert(unitPrint);
    if (units.capacity !== this.capacity) this.growUnitState();
    const arm = units.armOf(unit);
    if (arm === NO_ARM) units.setArm(unit, variation);
    else if (arm !== variation && arm !== SEVERAL_ARMS) {
      units.setArm(unit, SEVERAL_ARMS);
      this.revokeProvisional(unit);
    }
    units.exposeAt(unit, time);
    return unit;
  }

  private growUnitState(): void {
    const capacity = this.units.capacity;
    this.capacity = capacity;
    if (!this.twoPass) this.handled = grown(this.handled, capacity);
    for (const state of this.metricStates) {
      state.counts = grown(state.counts, capacity);
      if (!state.binary) state.sums = grown(state.sums, capacity);
    }
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
        this.outcomes.severalArms++;
        return;
      }
      if (event.time >= units.firstExposureOf(unit)) {
        if (this.handled[unit] < 255) this.handled[unit]++;
        else countFor(this.handledBeyond, unit);
        const print = this.fingerprintOf(event);
        this.aggregate(
          unit,
          event.eventKeyIndex,
          event.valueState,
          event.value,
          print.hi,
          print.lo,
          true,
        );
        return;
      }
    }
    const print = this.fingerprintOf(event);
    const stash = this.stash!;
    if (
      !stash.push(
        event.unit.hi,
        event.unit.lo,
        print.hi,
        print.lo,
        event.eventKeyIndex,
        event.valueState,
        event.time,
        event.value,
      )
    )
      this.beginMetricPass();
  }

  /**
   * Falls back to two passes: drops every metric result so far; the caller then reads the metric
   * events again through observeMetricEvent once every exposure is known. `expectedMetricEvents`
   * sizes the duplicate detector once.
   */
  beginMetricPass(expectedMetricEvents = 0): void {
    this.twoPass = true;
    this.stash = null;
    this.outcomes = noOutcomes();
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
    }
  }

  /** The second reading of a candidate metric event, once every exposure is final. */
  observeMetricEvent(event: ParsedEvent): void {
    const unit = this.units.find(event.unit);
    if (!this.decidable(unit, event.time)) return;
    const print = this.fingerprintOf(event);
    this.aggregate(
      unit,
      event.eventKeyIndex,
      event.valueState,
      event.value,
      print.hi,
      print.lo,
      false,
    );
  }

  /** With every exposure final: counts why the unit's event is not aggregated, or returns true. */
  private decidable(unit: number, time: number): boolean {
    const outcomes = this.outcomes;
    if (unit < 0 || this.units.armOf(unit) === NO_ARM) outcomes.notExposed++;
    else if (this.units.armOf(unit) === SEVERAL_ARMS) outcomes.severalArms++;
    else if (time < this.units.firstExposureOf(unit)) outcomes.beforeExposure++;
    else return true;
    return false;
  }

  private aggregate(
    unit: number,
    eventKeyIndex: number,
    valueState: ValueState,
    value: number,
    recordHi: number,
    recordLo: number,
    provisional: boolean,
  ): void {
    if (!this.seen.addPair(recordHi, recordLo)) {
      this.outcomes.duplicates++;
      if (provisional) countFor(this.provisionalDuplicates, unit);
      return;
    }
    let missingValue = false;
    for (const state of this.metricStates) {
      if (state.eventKeyIndex !== eventKeyIndex) continue;
      if (state.binary) {
        state.counts[unit] = 1;
        continue;
      }
      if (state.spec.kind === 'numeric') {
        if (valueState !== ValueState.Number) {
          missingValue = true;
          continue;
        }
        state.sums[unit] += value;
      } else state.sums[unit] += 1;
      if (state.counting) state.counts[unit]++;
      else state.counts[unit] = 1;
    }
    if (missingValue) {
      this.outcomes.missingValue++;
      if (provisional) countFor(this.provisionalMissing, unit);
    }
  }

  /** Adds a unit's already aggregated value (unit-level files): one event carrying the unit's value. */
  addUnitValue(unit: number, metricIndex: number, value: number): void {
    const state = this.metricStates[metricIndex];
    if (state.binary) {
      state.counts[unit] = 1;
      return;
    }
    state.sums[unit] += value;
    if (state.counting) state.counts[unit]++;
    else state.counts[unit] = 1;
  }

  private fingerprintOf(event: ParsedEvent): Fingerprint {
    const print = this.recordPrint;
    if (event.hasId) {
      print.hi = event.id.hi;
      print.lo = event.id.lo;
      mixNumber(print, 1);
      return print;
    }
    print.hi = event.unit.hi;
    print.lo = event.unit.lo;
    mixNumber(print, event.kind);
    mixNumber(print, event.eventKeyIndex);
    mixNumber(print, event.time);
    mixNumber(print, event.valueState);
    if (event.valueState === ValueState.Number) mixNumber(print, event.value);
    return print;
  }

  /** Bytes held by the aggregation state (units, metric arrays, duplicate set, stash). */
  stateBytes(): number {
    let bytes =
      this.units.byteLength() +
      this.seen.byteLength() +
      this.handled.byteLength +
      (this.stash?.byteLength() ?? 0);
    for (const state of this.metricStates) bytes += state.counts.byteLength + state.sums.byteLength;
    return bytes;
  }

  /** Metric events still waiting for the end of the reading (the stash). */
  get stashedEvents(): number {
    return this.stash?.size ?? 0;
  }

  /** Decides the stashed events now that every exposure is known. */
  private replayStash(): void {
    const stash = this.stash;
    if (stash === null) return;
    this.stash = null;
    const units = this.units;
    stash.forEach((unitHi, unitLo, recordHi, recordLo, eventKeyIndex, valueState, time, value) => {
      const unit = units.findPair(unitHi, unitLo);
      if (this.decidable(unit, time))
        this.aggregate(unit, eventKeyIndex, valueState, value, recordHi, recordLo, false);
    });
  }

  private countOutcomes(): void {
    this.replayStash();
    const { duplicates, beforeExposure, notExposed, severalArms, missingValue } = this.outcomes;
    this.outcomes = noOutcomes();
    const diagnostics = this.diagnostics;
    diagnostics.duplicatesDropped += duplicates;
    diagnostics.eventsBeforeExposure += beforeExposure;
    if (severalArms > 0) this.skip('unit-in-several-arms', severalArms);
    if (notExposed > 0) this.skip('unit-not-exposed', notExposed);
    if (missingValue > 0) this.skip('missing-metric-value', missingValue);
  }

  finish(): ExperimentData {
    this.countOutcomes();
    if (this.capacity !== this.units.capacity) this.growUnitState();
    const units = this.units;
    // Per arm and per hour of first exposure; arms index sparse arrays (they are integers).
    const armUnits: number[] = [];
    const hours = new Map<number, number[]>();
    let lastHour = NaN;
    let lastCounts: number[] = [];
    let several = 0;
    for (let unit = 0; unit < units.size; unit++) {
      const arm = units.armOf(unit);
      if (arm === SEVERAL_ARMS) several++;
      if (arm < 0) continue;
      armUnits[arm] = (armUnits[arm] ?? 0) + 1;
      const first = units.firstExposureOf(unit);
      if (!Number.isFinite(first)) continue;
      const hourStart = Math.floor(first / HOUR) * HOUR;
      if (hourStart !== lastHour) {
        let counts = hours.get(hourStart);
        if (!counts) hours.set(hourStart, (counts = []));
        lastHour = hourStart;
        lastCounts = counts;
      }
      lastCounts[arm] = (lastCounts[arm] ?? 0) + 1;
    }
    this.diagnostics.unitsInSeveralArms = several;
    const variations = Object.keys(armUnits)
      .map(Number)
      .sort((a, b) => a - b);
    const metrics: ExperimentData['metrics'] = {};
    for (const state of this.metricStates) {
      const summaries = variations.map((variation) => ({
        variation,
        units: armUnits[variation],
        conversions: 0,
        sum: 0,
        sumSquares: 0,
      }));
      // Arm → its summary; an array lookup per unit (arms are small integers, in any case integers).
      const perArm: (typeof summaries)[number][] = [];
      for (const summary of summaries) perArm[summary.variation] = summary;
      const { kind, aggregation } = state.spec;
      for (let unit = 0; unit < units.size; unit++) {
        const arm = units.armOf(unit);
        if (arm < 0) continue;
        const count = state.counts[unit];
        if (count === 0) continue;
        const total = state.binary ? 1 : state.sums[unit];
        const y =
          kind === 'conversion'
            ? aggregation === 'average'
              ? 1
              : total
            : aggregation === 'average'
              ? total / count
              : total;
        const summary = perArm[arm];
        summary.conversions++;
        summary.sum += y;
        summary.sumSquares += y * y;
      }
      metrics[state.spec.key] = summaries;
    }
    return {
      arms: variations.map((variation) => ({ variation, units: armUnits[variation] })),
      metrics,
      exposuresByHour: [...hours.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([hourStart, counts]) => ({
          hourStart,
          counts: Object.fromEntries(
            Object.keys(counts)
              .map(Number)
              .sort((a, b) => a - b)
              .map((arm) => [arm, counts[arm]]),
          ),
        })),
      diagnostics: this.diagnostics,
    };
  }
}

function countFor(counts: Map<number, number>, unit: number): void {
  counts.set(unit, (counts.get(unit) ?? 0) + 1);
}

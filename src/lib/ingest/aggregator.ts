// The rules of spec §2, independent of the file format. Pass 1 sees every record: diagnostics and
// exposures (first exposure and arm per unit). Pass 2 sees the metric events again once every unit's
// first exposure is final, which is what makes the result independent of event and file order.
import { Fingerprint, mixNumber } from './bytes.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { EventKind, isMetricKind, KNOWN_KINDS, ParsedEvent, ValueState } from './parsed-event.ts';
import {
  MALFORMED_LISTED,
  type ExperimentData,
  type ExperimentSpec,
  type IngestDiagnostics,
  type MetricSpec,
} from './types.ts';
import { NO_ARM, SEVERAL_ARMS, UnitTable } from './unit-table.ts';

const HOUR = 3_600_000;

/** Conversion metrics aggregated by average only need to know whether a unit had an event. */
type MetricState = {
  spec: MetricSpec;
  eventKeyIndex: number;
  counts: Uint32Array | Uint8Array;
  sums: Float64Array;
  binary: boolean;
};

export class ExperimentAggregator {
  readonly units = new UnitTable();
  readonly diagnostics: IngestDiagnostics = {
    recordsRead: 0,
    skipped: {},
    malformed: [],
    malformedCount: 0,
    unitsInSeveralArms: 0,
    duplicatesDropped: 0,
    eventsBeforeExposure: 0,
    eventsOutsideWindow: 0,
    sampledEvents: 0,
    firstTimestamp: null,
    lastTimestamp: null,
  };
  /** Records with a known event kind (a file of other JSON has none). */
  eventsRecognised = 0;
  private readonly start: number;
  private readonly end: number;
  private readonly optIn: boolean;
  private metricStates: MetricState[] = [];
  private seen = new FingerprintSet();
  private readonly recordPrint = new Fingerprint();

  constructor(
    private readonly spec: ExperimentSpec,
    /** metric index → index of its event key in the distinct event keys */
    private readonly metricEventKeyIndex: number[],
  ) {
    this.start = spec.window?.start ?? -Infinity;
    this.end = spec.window?.end ?? Infinity;
    this.optIn = spec.countAllRuleEvaluations === true;
  }

  skip(reason: string): void {
    this.diagnostics.skipped[reason] = (this.diagnostics.skipped[reason] ?? 0) + 1;
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
   * Pass 1 for one well-formed record. Returns true when it is a candidate metric event, i.e. one that
   * pass 2 must see (its file must be read again).
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
    else return true;
    return false;
  }

  /** The pass-1 candidate test, without counting anything (pass 2 repeats it on re-read records). */
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
    const arm = units.arm[unit];
    if (arm === NO_ARM) units.arm[unit] = variation;
    else if (arm !== variation) units.arm[unit] = SEVERAL_ARMS;
    if (time < units.firstExposure[unit]) units.firstExposure[unit] = time;
    return unit;
  }

  /** Sizes the per-unit metric state once pass 1 has found every exposed unit. */
  beginMetricPass(expectedMetricEvents = 0): void {
    const count = this.units.size;
    this.seen = new FingerprintSet(expectedMetricEvents);
    this.metricStates = this.spec.metrics.map((spec, index) => {
      const binary = spec.kind === 'conversion' && spec.aggregation === 'average';
      return {
        spec,
        binary,
        eventKeyIndex: this.metricEventKeyIndex[index],
        counts: binary ? new Uint8Array(count) : new Uint32Array(count),
        sums: new Float64Array(binary ? 0 : count),
      };
    });
  }

  /** Pass 2 for a record that observeRecord called a candidate metric event. */
  observeMetricEvent(event: ParsedEvent): void {
    const units = this.units;
    const unit = units.find(event.unit);
    if (unit < 0) return this.skip('unit-not-exposed');
    if (units.arm[unit] === SEVERAL_ARMS) return this.skip('unit-in-several-arms');
    if (event.time < units.firstExposure[unit]) {
      this.diagnostics.eventsBeforeExposure++;
      return;
    }
    if (!this.seen.add(this.fingerprintOf(event))) {
      this.diagnostics.duplicatesDropped++;
      return;
    }
    let missingValue = false;
    for (const state of this.metricStates) {
      if (state.eventKeyIndex !== event.eventKeyIndex) continue;
      if (state.binary) {
        state.counts[unit] = 1;
        continue;
      }
      if (state.spec.kind === 'numeric') {
        if (event.valueState !== ValueState.Number) {
          missingValue = true;
          continue;
        }
        state.sums[unit] += event.value;
      } else state.sums[unit] += 1;
      state.counts[unit]++;
    }
    if (missingValue) this.skip('missing-metric-value');
  }

  /** Adds a unit's already aggregated value (unit-level files): one event carrying the unit's value. */
  addUnitValue(unit: number, metricIndex: number, value: number): void {
    const state = this.metricStates[metricIndex];
    if (state.binary) {
      state.counts[unit] = 1;
      return;
    }
    state.sums[unit] += value;
    state.counts[unit] += 1;
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

  /** Bytes held by the aggregation state (units, metric arrays, duplicate set). */
  stateBytes(): number {
    let bytes = this.units.byteLength() + this.seen.byteLength();
    for (const state of this.metricStates) bytes += state.counts.byteLength + state.sums.byteLength;
    return bytes;
  }

  finish(): ExperimentData {
    if (this.metricStates.length !== this.spec.metrics.length) this.beginMetricPass();
    const units = this.units;
    const armUnits = new Map<number, number>();
    const hours = new Map<number, Map<number, number>>();
    let several = 0;
    for (let unit = 0; unit < units.size; unit++) {
      const arm = units.arm[unit];
      if (arm === SEVERAL_ARMS) several++;
      if (arm < 0) continue;
      armUnits.set(arm, (armUnits.get(arm) ?? 0) + 1);
      const first = units.firstExposure[unit];
      if (!Number.isFinite(first)) continue;
      const hourStart = Math.floor(first / HOUR) * HOUR;
      let counts = hours.get(hourStart);
      if (!counts) hours.set(hourStart, (counts = new Map()));
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    this.diagnostics.unitsInSeveralArms = several;
    const variations = [...armUnits.keys()].sort((a, b) => a - b);
    const metrics: ExperimentData['metrics'] = {};
    for (const state of this.metricStates) {
      const perArm = new Map(
        variations.map((variation) => [
          variation,
          { variation, units: armUnits.get(variation)!, conversions: 0, sum: 0, sumSquares: 0 },
        ]),
      );
      const { kind, aggregation } = state.spec;
      for (let unit = 0; unit < units.size; unit++) {
        const arm = units.arm[unit];
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
        const summary = perArm.get(arm)!;
        summary.conversions++;
        summary.sum += y;
        summary.sumSquares += y * y;
      }
      metrics[state.spec.key] = [...perArm.values()];
    }
    return {
      arms: variations.map((variation) => ({ variation, units: armUnits.get(variation)! })),
      metrics,
      exposuresByHour: [...hours.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([hourStart, counts]) => ({
          hourStart,
          counts: Object.fromEntries([...counts.entries()].sort((a, b) => a[0] - b[0])),
        })),
      diagnostics: this.diagnostics,
    };
  }
}

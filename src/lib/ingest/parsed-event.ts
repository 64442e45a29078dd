// The few fields of one event the rules need, filled in place by each parser (JSON fast path, JSON
// fallback, CSV rows) so the rule engine never sees the source format and no object is built per record.
import { Fingerprint } from './bytes.ts';

export const enum EventKind {
  Feature,
  Custom,
  Click,
  Pageview,
  Identify,
  Index,
  Summary,
  Debug,
  Alias,
  Unknown,
  Missing,
}

export const KNOWN_KINDS = [
  'feature',
  'custom',
  'click',
  'pageview',
  'identify',
  'index',
  'summary',
  'debug',
  'alias',
] as const;

export function kindFromName(name: unknown): EventKind {
  if (typeof name !== 'string') return EventKind.Missing;
  const index = (KNOWN_KINDS as readonly string[]).indexOf(name);
  return index < 0 ? EventKind.Unknown : (index as EventKind);
}

export function isMetricKind(kind: EventKind): boolean {
  return kind === EventKind.Custom || kind === EventKind.Click || kind === EventKind.Pageview;
}

export const enum ValueState {
  Absent,
  Number,
  Invalid,
}

/** A variation that is there but is not a non-negative safe integer (a malformed record). */
export const INVALID_VARIATION = -2;

/** The evaluation reasons the assignment audit tells apart, by index (ParsedEvent.reasonKind). */
export const REASON_KINDS = [
  'RULE_MATCH',
  'FALLTHROUGH',
  'TARGET_MATCH',
  'OFF',
  'PREREQUISITE_FAILED',
  'ERROR',
] as const;
/** ParsedEvent.reasonKind for an event without a reason kind, and for one of another name. */
export const REASON_ABSENT = -1;
export const REASON_OTHER = -2;

export function reasonKindFromName(name: unknown): number {
  if (typeof name !== 'string') return REASON_ABSENT;
  const index = (REASON_KINDS as readonly string[]).indexOf(name);
  return index < 0 ? REASON_OTHER : index;
}

export const CONNECTION_TEST_KEY = 'LaunchDarklyDataExportTestEvent';

/**
 * Reads a record's slicing attributes when asked: only when its exposure is the unit's first so far,
 * so most records are never read for them. `into[a]` is the value of `attributes[a]` (undefined: none).
 */
export interface SliceValueSource {
  readSliceValues(attributes: string[], into: (string | undefined)[]): void;
}

export class ParsedEvent {
  kind = EventKind.Missing;
  /** The event's `key` equals the experiment's flag key. */
  isFlag = false;
  /** Index into the distinct metric event keys, or -1. */
  eventKeyIndex = -1;
  isConnectionTest = false;
  hasUnit = false;
  readonly unit = new Fingerprint();
  /** Unix ms, NaN when missing. */
  time = NaN;
  /** -1 when missing (a failed evaluation); INVALID_VARIATION when present but not a variation index. */
  variation = -1;
  /** 1 true, 0 false, -1 absent. */
  inExperiment = -1;
  reasonError = false;
  hasId = false;
  readonly id = new Fingerprint();
  valueState = ValueState.Absent;
  value = 0;
  samplingRatio = 1;
  /**
   * Where the unit key's UTF-8 bytes are (for the assignment audit, read during observeRecord only):
   * the bytes being scanned, or the key encoded by the JSON.parse fallback; null without a key.
   */
  unitBytes: Uint8Array | null = null;
  unitStart = 0;
  unitEnd = 0;
  /** The flag version of an evaluation, NaN when missing. */
  version = NaN;
  /** Index into REASON_KINDS, REASON_ABSENT or REASON_OTHER. */
  reasonKind = REASON_ABSENT;
  /** reason.ruleIndex, -1 when missing. */
  ruleIndex = -1;
  /** Where the record's slicing attributes can be read (set by the reader; null without slices). */
  sliceSource: SliceValueSource | null = null;

  reset(): void {
    this.kind = EventKind.Missing;
    this.isFlag = false;
    this.eventKeyIndex = -1;
    this.isConnectionTest = false;
    this.hasUnit = false;
    this.time = NaN;
    this.variation = -1;
    this.inExperiment = -1;
    this.reasonError = false;
    this.hasId = false;
    this.valueState = ValueState.Absent;
    this.value = 0;
    this.samplingRatio = 1;
    this.unitBytes = null;
    this.unitStart = this.unitEnd = 0;
    this.version = NaN;
    this.reasonKind = REASON_ABSENT;
    this.ruleIndex = -1;
  }
}

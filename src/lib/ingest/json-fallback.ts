// The reference reading of one record: JSON.parse, then the same field rules as the fast path. Used
// for every record the fast path gives up on, and in tests as the oracle for the fast path.
import { fingerprintString } from './bytes.ts';
import type { MatchTargets } from './match-targets.ts';
import {
  CONNECTION_TEST_KEY,
  INVALID_VARIATION,
  kindFromName,
  ParsedEvent,
  reasonKindFromName,
  ValueState,
} from './parsed-event.ts';

const encoder = new TextEncoder();

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Rule 1 of docs/data-import.md#the-rules: the unit key of an event for the unit kind, or undefined. */
export function unitKeyOf(event: Json, unitKind: string): string | undefined {
  const contextKeys = event.contextKeys;
  const fromKeys = isObject(contextKeys) ? nonEmptyString(contextKeys[unitKind]) : undefined;
  if (fromKeys !== undefined) return fromKeys;
  const context = event.context;
  if (isObject(context)) {
    const kind = 'kind' in context ? context.kind : 'user';
    const key = nonEmptyString(context.key);
    if (kind === unitKind && key !== undefined) return key;
    const member = context[unitKind];
    if (kind === 'multi' && isObject(member)) {
      const memberKey = nonEmptyString(member.key);
      if (memberKey !== undefined) return memberKey;
    }
  }
  if (unitKind !== 'user') return undefined;
  const userKey = nonEmptyString(event.userKey);
  if (userKey !== undefined) return userKey;
  const user = event.user;
  return isObject(user) ? nonEmptyString(user.key) : undefined;
}

function isConnectionTest(event: Json, unitKey: string | undefined): boolean {
  const contextKeys = isObject(event.contextKeys) ? event.contextKeys : {};
  const context = isObject(event.context) ? event.context : {};
  const user = isObject(event.user) ? event.user : {};
  return [event.key, unitKey, event.userKey, user.key, contextKeys.user, context.key].includes(
    CONNECTION_TEST_KEY,
  );
}

/** Fills `out` from an already parsed record (envelope or bare event). Returns false if it is not an object. */
export function readParsedRecord(
  record: unknown,
  targets: MatchTargets,
  out: ParsedEvent,
): boolean {
  out.reset();
  if (!isObject(record)) return false;
  const event = isObject(record.event) ? record.event : record;
  out.kind = kindFromName(event.kind);
  const key = typeof event.key === 'string' ? event.key : undefined;
  out.isFlag = key !== undefined && key === targets.flagKey;
  out.eventKeyIndex = key === undefined ? -1 : targets.eventKeyIndex(key);
  const unitKey = unitKeyOf(event, targets.unitKind);
  out.hasUnit = unitKey !== undefined;
  if (unitKey !== undefined) {
    fingerprintString(unitKey, out.unit);
    out.unitBytes = encoder.encode(unitKey);
    out.unitEnd = out.unitBytes.length;
  }
  out.isConnectionTest = isConnectionTest(event, unitKey);
  const time = event.creationDate;
  out.time = typeof time === 'number' && Number.isFinite(time) ? time : NaN;
  const variation = event.variation;
  out.variation =
    typeof variation !== 'number'
      ? -1
      : Number.isSafeInteger(variation) && variation >= 0
        ? variation
        : INVALID_VARIATION;
  const reason = event.reason;
  if (isObject(reason)) {
    out.inExperiment = reason.inExperiment === true ? 1 : reason.inExperiment === false ? 0 : -1;
    out.reasonError = reason.kind === 'ERROR';
  }
  // Only the assignment audit reads these, and only of the experiment's flag evaluations.
  if (out.isFlag) {
    const version = event.version;
    out.version = typeof version === 'number' && Number.isFinite(version) ? version : NaN;
    if (isObject(reason)) {
      out.reasonKind = reasonKindFromName(reason.kind);
      const ruleIndex = reason.ruleIndex;
      out.ruleIndex =
        typeof ruleIndex === 'number' && Number.isSafeInteger(ruleIndex) && ruleIndex >= 0
          ? ruleIndex
          : -1;
    }
  }
  const id = typeof event.id === 'number' ? String(event.id) : nonEmptyString(event.id);
  out.hasId = id !== undefined;
  if (id !== undefined) fingerprintString(id, out.id);
  const value = event.metricValue;
  if (typeof value === 'number') {
    out.value = value;
    out.valueState = Number.isFinite(value) ? ValueState.Number : ValueState.Invalid;
  } else
    out.valueState = value === undefined || value === null ? ValueState.Absent : ValueState.Invalid;
  out.samplingRatio = typeof event.samplingRatio === 'number' ? event.samplingRatio : 1;
  return true;
}

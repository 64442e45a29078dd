// Extracts the needed fields of one Data Export record straight from its UTF-8 bytes, validating the
// JSON it skips. Anything it does not fully understand (escaped keys or needed strings, numeric ids,
// deep nesting, invalid syntax) makes it give up, and the caller falls back to JSON.parse — so the
// result never depends on this path, only the speed does.
//
// One flat loop walks the whole record with its position, depth and byte in locals, and a stack of
// which object each depth is (the event, its context, its reason…, or one whose fields are not
// needed). A field the rules need is handed to a small handler when its value has been read; every
// other value is only validated. No call per field and no recursion: that is most of the speed.
import { bytesEqual, fingerprintBytes, parseNumberBytes } from './bytes.ts';
import type { MatchTargets } from './match-targets.ts';
import {
  EventKind,
  INVALID_VARIATION,
  KNOWN_KINDS,
  ParsedEvent,
  REASON_ABSENT,
  REASON_KINDS,
  REASON_OTHER,
  ValueState,
} from './parsed-event.ts';

const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The static field names the scanner looks for, by id (FIELD_NAMES[id]). */
const enum Name {
  Kind,
  Key,
  CreationDate,
  ContextKeys,
  Context,
  UserKey,
  User,
  Variation,
  Reason,
  InExperiment,
  Id,
  MetricValue,
  SamplingRatio,
  Event,
  Version,
  RuleIndex,
  None = -1,
}
const FIELD_NAMES = [
  'kind',
  'key',
  'creationDate',
  'contextKeys',
  'context',
  'userKey',
  'user',
  'variation',
  'reason',
  'inExperiment',
  'id',
  'metricValue',
  'samplingRatio',
  'event',
  'version',
  'ruleIndex',
].map(ascii);
// The needed names by length and first byte: no two share both, so a name read up to its closing quote
// has at most one candidate to compare with.
const LONGEST_NAME = Math.max(...FIELD_NAMES.map((name) => name.length));
const NAME_BY_LENGTH_AND_FIRST_BYTE = new Int8Array((LONGEST_NAME + 1) << 8).fill(Name.None);
FIELD_NAMES.forEach((bytes, id) => {
  const slot = (bytes.length << 8) | bytes[0];
  if (NAME_BY_LENGTH_AND_FIRST_BYTE[slot] !== Name.None)
    throw new Error('json-fast-path: two needed names share their length and first byte');
  NAME_BY_LENGTH_AND_FIRST_BYTE[slot] = id;
});

// Each name as little-endian 32-bit words at offsets 0, 4, 8… and one ending at its last byte (they
// may overlap): a name of up to 16 bytes is compared in at most four word reads instead of byte by byte.
const NAME_WORDS = 4;
const NAME_WORD_OFFSETS = new Int8Array(FIELD_NAMES.length * NAME_WORDS).fill(-1);
const NAME_WORD_VALUES = new Int32Array(FIELD_NAMES.length * NAME_WORDS);
FIELD_NAMES.forEach((bytes, id) => {
  if (bytes.length < 4) return;
  const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const offsets = [];
  for (let at = 0; at + 4 < bytes.length; at += 4) offsets.push(at);
  offsets.push(bytes.length - 4);
  if (offsets.length > NAME_WORDS) throw new Error('json-fast-path: a needed name is too long');
  offsets.forEach((offset, k) => {
    NAME_WORD_OFFSETS[id * NAME_WORDS + k] = offset;
    NAME_WORD_VALUES[id * NAME_WORDS + k] = words.getInt32(offset, true);
  });
});

/**
 * The id of the needed name data[start, end) (a name without escapes), or Name.None. `words` views
 * the same bytes as `data`.
 */
function nameId(data: Uint8Array, words: DataView, start: number, end: number): Name {
  const length = end - start;
  if (length > LONGEST_NAME || length === 0) return Name.None;
  const id = NAME_BY_LENGTH_AND_FIRST_BYTE[(length << 8) | data[start]];
  if (id < 0) return Name.None;
  if (length < 4) {
    const bytes = FIELD_NAMES[id];
    for (let i = 1; i < length; i++) if (data[start + i] !== bytes[i]) return Name.None;
    return id as Name;
  }
  for (let k = id * NAME_WORDS; k < id * NAME_WORDS + NAME_WORDS; k++) {
    const offset = NAME_WORD_OFFSETS[k];
    if (offset < 0) break;
    if (words.getInt32(start + offset, true) !== NAME_WORD_VALUES[k]) return Name.None;
  }
  return id as Name;
}

/** What an object at some depth is: which of its fields are needed. */
const enum Scope {
  Skip,
  TopLevel,
  /** The top level once an envelope's event was read: only another envelope counts. */
  TopLevelAfterEnvelope,
  Event,
  ContextKeys,
  Context,
  MultiMember,
  User,
  Reason,
  Array,
}

/**
 * A needed field (Skip: not needed, only validated). The containers come first: each time one occurs,
 * what was read inside an earlier one of the same name is forgotten (the last occurrence counts).
 */
const enum Field {
  Skip,
  ContextKeys,
  Context,
  User,
  Reason,
  ContextUnit,
  /** A context's 'key' or 'kind' when the unit kind has that name: also the multi member. */
  ContextKeyOrUnit,
  ContextKindOrUnit,
  Envelope,
  Kind,
  Key,
  CreationDate,
  UserKey,
  Variation,
  Id,
  MetricValue,
  SamplingRatio,
  ContextKeysUnit,
  ContextKeysUser,
  ContextKey,
  ContextKind,
  MultiMemberKey,
  UserObjectKey,
  InExperiment,
  ReasonKind,
  Version,
  RuleIndex,
  Count,
}
const LAST_CONTAINER = Field.Envelope;

/** The event's fields by name id (the same at the top level of a bare event and inside an envelope). */
const EVENT_FIELDS: Field[] = [
  Field.Kind,
  Field.Key,
  Field.CreationDate,
  Field.ContextKeys,
  Field.Context,
  Field.UserKey,
  Field.User,
  Field.Variation,
  Field.Reason,
  Field.Skip, // inExperiment belongs to the reason
  Field.Id,
  Field.MetricValue,
  Field.SamplingRatio,
  Field.Skip, // event: only an envelope's
  Field.Version,
  Field.Skip, // ruleIndex belongs to the reason
];

/** Where the fields of an object go, by the field it is the value of. */
const SCOPE_OF_FIELD = new Uint8Array(Field.Count);
SCOPE_OF_FIELD[Field.ContextKeys] = Scope.ContextKeys;
SCOPE_OF_FIELD[Field.Context] = Scope.Context;
SCOPE_OF_FIELD[Field.User] = Scope.User;
SCOPE_OF_FIELD[Field.Reason] = Scope.Reason;
SCOPE_OF_FIELD[Field.ContextUnit] = Scope.MultiMember;
SCOPE_OF_FIELD[Field.ContextKeyOrUnit] = Scope.MultiMember;
SCOPE_OF_FIELD[Field.ContextKindOrUnit] = Scope.MultiMember;
SCOPE_OF_FIELD[Field.Envelope] = Scope.Event;

/** What the last value of a field was (Absent: the field did not occur). */
const enum Token {
  Absent,
  String,
  Number,
  True,
  False,
  Null,
  Object,
  Array,
}

// The last value of each needed field of the record: its token, its string's byte range, its number.
const tokens = new Uint8Array(Field.Count);
const starts = new Int32Array(Field.Count);
const ends = new Int32Array(Field.Count);
const numbers = new Float64Array(Field.Count);
const scopes = new Uint8Array(MAX_DEPTH + 2);

const V_ERROR = ascii('ERROR');
const V_MULTI = ascii('multi');
const V_USER = ascii('user');
const L_TRUE = ascii('true');
const L_FALSE = ascii('false');
const L_NULL = ascii('null');
const KIND_NAMES = KNOWN_KINDS.map(ascii);
const REASON_NAMES = REASON_KINDS.map(ascii);
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NAME_SLOTS = 17; // name ids -1…15, by scope, in the field table

/** The field each name stands for in each scope, for one unit kind. */
class FieldTable {
  readonly fields = new Uint8Array((Scope.Array + 1) * NAME_SLOTS);
  readonly unitKindBytes: Uint8Array;
  readonly unitIsUser: boolean;
  /** The unit kind is none of the static names: a name in a context must be compared with it. */
  readonly unitKindIsOther: boolean;
  /** Where a context's key and kind are kept (a unit kind spelled 'key' or 'kind' shares them). */
  readonly contextKey: Field;
  readonly contextKind: Field;

  constructor(unitKind: Uint8Array) {
    this.unitKindBytes = unitKind;
    const unitName = nameId(
      unitKind,
      new DataView(unitKind.buffer, unitKind.byteOffset, unitKind.length),
      0,
      unitKind.length,
    );
    this.unitIsUser = unitName === Name.User;
    this.unitKindIsOther = unitName === Name.None;
    this.contextKey = unitName === Name.Key ? Field.ContextKeyOrUnit : Field.ContextKey;
    this.contextKind = unitName === Name.Kind ? Field.ContextKindOrUnit : Field.ContextKind;
    EVENT_FIELDS.forEach((field, id) => {
      this.set(Scope.TopLevel, id, field);
      this.set(Scope.Event, id, field);
    });
    this.set(Scope.TopLevel, Name.Event, Field.Envelope);
    this.set(Scope.TopLevelAfterEnvelope, Name.Event, Field.Envelope);
    if (unitName !== Name.None) this.set(Scope.ContextKeys, unitName, Field.ContextKeysUnit);
    this.set(Scope.ContextKeys, Name.User, Field.ContextKeysUser); // for a 'user' unit, read as both
    if (unitName !== Name.None) this.set(Scope.Context, unitName, Field.ContextUnit);
    this.set(Scope.Context, Name.Key, this.contextKey);
    this.set(Scope.Context, Name.Kind, this.contextKind);
    this.set(Scope.MultiMember, Name.Key, Field.MultiMemberKey);
    this.set(Scope.User, Name.Key, Field.UserObjectKey);
    this.set(Scope.Reason, Name.InExperiment, Field.InExperiment);
    this.set(Scope.Reason, Name.Kind, Field.ReasonKind);
    this.set(Scope.Reason, Name.RuleIndex, Field.RuleIndex);
  }

  private set(scope: Scope, id: Name, field: Field): void {
    this.fields[scope * NAME_SLOTS + id + 1] = field;
  }
}

let fieldTable = new FieldTable(V_USER);
/** A view of the bytes being read, for word compares (made again only when the bytes change). */
let wordsOf: Uint8Array | null = null;
let words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let fieldTableTargets: MatchTargets | null = null;

/**
 * A container field occurred: forget what earlier ones held; an envelope's event replaces all. False
 * (give up) for an envelope's "event" followed by another that is not an object: JSON.parse keeps the
 * last, which makes the whole record the event.
 */
function containerOccurred(field: Field, token: Token): boolean {
  switch (field) {
    case Field.ContextKeys:
      tokens[Field.ContextKeysUnit] = tokens[Field.ContextKeysUser] = Token.Absent;
      break;
    case Field.Context:
      tokens[Field.ContextKey] = tokens[Field.ContextKind] = Token.Absent;
      tokens[Field.ContextKeyOrUnit] = tokens[Field.ContextKindOrUnit] = Token.Absent;
      tokens[Field.MultiMemberKey] = Token.Absent;
      break;
    case Field.User:
      tokens[Field.UserObjectKey] = Token.Absent;
      break;
    case Field.Reason:
      tokens[Field.InExperiment] =
        tokens[Field.ReasonKind] =
        tokens[Field.RuleIndex] =
          Token.Absent;
      break;
    case Field.ContextUnit:
    case Field.ContextKeyOrUnit:
    case Field.ContextKindOrUnit:
      tokens[Field.MultiMemberKey] = Token.Absent;
      break;
    case Field.Envelope:
      if (token !== Token.Object) return scopes[0] !== Scope.TopLevelAfterEnvelope;
      tokens.fill(Token.Absent);
      scopes[0] = Scope.TopLevelAfterEnvelope;
      break;
  }
  return true;
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** The length of the escape sequence at data[p] (a backslash), or 0 when it is not a valid one. */
function escapeLength(data: Uint8Array, p: number): number {
  const next = data[p + 1];
  if (next === 0x75)
    return isHex(data[p + 2]) && isHex(data[p + 3]) && isHex(data[p + 4]) && isHex(data[p + 5])
      ? 6
      : 0;
  return next === QUOTE ||
    next === BACKSLASH ||
    next === 0x2f ||
    next === 0x62 ||
    next === 0x66 ||
    next === 0x6e ||
    next === 0x72 ||
    next === 0x74
    ? 2
    : 0;
}

function isBlank(b: number, newlineIsBlank: boolean): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || (b === 0x0a && newlineIsBlank);
}

function skipBlanks(data: Uint8Array, p: number, newlineIsBlank: boolean): number {
  while (isBlank(data[p], newlineIsBlank)) p++;
  return p;
}

function isLiteral(data: Uint8Array, p: number, literal: Uint8Array): boolean {
  for (let i = 0; i < literal.length; i++) if (data[p + i] !== literal[i]) return false;
  return true;
}

/**
 * Walks the object at data[start] (after blanks), keeping the last value of every needed field.
 * Returns where the object ends, or -1 when the fast path gives up. It reads on until the object ends
 * or a byte stops it (a line break in JSON Lines, the end of the array); the caller checks where.
 */
function walkObject(
  data: Uint8Array,
  words: DataView,
  start: number,
  newlineIsBlank: boolean,
): number {
  const scope = scopes;
  const table = fieldTable;
  const fields = table.fields;
  let p = start;
  if (data[p] !== OPEN_BRACE) {
    p = skipBlanks(data, p, newlineIsBlank);
    if (data[p] !== OPEN_BRACE) return -1;
  }
  p++;
  let depth = 0;
  scope[0] = Scope.TopLevel;
  let c = data[p];
  if (c <= 0x20) c = data[(p = skipBlanks(data, p, newlineIsBlank))];
  if (c === CLOSE_BRACE) return p + 1;
  let expectName = true;
  for (;;) {
    let field = Field.Skip;
    if (expectName) {
      // Each separator is tested for the byte compact JSON has there; blanks are skipped only when not.
      if (data[p] !== QUOTE) {
        p = skipBlanks(data, p, newlineIsBlank);
        if (data[p] !== QUOTE) return -1;
      }
      const nameStart = ++p;
      // The common byte first (above '"', not '\\'): one test passes it; an escape makes it give up.
      for (;;) {
        c = data[p];
        if ((c > QUOTE && c !== BACKSLASH) || c === 0x20 || c === 0x21) p++;
        else break;
      }
      if (c !== QUOTE) return -1;
      const nameScope = scope[depth];
      if (nameScope !== Scope.Skip) {
        const id = nameId(data, words, nameStart, p);
        field = fields[nameScope * NAME_SLOTS + id + 1];
        if (
          id === Name.None &&
          table.unitKindIsOther &&
          (nameScope === Scope.ContextKeys || nameScope === Scope.Context) &&
          bytesEqual(data, nameStart, p, table.unitKindBytes)
        )
          field = nameScope === Scope.Context ? Field.ContextUnit : Field.ContextKeysUnit;
      }
      p++;
      if (data[p] !== COLON) {
        p = skipBlanks(data, p, newlineIsBlank);
        if (data[p] !== COLON) return -1;
      }
      p++;
    }
    c = data[p];
    if (c <= 0x20) c = data[(p = skipBlanks(data, p, newlineIsBlank))];
    if (c === QUOTE) {
      const valueStart = ++p;
      let escaped = false;
      for (;;) {
        c = data[p];
        if (c > QUOTE && c !== BACKSLASH) {
          p++;
          continue;
        }
        if (c === QUOTE) break;
        if (c !== BACKSLASH) {
          if (c === 0x20 || c === 0x21) {
            p++;
            continue;
          }
          return -1; // a control byte, a line break or the end of the bytes
        }
        const length = escapeLength(data, p);
        if (length === 0) return -1;
        escaped = true;
        p += length;
      }
      if (field !== Field.Skip) {
        // A needed string is read as it is: an escape in it could spell anything, so JSON.parse decides.
        if (escaped) return -1;
        tokens[field] = Token.String;
        starts[field] = valueStart;
        ends[field] = p;
        if (field <= LAST_CONTAINER && !containerOccurred(field, Token.String)) return -1;
      }
      p++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return -1;
      p++;
      const token = c === OPEN_BRACE ? Token.Object : Token.Array;
      if (field !== Field.Skip) {
        tokens[field] = token;
        starts[field] = p - 1;
        if (field <= LAST_CONTAINER && !containerOccurred(field, token)) return -1;
      }
      expectName = token === Token.Object;
      scope[depth] = expectName ? SCOPE_OF_FIELD[field] : Scope.Array;
      c = data[p];
      if (c <= 0x20) c = data[(p = skipBlanks(data, p, newlineIsBlank))];
      if (c !== (expectName ? CLOSE_BRACE : CLOSE_BRACKET)) continue;
      p++; // an empty object or array
      depth--;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      // Strict JSON number grammar; plain decimals of up to 15 digits are computed on the way exactly
      // as parseNumberBytes would, anything else is left to it.
      const numberStart = p;
      const negative = c === MINUS;
      if (negative) c = data[++p];
      let mantissa = 0;
      let digits = 0;
      let scale = 0;
      if (c === ZERO) {
        c = data[++p];
        digits = 1;
      } else if (c >= ZERO + 1 && c <= NINE) {
        do {
          mantissa = mantissa * 10 + (c - ZERO);
          digits++;
          c = data[++p];
        } while (c >= ZERO && c <= NINE);
      } else return -1;
      if (c === 0x2e) {
        c = data[++p];
        if (!(c >= ZERO && c <= NINE)) return -1;
        do {
          mantissa = mantissa * 10 + (c - ZERO);
          digits++;
          scale++;
          c = data[++p];
        } while (c >= ZERO && c <= NINE);
      }
      let exact = digits <= 15 && scale <= 22;
      if (c === 0x65 || c === 0x45) {
        exact = false;
        c = data[++p];
        if (c === 0x2b || c === MINUS) c = data[++p];
        if (!(c >= ZERO && c <= NINE)) return -1;
        do c = data[++p];
        while (c >= ZERO && c <= NINE);
      }
      if (field !== Field.Skip) {
        if (field === Field.Id) return -1; // a numeric id: JSON.parse decides how it reads
        const magnitude = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
        tokens[field] = Token.Number;
        numbers[field] = !exact
          ? parseNumberBytes(data, numberStart, p)
          : negative
            ? -magnitude
            : magnitude;
        if (field <= LAST_CONTAINER && !containerOccurred(field, Token.Number)) return -1;
      }
    } else {
      let token: Token;
      if (c === 0x74 && isLiteral(data, p, L_TRUE)) token = Token.True;
      else if (c === 0x66 && isLiteral(data, p, L_FALSE)) token = Token.False;
      else if (c === 0x6e && isLiteral(data, p, L_NULL)) token = Token.Null;
      else return -1;
      p += token === Token.False ? 5 : 4;
      if (field !== Field.Skip) {
        tokens[field] = token;
        if (field <= LAST_CONTAINER && !containerOccurred(field, token)) return -1;
      }
    }
    // After a value: a comma, or the ends of the objects and arrays it closes.
    for (;;) {
      c = data[p];
      if (c === COMMA) {
        p++;
        break;
      }
      const inArray = scope[depth] === Scope.Array;
      if (c === CLOSE_BRACE && !inArray) {
        p++;
        if (depth === 0) return p;
        depth--;
      } else if (c === CLOSE_BRACKET && inArray) {
        p++;
        depth--;
      } else if (isBlank(c, newlineIsBlank)) p++;
      else return -1;
    }
    expectName = scope[depth] !== Scope.Array;
  }
}

/** Where the field's string starts when its last value is a non-empty string, else -1. */
function presentStart(field: Field): number {
  return tokens[field] === Token.String && ends[field] > starts[field] ? starts[field] : -1;
}

function stringEquals(data: Uint8Array, field: Field, target: Uint8Array): boolean {
  return tokens[field] === Token.String && bytesEqual(data, starts[field], ends[field], target);
}

function kindOf(data: Uint8Array): EventKind {
  if (tokens[Field.Kind] !== Token.String) return EventKind.Missing;
  const start = starts[Field.Kind];
  const end = ends[Field.Kind];
  for (let k = 0; k < KIND_NAMES.length; k++)
    if (bytesEqual(data, start, end, KIND_NAMES[k])) return k as EventKind;
  return EventKind.Unknown;
}

/** The reason kind of an evaluation (an index into REASON_KINDS, REASON_ABSENT or REASON_OTHER). */
function reasonKindOf(data: Uint8Array): number {
  if (tokens[Field.ReasonKind] !== Token.String) return REASON_ABSENT;
  const start = starts[Field.ReasonKind];
  const end = ends[Field.ReasonKind];
  for (let k = 0; k < REASON_NAMES.length; k++)
    if (bytesEqual(data, start, end, REASON_NAMES[k])) return k;
  return REASON_OTHER;
}

/** The last values of the needed fields → the event (without its unit). */
function fillEvent(data: Uint8Array, targets: MatchTargets, event: ParsedEvent): void {
  event.kind = kindOf(data);
  const isKeyed = tokens[Field.Key] === Token.String;
  const keyStart = starts[Field.Key];
  const keyEnd = ends[Field.Key];
  event.isFlag = isKeyed && bytesEqual(data, keyStart, keyEnd, targets.flagKeyBytes);
  event.eventKeyIndex = isKeyed ? targets.eventKeyIndexOfBytes(data, keyStart, keyEnd) : -1;
  const time = numbers[Field.CreationDate];
  event.time = tokens[Field.CreationDate] === Token.Number && Number.isFinite(time) ? time : NaN;
  const variation = numbers[Field.Variation];
  event.variation =
    tokens[Field.Variation] !== Token.Number
      ? -1
      : Number.isSafeInteger(variation) && variation >= 0
        ? variation
        : INVALID_VARIATION;
  const inExperiment = tokens[Field.InExperiment];
  event.inExperiment = inExperiment === Token.True ? 1 : inExperiment === Token.False ? 0 : -1;
  event.reasonError = stringEquals(data, Field.ReasonKind, V_ERROR);
  const idStart = presentStart(Field.Id);
  event.hasId = idStart >= 0;
  if (idStart >= 0) fingerprintBytes(data, idStart, ends[Field.Id], event.id);
  const value = tokens[Field.MetricValue];
  if (value === Token.Number) {
    event.value = numbers[Field.MetricValue];
    event.valueState = Number.isFinite(event.value) ? ValueState.Number : ValueState.Invalid;
  } else {
    event.value = 0;
    event.valueState =
      value === Token.Absent || value === Token.Null ? ValueState.Absent : ValueState.Invalid;
  }
  event.samplingRatio =
    tokens[Field.SamplingRatio] === Token.Number ? numbers[Field.SamplingRatio] : 1;
  // Only the assignment audit reads these, and only of the experiment's flag evaluations.
  if (event.isFlag) {
    event.version = tokens[Field.Version] === Token.Number ? numbers[Field.Version] : NaN;
    const ruleIndex = numbers[Field.RuleIndex];
    event.ruleIndex =
      tokens[Field.RuleIndex] === Token.Number && Number.isSafeInteger(ruleIndex) && ruleIndex >= 0
        ? ruleIndex
        : -1;
    event.reasonKind = reasonKindOf(data);
  } else {
    event.version = NaN;
    event.ruleIndex = -1;
    event.reasonKind = REASON_ABSENT;
  }
}

/** Applies the unit-key rule (rule 1 of docs/data-import.md#the-rules) to the last values found, and spots the connection test. */
function resolveUnit(data: Uint8Array, targets: MatchTargets, event: ParsedEvent): void {
  const { unitIsUser, contextKey, contextKind: contextKindField } = fieldTable;
  const contextKind = tokens[contextKindField];
  const contextKindMatches =
    contextKind === Token.Absent
      ? unitIsUser
      : stringEquals(data, contextKindField, targets.unitKindBytes);
  let unitField = Field.Skip;
  if (presentStart(unitIsUser ? Field.ContextKeysUser : Field.ContextKeysUnit) >= 0)
    unitField = unitIsUser ? Field.ContextKeysUser : Field.ContextKeysUnit;
  else if (contextKindMatches && presentStart(contextKey) >= 0) unitField = contextKey;
  else if (stringEquals(data, contextKindField, V_MULTI) && presentStart(Field.MultiMemberKey) >= 0)
    unitField = Field.MultiMemberKey;
  else if (unitIsUser && presentStart(Field.UserKey) >= 0) unitField = Field.UserKey;
  else if (unitIsUser && presentStart(Field.UserObjectKey) >= 0) unitField = Field.UserObjectKey;
  event.hasUnit = unitField !== Field.Skip;
  if (event.hasUnit) {
    fingerprintBytes(data, starts[unitField], ends[unitField], event.unit);
    event.unitBytes = data;
    event.unitStart = starts[unitField];
    event.unitEnd = ends[unitField];
  }
  const test = targets.testKeyBytes;
  event.isConnectionTest =
    stringEquals(data, Field.Key, test) ||
    (event.hasUnit && bytesEqual(data, starts[unitField], ends[unitField], test)) ||
    (presentStart(Field.UserKey) >= 0 && stringEquals(data, Field.UserKey, test)) ||
    (presentStart(Field.UserObjectKey) >= 0 && stringEquals(data, Field.UserObjectKey, test)) ||
    (presentStart(Field.ContextKeysUser) >= 0 && stringEquals(data, Field.ContextKeysUser, test)) ||
    (presentStart(contextKey) >= 0 && stringEquals(data, contextKey, test));
}

/**
 * Fills `event` from the JSON object that starts (after blanks) at bytes[start] and ends before `stop`.
 * Returns where the object ends, or -1 when the fast path gives up (the event is then in an unspecified
 * state). Bytes after the object are not looked at.
 */
function readObject(
  bytes: Uint8Array,
  start: number,
  stop: number,
  targets: MatchTargets,
  event: ParsedEvent,
  newlineIsBlank: boolean,
): number {
  if (fieldTableTargets !== targets) {
    fieldTableTargets = targets;
    fieldTable = new FieldTable(targets.unitKindBytes);
  }
  if (bytes !== wordsOf) {
    wordsOf = bytes;
    words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  tokens.fill(Token.Absent);
  const objectEnd = walkObject(bytes, words, start, newlineIsBlank);
  if (objectEnd < 0 || objectEnd > stop) return -1;
  fillEvent(bytes, targets, event);
  resolveUnit(bytes, targets, event);
  return objectEnd;
}

/**
 * Where the context object of the record just scanned starts (its '{'), the one its unit was read from:
 * the envelope's event's or the bare event's, the last of repeated ones; -1 when it has none. Valid
 * only right after a scan that succeeded, until the next scan.
 */
export function scannedContextStart(): number {
  return tokens[Field.Context] === Token.Object ? starts[Field.Context] : -1;
}

/**
 * Fills `event` from the record in bytes[start, stop). Returns false when the fast path gives up (the
 * event is then in an unspecified state and the caller must use the fallback).
 */
export function scanRecord(
  bytes: Uint8Array,
  start: number,
  stop: number,
  targets: MatchTargets,
  event: ParsedEvent,
): boolean {
  const objectEnd = readObject(bytes, start, stop, targets, event, true);
  if (objectEnd < 0) return false;
  let p = objectEnd;
  while (p < stop && isBlank(bytes[p], true)) p++;
  return p === stop;
}

/**
 * JSON Lines: fills `event` from the object that starts at bytes[start] when it is alone on its line
 * (only blanks after it) and the line ends before `stop`. Returns the index of the line's '\n', or -1
 * when the line is not such a record or the fast path gives up.
 */
export function scanLine(
  bytes: Uint8Array,
  start: number,
  stop: number,
  targets: MatchTargets,
  event: ParsedEvent,
): number {
  const objectEnd = readObject(bytes, start, stop, targets, event, false);
  if (objectEnd < 0) return -1;
  for (let at = objectEnd; at < stop; at++) {
    const b = bytes[at];
    if (b === 0x0a) return at;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return -1;
  }
  return -1;
}

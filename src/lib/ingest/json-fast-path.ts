// Extracts the needed fields of one Data Export record straight from its UTF-8 bytes, validating the
// JSON it skips. Anything it does not fully understand (escaped keys or needed strings, numeric ids,
// deep nesting, invalid syntax) makes it give up, and the caller falls back to JSON.parse — so the
// result never depends on this path, only the speed does.
import { bytesEqual, fingerprintBytes, parseNumberBytes } from './bytes.ts';
import type { MatchTargets } from './match-targets.ts';
import { EventKind, ParsedEvent, ValueState } from './parsed-event.ts';

const BAIL = new Error('fast path gave up');
const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

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
].map(ascii);
// The needed names by first byte (up to MAX_CANDIDATES each, Name.None after the last): a name is
// recognised by comparing its bytes where it starts, with no scan for its closing quote.
const MAX_CANDIDATES = 4;
const NAME_CANDIDATES = new Int8Array(256 * MAX_CANDIDATES).fill(Name.None);
FIELD_NAMES.forEach((bytes, id) => {
  let slot = bytes[0] * MAX_CANDIDATES;
  while (NAME_CANDIDATES[slot] !== Name.None) slot++;
  if (slot >= (bytes[0] + 1) * MAX_CANDIDATES - 1)
    throw new Error('json-fast-path: too many names share a first byte');
  NAME_CANDIDATES[slot] = id;
});

/**
 * The id of the needed name that stands, closed by its quote before `stop`, at data[start], or
 * Name.None. Needed names hold no quote or backslash, so a match is exactly that name.
 */
function matchName(data: Uint8Array, start: number, stop: number): Name {
  if (start >= stop) return Name.None;
  let slot = data[start] * MAX_CANDIDATES;
  for (;;) {
    const id = NAME_CANDIDATES[slot++];
    if (id < 0) return Name.None;
    const bytes = FIELD_NAMES[id];
    const length = bytes.length;
    if (start + length < stop && data[start + length] === QUOTE) {
      let i = 1;
      while (i < length && data[start + i] === bytes[i]) i++;
      if (i === length) return id as Name;
    }
  }
}

/** The id of the field name forEachField read last (Name.None for a name the scanner does not need). */
let currentName: Name = Name.None;

const V_ERROR = ascii('ERROR');
const V_MULTI = ascii('multi');
const V_USER = ascii('user');
/** The unit kind of the current targets as a field name (recomputed when the targets change). */
let unitKindTargets: MatchTargets | null = null;
let N_UNIT_KIND: Uint8Array = V_USER;
let unitIsUser = true;
/** False while reading one JSON Lines line: a line break is then the end of the record, not a blank. */
let newlineIsBlank = true;
const KIND_NAMES = [
  'feature',
  'custom',
  'click',
  'pageview',
  'identify',
  'index',
  'summary',
  'debug',
  'alias',
].map(ascii);

let buf: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
// Byte ranges of candidate unit keys, resolved after the record by the unit-key rule.
let keyStart = -1,
  keyEnd = -1;
let ctxKeysUnitStart = -1,
  ctxKeysUnitEnd = -1;
let ctxKeysUserStart = -1,
  ctxKeysUserEnd = -1;
let ctxKeyStart = -1,
  ctxKeyEnd = -1;
let ctxKindStart = -1,
  ctxKindEnd = -1;
let ctxMultiStart = -1,
  ctxMultiEnd = -1;
let userKeyStart = -1,
  userKeyEnd = -1;
let userObjKeyStart = -1,
  userObjKeyEnd = -1;
// Set by readString: where the string's content starts/ends and whether it had escapes.
let strStart = 0,
  strEnd = 0,
  strEscaped = false;

function resetRanges(): void {
  keyStart = keyEnd = ctxKeysUnitStart = ctxKeysUnitEnd = ctxKeysUserStart = ctxKeysUserEnd = -1;
  ctxKeyStart = ctxKeyEnd = ctxKindStart = ctxKindEnd = ctxMultiStart = ctxMultiEnd = -1;
  userKeyStart = userKeyEnd = userObjKeyStart = userObjKeyEnd = -1;
}

// The hot helpers copy the module state (buf, pos, end) into locals: V8 keeps locals in registers but
// reloads module variables on every access.
function skipWhitespace(): void {
  const data = buf;
  let p = pos;
  const stop = end;
  while (p < stop) {
    const b = data[p];
    if (b === 0x20 || (b === 0x0a && newlineIsBlank) || b === 0x0d || b === 0x09) p++;
    else break;
  }
  pos = p;
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** At a quote: reads a string, validating escapes and control bytes; leaves its content range. */
function readString(): void {
  const data = buf;
  const stop = end;
  let p = pos;
  if (data[p] !== QUOTE) throw BAIL;
  p++;
  const start = p;
  let escaped = false;
  for (;;) {
    const b = data[p];
    if (b > QUOTE && b !== BACKSLASH) {
      p++;
      continue;
    }
    if (p >= stop) throw BAIL;
    if (b === QUOTE) break;
    if (b === BACKSLASH) {
      escaped = true;
      const next = data[p + 1];
      if (next === 0x75) {
        if (
          p + 5 >= stop ||
          !isHex(data[p + 2]) ||
          !isHex(data[p + 3]) ||
          !isHex(data[p + 4]) ||
          !isHex(data[p + 5])
        )
          throw BAIL;
        p += 6;
        continue;
      }
      if (
        next !== QUOTE &&
        next !== BACKSLASH &&
        next !== 0x2f &&
        next !== 0x62 &&
        next !== 0x66 &&
        next !== 0x6e &&
        next !== 0x72 &&
        next !== 0x74
      )
        throw BAIL;
      p += 2;
      continue;
    }
    if (b < 0x20) throw BAIL;
    p++;
  }
  strStart = start;
  strEnd = p;
  strEscaped = escaped;
  pos = p + 1;
}

function readPlainString(): void {
  readString();
  if (strEscaped) throw BAIL;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/**
 * Reads a JSON number token (strict grammar) and returns its value. Plain decimals of up to 15 digits
 * are computed on the way exactly as parseNumberBytes would; anything else is left to it.
 */
function readNumber(): number {
  const data = buf;
  const stop = end;
  const start = pos;
  let p = start;
  const negative = data[p] === 0x2d;
  if (negative) p++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let b = data[p];
  if (b === 0x30) {
    p++;
    digits = 1;
  } else if (b >= 0x31 && b <= 0x39) {
    while (p < stop) {
      b = data[p];
      if (b < 0x30 || b > 0x39) break;
      mantissa = mantissa * 10 + (b - 0x30);
      digits++;
      p++;
    }
  } else throw BAIL;
  if (data[p] === 0x2e) {
    p++;
    if (!isDigit(data[p])) throw BAIL;
    while (p < stop) {
      b = data[p];
      if (b < 0x30 || b > 0x39) break;
      mantissa = mantissa * 10 + (b - 0x30);
      digits++;
      scale++;
      p++;
    }
  }
  let plain = true;
  b = data[p];
  if (b === 0x65 || b === 0x45) {
    plain = false;
    p++;
    if (data[p] === 0x2b || data[p] === 0x2d) p++;
    if (!isDigit(data[p])) throw BAIL;
    while (p < stop && isDigit(data[p])) p++;
  }
  pos = p;
  if (plain && digits <= 15 && scale <= 22) {
    const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
    return negative ? -value : value;
  }
  return parseNumberBytes(data, start, p);
}
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

function readLiteral(text: Uint8Array): void {
  if (!bytesEqual(buf, pos, Math.min(pos + text.length, end), text)) throw BAIL;
  pos += text.length;
}
const L_TRUE = ascii('true');
const L_FALSE = ascii('false');
const L_NULL = ascii('null');

const enum Token {
  String,
  Number,
  True,
  False,
  Null,
  Object,
  Array,
}

function peekToken(): Token {
  const b = buf[pos];
  if (b === QUOTE) return Token.String;
  if (b === OPEN_BRACE) return Token.Object;
  if (b === OPEN_BRACKET) return Token.Array;
  if (b === 0x74) return Token.True;
  if (b === 0x66) return Token.False;
  if (b === 0x6e) return Token.Null;
  if (b === 0x2d || isDigit(b)) return Token.Number;
  throw BAIL;
}

function skipValue(depth: number): void {
  if (depth > MAX_DEPTH) throw BAIL;
  switch (peekToken()) {
    case Token.String:
      readString();
      return;
    case Token.Number:
      readNumber();
      return;
    case Token.True:
      readLiteral(L_TRUE);
      return;
    case Token.False:
      readLiteral(L_FALSE);
      return;
    case Token.Null:
      readLiteral(L_NULL);
      return;
    case Token.Object:
      forEachField(depth + 1, Fields.Skip);
      return;
    case Token.Array:
      pos++;
      skipWhitespace();
      if (buf[pos] === CLOSE_BRACKET) {
        pos++;
        return;
      }
      for (;;) {
        skipWhitespace();
        skipValue(depth + 1);
        skipWhitespace();
        const b = buf[pos++];
        if (b === CLOSE_BRACKET) return;
        if (b !== COMMA) throw BAIL;
      }
  }
}

/** Which object is being read, i.e. which handler its fields go to (a switch, not a callback: hot path). */
const enum Fields {
  Skip,
  TopLevel,
  Event,
  ContextKeys,
  Context,
  MultiMember,
  User,
  Reason,
}

function handleField(fields: Fields, nameStart: number, nameEnd: number, depth: number): void {
  switch (fields) {
    case Fields.Skip:
      return skipValue(depth);
    case Fields.TopLevel:
      return topLevelField(nameStart, nameEnd, depth);
    case Fields.Event:
      return eventField(nameStart, nameEnd, depth);
    case Fields.ContextKeys:
      return contextKeysField(nameStart, nameEnd, depth);
    case Fields.Context:
      return contextField(nameStart, nameEnd, depth);
    case Fields.MultiMember:
      return multiMemberField(nameStart, nameEnd, depth);
    case Fields.User:
      return userField(nameStart, nameEnd, depth);
    case Fields.Reason:
      return reasonField(nameStart, nameEnd, depth);
  }
}

/** At '{': hands every field to its handler with pos at the value; the handler must consume the value. */
function forEachField(depth: number, fields: Fields): void {
  if (depth > MAX_DEPTH) throw BAIL;
  pos++;
  skipWhitespace();
  if (buf[pos] === CLOSE_BRACE) {
    pos++;
    return;
  }
  for (;;) {
    const data = buf;
    const stop = end;
    let p = pos;
    // Each separator is tested for the byte compact JSON has there; blanks are skipped only when it is not.
    if (data[p] !== QUOTE) {
      skipWhitespace();
      p = pos;
      // A field name: a plain string (an escape in a name makes the fast path give up).
      if (data[p] !== QUOTE) throw BAIL;
    }
    const nameStart = ++p;
    const id = matchName(data, p, stop);
    if (id !== Name.None) p += FIELD_NAMES[id].length;
    else
      for (;;) {
        // The common byte first (above '"', not '\\'): one test passes it, past the end it fails.
        const c = data[p];
        if (c > QUOTE && c !== BACKSLASH) {
          p++;
          continue;
        }
        if (p >= stop) throw BAIL;
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 0x20) throw BAIL;
        p++;
      }
    const nameEnd = p++;
    if (data[p] !== COLON) {
      pos = p;
      skipWhitespace();
      p = pos;
      if (data[p] !== COLON) throw BAIL;
    }
    pos = ++p;
    if (data[p] <= 0x20) skipWhitespace();
    currentName = id;
    handleField(fields, nameStart, nameEnd, depth);
    p = pos;
    let b = data[p];
    if (b !== COMMA && b !== CLOSE_BRACE) {
      skipWhitespace();
      p = pos;
      b = data[p];
    }
    pos = p + 1;
    if (b === CLOSE_BRACE) return;
    if (b !== COMMA) throw BAIL;
  }
}

function is(nameStart: number, nameEnd: number, name: Uint8Array): boolean {
  return bytesEqual(buf, nameStart, nameEnd, name);
}

let out: ParsedEvent = new ParsedEvent();
let targets: MatchTargets;
let envelopeSeen = false;

function readOptionalPlainString(): boolean {
  if (buf[pos] !== QUOTE) {
    skipValue(2);
    return false;
  }
  readPlainString();
  return strEnd > strStart;
}

function contextKeysField(nameStart: number, nameEnd: number, depth: number): void {
  const isUnit = is(nameStart, nameEnd, N_UNIT_KIND);
  const isUser = is(nameStart, nameEnd, V_USER);
  if (!isUnit && !isUser) return skipValue(depth);
  if (buf[pos] !== QUOTE) {
    skipValue(depth);
    if (isUnit) ctxKeysUnitStart = ctxKeysUnitEnd = -1;
    if (isUser) ctxKeysUserStart = ctxKeysUserEnd = -1;
    return;
  }
  readPlainString();
  const present = strEnd > strStart;
  if (isUnit) {
    ctxKeysUnitStart = present ? strStart : -1;
    ctxKeysUnitEnd = present ? strEnd : -1;
  }
  if (isUser) {
    ctxKeysUserStart = present ? strStart : -1;
    ctxKeysUserEnd = present ? strEnd : -1;
  }
}

function multiMemberField(nameStart: number, nameEnd: number, depth: number): void {
  if (currentName !== Name.Key) return skipValue(depth);
  if (readOptionalPlainString()) {
    ctxMultiStart = strStart;
    ctxMultiEnd = strEnd;
  } else ctxMultiStart = ctxMultiEnd = -1;
}

function contextField(nameStart: number, nameEnd: number, depth: number): void {
  const id = currentName;
  if (id === Name.Key) {
    if (readOptionalPlainString()) {
      ctxKeyStart = strStart;
      ctxKeyEnd = strEnd;
    } else ctxKeyStart = ctxKeyEnd = -1;
  } else if (id === Name.Kind) {
    // A kind that is not a string behaves like a kind that matches nothing.
    if (buf[pos] === QUOTE) {
      readPlainString();
      {
        ctxKindStart = strStart;
        ctxKindEnd = strEnd;
      }
    } else {
      skipValue(depth);
      ctxKindStart = ctxKindEnd = -2;
    }
  } else if (is(nameStart, nameEnd, N_UNIT_KIND) && buf[pos] === OPEN_BRACE) {
    ctxMultiStart = ctxMultiEnd = -1;
    forEachField(depth + 1, Fields.MultiMember);
  } else if (is(nameStart, nameEnd, N_UNIT_KIND)) {
    skipValue(depth);
    ctxMultiStart = ctxMultiEnd = -1;
  } else skipValue(depth);
}

function userField(nameStart: number, nameEnd: number, depth: number): void {
  if (currentName !== Name.Key) return skipValue(depth);
  if (readOptionalPlainString()) {
    userObjKeyStart = strStart;
    userObjKeyEnd = strEnd;
  } else userObjKeyStart = userObjKeyEnd = -1;
}

function reasonField(nameStart: number, nameEnd: number, depth: number): void {
  const id = currentName;
  if (id === Name.InExperiment) {
    const token = peekToken();
    skipValue(depth);
    out.inExperiment = token === Token.True ? 1 : token === Token.False ? 0 : -1;
  } else if (id === Name.Kind) {
    if (buf[pos] === QUOTE) {
      readPlainString();
      out.reasonError = bytesEqual(buf, strStart, strEnd, V_ERROR);
    } else {
      skipValue(depth);
      out.reasonError = false;
    }
  } else skipValue(depth);
}

function eventField(nameStart: number, nameEnd: number, depth: number): void {
  eventFieldById(currentName, depth);
}

function eventFieldById(id: Name, depth: number): void {
  if (id === Name.None) skipValue(depth);
  else if (id === Name.Kind) {
    if (buf[pos] !== QUOTE) {
      skipValue(depth);
      out.kind = EventKind.Missing;
      return;
    }
    readPlainString();
    out.kind = EventKind.Unknown;
    for (let k = 0; k < KIND_NAMES.length; k++) {
      if (bytesEqual(buf, strStart, strEnd, KIND_NAMES[k])) {
        out.kind = k as EventKind;
        break;
      }
    }
  } else if (id === Name.Key) {
    if (buf[pos] === QUOTE) {
      readPlainString();
      {
        keyStart = strStart;
        keyEnd = strEnd;
      }
    } else {
      skipValue(depth);
      keyStart = keyEnd = -1;
    }
  } else if (id === Name.CreationDate) {
    if (peekToken() === Token.Number) {
      const time = readNumber();
      out.time = Number.isFinite(time) ? time : NaN;
    } else {
      skipValue(depth);
      out.time = NaN;
    }
  } else if (id === Name.ContextKeys) {
    ctxKeysUnitStart = ctxKeysUnitEnd = ctxKeysUserStart = ctxKeysUserEnd = -1;
    if (buf[pos] === OPEN_BRACE) forEachField(depth + 1, Fields.ContextKeys);
    else skipValue(depth);
  } else if (id === Name.Context) {
    ctxKeyStart = ctxKeyEnd = ctxKindStart = ctxKindEnd = ctxMultiStart = ctxMultiEnd = -1;
    if (buf[pos] === OPEN_BRACE) forEachField(depth + 1, Fields.Context);
    else skipValue(depth);
  } else if (id === Name.UserKey) {
    if (readOptionalPlainString()) {
      userKeyStart = strStart;
      userKeyEnd = strEnd;
    } else userKeyStart = userKeyEnd = -1;
  } else if (id === Name.User) {
    userObjKeyStart = userObjKeyEnd = -1;
    if (buf[pos] === OPEN_BRACE) forEachField(depth + 1, Fields.User);
    else skipValue(depth);
  } else if (id === Name.Variation) {
    if (peekToken() === Token.Number) {
      const variation = readNumber();
      out.variation = Number.isInteger(variation) && variation >= 0 ? variation : -1;
    } else {
      skipValue(depth);
      out.variation = -1;
    }
  } else if (id === Name.Reason) {
    out.inExperiment = -1;
    out.reasonError = false;
    if (buf[pos] === OPEN_BRACE) forEachField(depth + 1, Fields.Reason);
    else skipValue(depth);
  } else if (id === Name.Id) {
    const token = peekToken();
    if (token === Token.Number) throw BAIL;
    if (token === Token.String) {
      readPlainString();
      out.hasId = strEnd > strStart;
      if (out.hasId) fingerprintBytes(buf, strStart, strEnd, out.id);
    } else {
      skipValue(depth);
      out.hasId = false;
    }
  } else if (id === Name.MetricValue) {
    const token = peekToken();
    if (token === Token.Number) {
      out.value = readNumber();
      out.valueState = Number.isFinite(out.value) ? ValueState.Number : ValueState.Invalid;
    } else {
      skipValue(depth);
      out.valueState = token === Token.Null ? ValueState.Absent : ValueState.Invalid;
    }
  } else if (id === Name.SamplingRatio) {
    if (peekToken() === Token.Number) out.samplingRatio = readNumber();
    else {
      skipValue(depth);
      out.samplingRatio = 1;
    }
  } else skipValue(depth);
}

function topLevelField(nameStart: number, nameEnd: number, depth: number): void {
  const id = currentName;
  if (id === Name.Event && buf[pos] === OPEN_BRACE) {
    // An envelope: its event replaces anything read at the top level.
    envelopeSeen = true;
    out.reset();
    resetRanges();
    forEachField(depth + 1, Fields.Event);
  } else if (envelopeSeen) skipValue(depth);
  else eventFieldById(id, depth);
}

function has(start: number): boolean {
  return start >= 0;
}

/** Applies the unit-key rule (spec §2.1) to the ranges found. */
function resolveUnit(event: ParsedEvent): void {
  let start = -1;
  let stop = -1;
  const contextKindMatches =
    ctxKindStart === -1
      ? unitIsUser
      : ctxKindStart >= 0 && bytesEqual(buf, ctxKindStart, ctxKindEnd, targets.unitKindBytes);
  const contextIsMulti = ctxKindStart >= 0 && bytesEqual(buf, ctxKindStart, ctxKindEnd, V_MULTI);
  if (has(ctxKeysUnitStart)) {
    start = ctxKeysUnitStart;
    stop = ctxKeysUnitEnd;
  } else if (has(ctxKeyStart) && contextKindMatches) {
    start = ctxKeyStart;
    stop = ctxKeyEnd;
  } else if (contextIsMulti && has(ctxMultiStart)) {
    start = ctxMultiStart;
    stop = ctxMultiEnd;
  } else if (unitIsUser && has(userKeyStart)) {
    start = userKeyStart;
    stop = userKeyEnd;
  } else if (unitIsUser && has(userObjKeyStart)) {
    start = userObjKeyStart;
    stop = userObjKeyEnd;
  }
  event.hasUnit = start >= 0;
  if (event.hasUnit) fingerprintBytes(buf, start, stop, event.unit);
  const test = targets.testKeyBytes;
  // Lengths first, inline: almost no key has the test key's length, so the byte compare rarely runs.
  const length = test.length;
  event.isConnectionTest =
    (keyEnd - keyStart === length && has(keyStart) && bytesEqual(buf, keyStart, keyEnd, test)) ||
    (stop - start === length && start >= 0 && bytesEqual(buf, start, stop, test)) ||
    (userKeyEnd - userKeyStart === length &&
      has(userKeyStart) &&
      bytesEqual(buf, userKeyStart, userKeyEnd, test)) ||
    (userObjKeyEnd - userObjKeyStart === length &&
      has(userObjKeyStart) &&
      bytesEqual(buf, userObjKeyStart, userObjKeyEnd, test)) ||
    (ctxKeysUserEnd - ctxKeysUserStart === length &&
      has(ctxKeysUserStart) &&
      bytesEqual(buf, ctxKeysUserStart, ctxKeysUserEnd, test)) ||
    (ctxKeyEnd - ctxKeyStart === length &&
      has(ctxKeyStart) &&
      bytesEqual(buf, ctxKeyStart, ctxKeyEnd, test));
}

/**
 * Fills `event` from the record in bytes[start, stop). Returns false when the fast path gives up (the
 * event is then in an unspecified state and the caller must use the fallback).
 */
export function scanRecord(
  bytes: Uint8Array,
  start: number,
  stop: number,
  matchTargets: MatchTargets,
  event: ParsedEvent,
): boolean {
  const objectEnd = scanObject(bytes, start, stop, matchTargets, event);
  if (objectEnd < 0) return false;
  pos = objectEnd;
  skipWhitespace();
  return pos === end;
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
  matchTargets: MatchTargets,
  event: ParsedEvent,
): number {
  newlineIsBlank = false;
  let objectEnd: number;
  try {
    objectEnd = scanObject(bytes, start, stop, matchTargets, event);
  } finally {
    newlineIsBlank = true;
  }
  if (objectEnd < 0) return -1;
  for (let at = objectEnd; at < stop; at++) {
    const b = bytes[at];
    if (b === 0x0a) return at;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return -1;
  }
  return -1;
}

/**
 * Fills `event` from the JSON object that starts (after blanks) at bytes[start] and ends before `stop`.
 * Returns where the object ends, or -1 when the fast path gives up (the event is then in an unspecified
 * state). Bytes after the object are not looked at.
 */
export function scanObject(
  bytes: Uint8Array,
  start: number,
  stop: number,
  matchTargets: MatchTargets,
  event: ParsedEvent,
): number {
  buf = bytes;
  pos = start;
  end = stop;
  out = event;
  targets = matchTargets;
  if (unitKindTargets !== matchTargets) {
    unitKindTargets = matchTargets;
    N_UNIT_KIND = matchTargets.unitKindBytes;
    unitIsUser = bytesEqual(
      matchTargets.unitKindBytes,
      0,
      matchTargets.unitKindBytes.length,
      V_USER,
    );
  }
  envelopeSeen = false;
  event.reset();
  resetRanges();
  try {
    skipWhitespace();
    if (buf[pos] !== OPEN_BRACE) return -1;
    forEachField(0, Fields.TopLevel);
  } catch (error) {
    if (error === BAIL) return -1;
    throw error;
  }
  const objectEnd = pos;
  const isKeyed = has(keyStart);
  event.isFlag = isKeyed && bytesEqual(buf, keyStart, keyEnd, targets.flagKeyBytes);
  event.eventKeyIndex = isKeyed ? targets.eventKeyIndexOfBytes(buf, keyStart, keyEnd) : -1;
  resolveUnit(event);
  return objectEnd;
}

// The slicing attributes of a Data Export record read straight from its bytes: the same answer as
// recordSliceValues on the parsed record, without building the record's objects (JSON.parse of every
// unit's first exposure cost a third of the import's time). Gives up (returns false) on anything
// unusual — an escape in a string, a malformed value — and the caller then parses the record.
import { decodeUtf8 } from './bytes.ts';
import { sliceText } from './slice-values.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MAX_DEPTH = 64;

const encoder = new TextEncoder();
const EVENT = encoder.encode('event');
const CONTEXT = encoder.encode('context');
const KIND = encoder.encode('kind');
const MULTI = encoder.encode('multi');
const TRUE = encoder.encode('true');
const FALSE = encoder.encode('false');
const NULL = encoder.encode('null');

const isBlank = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Which object a member belongs to. */
const enum Scope {
  Record,
  Event,
  /** The record's own "context" (a bare event). */
  RecordContext,
  /** The envelope's event's "context". */
  EventContext,
  /** The unit kind's member of a context (a multi-context's). */
  RecordMember,
  EventMember,
  Skipped,
}

/** What one context object holds: its kind, its own attribute values, the unit kind's member's. */
class ContextFound {
  seen = false;
  /** 0: no kind; 1: a string kind in [kindStart, kindEnd); 2: a kind that is not a string. */
  kindState = 0;
  kindStart = 0;
  kindEnd = 0;
  hasMember = false;
  own: (string | undefined)[];
  member: (string | undefined)[];

  constructor(count: number) {
    this.own = Array.from({ length: count }, () => undefined);
    this.member = Array.from({ length: count }, () => undefined);
  }

  reset(): void {
    this.seen = false;
    this.kindState = 0;
    this.clearMember();
    const own = this.own;
    for (let a = 0; a < own.length; a++) own[a] = undefined;
  }

  clearMember(): void {
    this.hasMember = false;
    const member = this.member;
    for (let a = 0; a < member.length; a++) member[a] = undefined;
  }
}

export class SliceScanner {
  private readonly attributeBytes: Uint8Array[];
  private readonly unitKind: Uint8Array;
  /** A context without a kind is a user's. */
  private readonly unitIsUser: boolean;
  private readonly inRecord: ContextFound;
  private readonly inEvent: ContextFound;
  private sawEvent = false;
  private bytes: Uint8Array = new Uint8Array(0);
  private stop = 0;
  /** The value just skipped: where its text is (a string's without quotes) and whether it is a string. */
  private valueStart = 0;
  private valueEnd = 0;
  private valueIsString = false;

  constructor(
    readonly attributes: string[],
    unitKind: string,
  ) {
    this.attributeBytes = attributes.map((attribute) => encoder.encode(attribute));
    this.unitKind = encoder.encode(unitKind);
    this.unitIsUser = unitKind === 'user';
    this.inRecord = new ContextFound(attributes.length);
    this.inEvent = new ContextFound(attributes.length);
  }

  /** Fills `into` from the record in bytes[start, end); false when the caller must parse it instead. */
  read(bytes: Uint8Array, start: number, end: number, into: (string | undefined)[]): boolean {
    this.bytes = bytes;
    this.stop = end;
    this.inRecord.reset();
    this.inEvent.reset();
    this.sawEvent = false;
    const p = this.skipBlanks(start);
    if (bytes[p] !== OPEN_BRACE || this.object(p, Scope.Record, 0) < 0) return false;
    // As recordSliceValues: an envelope's event (an object "event") has the context, else the record.
    this.pick(this.sawEvent ? this.inEvent : this.inRecord, into);
    return true;
  }

  /**
   * Fills `into` from the context object at bytes[at] (the fast path found it) of a record ending at
   * `end`; false when the caller must parse the record instead.
   */
  readContext(bytes: Uint8Array, at: number, end: number, into: (string | undefined)[]): boolean {
    this.bytes = bytes;
    this.stop = end;
    const found = this.inRecord;
    found.reset();
    found.seen = true;
    if (this.object(at, Scope.RecordContext, 1) < 0) return false;
    this.pick(found, into);
    return true;
  }

  private pick(found: ContextFound, into: (string | undefined)[]): void {
    if (!found.seen) return;
    let values: (string | undefined)[] | null = null;
    if (found.kindState === 0) values = this.unitIsUser ? found.own : null;
    else if (found.kindState === 1) {
      if (this.spanIs(found.kindStart, found.kindEnd, this.unitKind)) values = found.own;
      else if (this.spanIs(found.kindStart, found.kindEnd, MULTI) && found.hasMember)
        values = found.member;
    }
    if (values === null) return;
    for (let a = 0; a < values.length; a++) into[a] = values[a];
  }

  /** The object at bytes[at] ('{') in `scope`. Returns the index after it, or -1. */
  private object(at: number, scope: Scope, depth: number): number {
    if (depth >= MAX_DEPTH) return -1;
    const bytes = this.bytes;
    let p = this.skipBlanks(at + 1);
    if (bytes[p] === CLOSE_BRACE) return p + 1;
    for (;;) {
      if (bytes[p] !== QUOTE) return -1;
      const key = p + 1;
      const keyEnd = this.stringEnd(key);
      if (keyEnd < 0) return -1;
      p = this.skipBlanks(keyEnd + 1);
      if (bytes[p] !== COLON) return -1;
      p = this.skipBlanks(p + 1);
      if (p >= this.stop) return -1;
      p = this.member(key, keyEnd, p, scope, depth);
      if (p < 0) return -1;
      p = this.skipBlanks(p);
      if (bytes[p] === COMMA) p = this.skipBlanks(p + 1);
      else if (bytes[p] === CLOSE_BRACE) return p + 1;
      else return -1;
    }
  }

  /** One member (key in bytes[key, keyEnd), value at bytes[value]) of an object in `scope`. */
  private member(key: number, keyEnd: number, value: number, scope: Scope, depth: number): number {
    const isObject = this.bytes[value] === OPEN_BRACE;
    if (scope === Scope.Record && this.spanIs(key, keyEnd, EVENT)) {
      // The last "event" member counts (as JSON.parse keeps the last of repeated keys).
      this.sawEvent = isObject;
      this.inEvent.reset();
      if (isObject) return this.object(value, Scope.Event, depth + 1);
    } else if (
      (scope === Scope.Record || scope === Scope.Event) &&
      this.spanIs(key, keyEnd, CONTEXT)
    ) {
      const found = scope === Scope.Record ? this.inRecord : this.inEvent;
      found.reset();
      found.seen = isObject;
      if (isObject)
        return this.object(
          value,
          scope === Scope.Record ? Scope.RecordContext : Scope.EventContext,
          depth + 1,
        );
    } else if (scope === Scope.RecordContext || scope === Scope.EventContext) {
      const found = scope === Scope.RecordContext ? this.inRecord : this.inEvent;
      if (this.spanIs(key, keyEnd, this.unitKind)) {
        found.clearMember();
        found.hasMember = isObject;
        if (isObject) {
          const end = this.object(
            value,
            scope === Scope.RecordContext ? Scope.RecordMember : Scope.EventMember,
            depth + 1,
          );
          this.valueIsString = false;
          this.valueStart = value;
          this.keep(key, keyEnd, value, found.own);
          return end;
        }
      }
      const end = this.skipValue(value, depth);
      if (end < 0) return end;
      if (this.spanIs(key, keyEnd, KIND)) {
        found.kindState = this.valueIsString ? 1 : 2;
        found.kindStart = this.valueStart;
        found.kindEnd = this.valueEnd;
      }
      this.keep(key, keyEnd, value, found.own);
      return end;
    } else if (scope === Scope.RecordMember || scope === Scope.EventMember) {
      const end = this.skipValue(value, depth);
      if (end >= 0)
        this.keep(
          key,
          keyEnd,
          value,
          (scope === Scope.RecordMember ? this.inRecord : this.inEvent).member,
        );
      return end;
    }
    return this.skipValue(value, depth);
  }

  /** After the value at bytes[value] was skipped: stored when its key is a slicing attribute. */
  private keep(key: number, keyEnd: number, value: number, into: (string | undefined)[]): void {
    const names = this.attributeBytes;
    for (let a = 0; a < names.length; a++)
      if (this.spanIs(key, keyEnd, names[a])) into[a] = this.valueText(value);
  }

  /** The value just skipped (at bytes[value]) as slice text. */
  private valueText(value: number): string | undefined {
    const bytes = this.bytes;
    if (this.valueIsString) return sliceText(this.text(this.valueStart, this.valueEnd));
    const first = bytes[value];
    if (first === 0x74) return 'true';
    if (first === 0x66) return 'false';
    if (first === 0x2d || (first >= 0x30 && first <= 0x39))
      return sliceText(Number(this.text(value, this.valueEnd)));
    return undefined;
  }

  /** A short ASCII text is built here: TextDecoder's call costs more than the few bytes. */
  private text(start: number, end: number): string {
    const bytes = this.bytes;
    if (end - start > 32) return decodeUtf8(bytes, start, end);
    let text = '';
    for (let p = start; p < end; p++) {
      const b = bytes[p];
      if (b >= 0x80) return decodeUtf8(bytes, start, end);
      text += String.fromCharCode(b);
    }
    return text;
  }

  /** The closing quote of the string whose text starts at `from`; -1 on an escape or no end. */
  private stringEnd(from: number): number {
    const bytes = this.bytes;
    for (let p = from; p < this.stop; p++) {
      const b = bytes[p];
      if (b === QUOTE) return p;
      if (b === BACKSLASH || b < 0x20) return -1;
    }
    return -1;
  }

  /** Skips the value at bytes[at]; records where a string's or a number's text is. */
  private skipValue(at: number, depth: number): number {
    const bytes = this.bytes;
    const b = bytes[at];
    this.valueIsString = false;
    if (b === QUOTE) {
      const end = this.stringEnd(at + 1);
      if (end < 0) return -1;
      this.valueIsString = true;
      this.valueStart = at + 1;
      this.valueEnd = end;
      return end + 1;
    }
    if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      const end = this.container(at, depth);
      this.valueIsString = false; // the last value inside set it
      return end;
    }
    if (this.literalAt(at, TRUE) || this.literalAt(at, NULL)) return at + 4;
    if (this.literalAt(at, FALSE)) return at + 5;
    return this.numberEnd(at);
  }

  /**
   * The end of the object or array at bytes[at], found by counting brackets outside strings only: the
   * record was already read as JSON (by the fast path or JSON.parse), so what is skipped needs no checking.
   */
  private container(at: number, depth: number): number {
    const bytes = this.bytes;
    let open = 0;
    for (let p = at; p < this.stop; p++) {
      const b = bytes[p];
      if (b === QUOTE) {
        p = this.stringEnd(p + 1);
        if (p < 0) return -1;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (++open + depth > MAX_DEPTH) return -1;
      } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --open === 0) return p + 1;
    }
    return -1;
  }

  private literalAt(at: number, literal: Uint8Array): boolean {
    return at + literal.length <= this.stop && this.spanIs(at, at + literal.length, literal);
  }

  /** The end of the JSON number at bytes[at], or -1 (digits, sign, point and exponent, loosely). */
  private numberEnd(at: number): number {
    const bytes = this.bytes;
    let p = at;
    while (p < this.stop) {
      const c = bytes[p];
      if (
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x2b ||
        c === 0x2e ||
        c === 0x65 ||
        c === 0x45
      )
        p++;
      else break;
    }
    this.valueEnd = p;
    return p === at ? -1 : p;
  }

  private spanIs(start: number, end: number, name: Uint8Array): boolean {
    if (end - start !== name.length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return false;
    return true;
  }

  private skipBlanks(p: number): number {
    const bytes = this.bytes;
    while (p < this.stop && isBlank(bytes[p])) p++;
    return p;
  }
}

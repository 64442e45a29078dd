// Differential test of the byte-level fast path against JSON.parse + the reference reading, on many
// seeded random records: valid ones built from the names and value shapes the scanner cares about
// (envelopes, contexts, duplicates, blanks, escapes, odd numbers), and the same records broken by a
// random edit. The fast path may give up on anything, but when it accepts a record it must read exactly
// what the reference reads, and it must never accept text that JSON.parse rejects.
import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanLine, scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { KNOWN_KINDS, ParsedEvent } from './parsed-event.ts';
import { seededRandom } from './seeded-random.ts';

/** Seeded choices: the same seed gives the same records. */
function randomSource(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof randomSource>;

const UNIT_KINDS = ['user', 'org', 'key', 'kind', 'context', 'device'];
const KEYS = ['flag-key', 'purchase', 'signup', 'other', '', 'LaunchDarklyDataExportTestEvent'];
const STRINGS = [
  'u1',
  'u2',
  '',
  'caf\u00e9 \u2615',
  'a b!',
  'LaunchDarklyDataExportTestEvent',
  'ERROR',
  'multi',
];
const ESCAPED = ['"a\\"b"', '"\\u0075\\u0031"', '"x\\\\y"', '"tab\\t"', '"\\/"'];
const NUMBERS = [
  '0',
  '-0',
  '1',
  '2',
  '7',
  '-1',
  '1.5',
  '1e3',
  '2E-2',
  '-1.25e+2',
  '12345678901234567',
  '0.1',
  '1772409600000',
  '1e400',
  '3.0',
];
const KINDS = [...KNOWN_KINDS, 'unknown', 'Feature'];
const BLANKS = ['', '', '', ' ', '\t', '\r\n', ' \n '];

function blank(random: Random, newlines: boolean): string {
  const text = random.pick(BLANKS);
  return newlines ? text : text.replace(/\n/g, ' ');
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

/** A random JSON value; `depth` bounds nesting. */
function value(random: Random, depth: number, newlines: boolean): string {
  const roll = random.int(depth > 3 ? 6 : 9);
  switch (roll) {
    case 0:
    case 1:
      return quoted(random.pick(STRINGS));
    case 2:
      return random.pick(NUMBERS);
    case 3:
      return random.pick(['true', 'false', 'null']);
    case 4:
      return random.pick(ESCAPED);
    case 5:
      return quoted(random.pick(KEYS));
    case 6:
    case 7:
      return object(random, depth + 1, newlines, 'any');
    default: {
      const items = Array.from({ length: random.int(4) }, () => value(random, depth + 1, newlines));
      const b = () => blank(random, newlines);
      return `[${b()}${items.join(`${b()},${b()}`)}${b()}]`;
    }
  }
}

type Shape = 'any' | 'event' | 'context' | 'contextKeys' | 'reason' | 'user' | 'member';

const NAMES: Record<Shape, string[]> = {
  any: ['a', 'key', 'kind', 'x y', 'value', 'user'],
  event: [
    'kind',
    'key',
    'creationDate',
    'contextKeys',
    'context',
    'userKey',
    'user',
    'variation',
    'reason',
    'id',
    'metricValue',
    'samplingRatio',
    'value',
    'version',
    'event',
    'inExperiment',
    'keys',
    'kin',
    'ids',
  ],
  context: ['kind', 'key', 'user', 'org', 'device', 'plan', 'keys', 'kind ', 'context'],
  contextKeys: ['user', 'org', 'device', 'key', 'kind', 'context', 'users'],
  reason: ['kind', 'inExperiment', 'ruleIndex', 'inExperimen', 'kinds'],
  user: ['key', 'custom', 'keys', 'name'],
  member: ['key', 'name', 'kind'],
};

/** A value shaped like what the scanner reads for this field name (often, not always). */
function fieldValue(
  random: Random,
  shape: Shape,
  name: string,
  depth: number,
  newlines: boolean,
): string {
  if (random.chance(0.15) || depth > 4) return value(random, depth, newlines);
  if (shape === 'event') {
    if (name === 'kind') return quoted(random.pick(KINDS));
    if (name === 'key') return quoted(random.pick(KEYS));
    if (name === 'context') return object(random, depth + 1, newlines, 'context');
    if (name === 'contextKeys') return object(random, depth + 1, newlines, 'contextKeys');
    if (name === 'reason') return object(random, depth + 1, newlines, 'reason');
    if (name === 'user') return object(random, depth + 1, newlines, 'user');
    if (name === 'event') return object(random, depth + 1, newlines, 'event');
    if (['creationDate', 'variation', 'metricValue', 'samplingRatio'].includes(name))
      return random.pick(NUMBERS);
    return quoted(random.pick(STRINGS));
  }
  if (shape === 'context') {
    if (name === 'kind') return quoted(random.pick([...UNIT_KINDS, 'multi', 'multi', '']));
    if (UNIT_KINDS.includes(name)) return object(random, depth + 1, newlines, 'member');
    return quoted(random.pick(STRINGS));
  }
  if (shape === 'reason') {
    if (name === 'inExperiment') return random.pick(['true', 'false', 'null', '1']);
    return quoted(random.pick(['RULE_MATCH', 'ERROR', 'FALLTHROUGH']));
  }
  return quoted(random.pick(STRINGS));
}

function object(random: Random, depth: number, newlines: boolean, shape: Shape): string {
  const count = random.int(shape === 'event' ? 9 : 4);
  const b = () => blank(random, newlines);
  const fields = Array.from({ length: count }, () => {
    const name = random.pick(NAMES[shape]);
    return `${b()}${quoted(name)}${b()}:${b()}${fieldValue(random, shape, name, depth, newlines)}${b()}`;
  });
  return `{${fields.join(',')}${count === 0 ? b() : ''}}`;
}

function record(random: Random, newlines: boolean): string {
  const event = object(random, 1, newlines, 'event');
  if (random.chance(0.5)) return event;
  const before = random.chance(0.3) ? `"kind":"custom","key":"purchase",` : '';
  const after = random.chance(0.3)
    ? `,"version":1,"event":${random.pick(['1', '"x"', event])}`
    : '';
  return `{${before}"project":"p","event":${event}${after}}`;
}

/** A random edit: a byte deleted, doubled or replaced by a JSON-significant one. */
function broken(random: Random, text: string): string {
  const at = random.int(text.length);
  const edit = random.int(3);
  if (edit === 0) return text.slice(0, at) + text.slice(at + 1);
  if (edit === 1) return text.slice(0, at) + text[at] + text.slice(at);
  return (
    text.slice(0, at) +
    random.pick(['"', '{', '}', '[', ']', ',', ':', '\\', '1', 'e', '-', '.', ' ', '\u0001']) +
    text.slice(at + 1)
  );
}

function reference(text: string, targets: MatchTargets): ParsedEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const event = new ParsedEvent();
  return readParsedRecord(parsed, targets, event) ? event : null;
}

/** The event's fields; of the unit key's bytes only the key's (the fast path points into the record). */
function comparable(event: ParsedEvent) {
  const { unitBytes, unitStart, unitEnd, ...fields } = event;
  const unitKeyBytes = unitBytes === null ? null : [...unitBytes.subarray(unitStart, unitEnd)];
  return { ...fields, unitKeyBytes, unit: { ...event.unit }, id: { ...event.id } };
}

function targetsFor(unitKind: string): MatchTargets {
  return new MatchTargets('flag-key', unitKind, ['purchase', 'signup']);
}

describe('fast path against JSON.parse on random records', () => {
  it('reads every record it accepts exactly like JSON.parse, whole records and JSON Lines', () => {
    const random = randomSource(20261121);
    let accepted = 0;
    let total = 0;
    for (let i = 0; i < 6000; i++) {
      const targets = targetsFor(random.pick(UNIT_KINDS));
      const newlines = random.chance(0.5);
      const text = record(random, newlines);
      const expected = reference(text, targets);
      expect(expected, text).not.toBeNull();
      const bytes = utf8(text);
      const fast = new ParsedEvent();
      total++;
      if (scanRecord(bytes, 0, bytes.length, targets, fast)) {
        accepted++;
        expect(comparable(fast), text).toEqual(comparable(expected!));
      }
      if (!newlines) {
        const line = utf8(`${text} \n{"next":1}\n`);
        const lineEvent = new ParsedEvent();
        const newline = scanLine(line, 0, line.length, targets, lineEvent);
        if (newline >= 0) {
          expect(newline, text).toBe(bytes.length + 1);
          expect(comparable(lineEvent), text).toEqual(comparable(expected!));
        }
      }
    }
    // The fast path is really used: it gives up only on escapes in needed strings and numeric ids.
    expect(accepted / total).toBeGreaterThan(0.5);
  });

  it('never accepts a record that JSON.parse rejects', () => {
    const random = randomSource(7);
    let rejected = 0;
    for (let i = 0; i < 20000; i++) {
      const targets = targetsFor(random.pick(UNIT_KINDS));
      const text = broken(random, record(random, random.chance(0.5)));
      const expected = reference(text, targets);
      const bytes = utf8(text);
      const fast = new ParsedEvent();
      const accepted = scanRecord(bytes, 0, bytes.length, targets, fast);
      if (expected === null) {
        rejected++;
        expect(accepted, text).toBe(false);
      } else if (accepted) expect(comparable(fast), text).toEqual(comparable(expected));
    }
    expect(rejected).toBeGreaterThan(5000);
  });

  it('reads a record inside a larger buffer without looking past its end', () => {
    const random = randomSource(99);
    for (let i = 0; i < 2000; i++) {
      const targets = targetsFor('user');
      const text = record(random, false);
      const cut = 1 + random.int(text.length - 1);
      // The record's first `cut` bytes, followed in the buffer by the rest of it: never a whole record.
      const bytes = utf8(text);
      const prefix = utf8(text.slice(0, cut)).length;
      if (prefix >= bytes.length) continue;
      expect(scanRecord(bytes, 0, prefix, targets, new ParsedEvent()), text.slice(0, cut)).toBe(
        reference(text.slice(0, cut), targets) !== null &&
          scanRecord(utf8(text.slice(0, cut)), 0, prefix, targets, new ParsedEvent()),
      );
    }
  });
});

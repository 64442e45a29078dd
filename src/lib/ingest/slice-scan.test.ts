// The byte scanner of slicing attributes against the reference reading (JSON.parse, then
// recordSliceValues) on generated records: the same values whenever the scanner answers.
import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes.ts';
import { scannedContextStart, scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { SliceScanner } from './slice-scan.ts';
import { recordSliceValues } from './slice-values.ts';
import { seededRandom } from './seeded-random.ts';

const ATTRIBUTES = ['country', 'plan', 'kind', 'user'];

function generator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const value = (): string =>
    pick([
      '"FR"',
      '"Zürich 🏔"',
      '""',
      '"a\\"b"',
      '7',
      '-0',
      '1.50',
      '2e3',
      '1e400',
      'true',
      'false',
      'null',
      '{"code":"IT"}',
      '["x",1]',
      '{}',
      '[]',
    ]);
  const members = (keys: string[]): string => {
    const parts: string[] = [];
    for (const key of keys) if (random() < 0.6) parts.push(`"${key}": ${value()}`);
    if (random() < 0.2) parts.push(`"${pick(keys)}":${value()}`); // a repeated key: the last counts
    return `{${parts.join(random() < 0.5 ? ',' : ' , ')}}`;
  };
  const context = (): string => {
    const kind = pick(['', '"user"', '"org"', '"multi"', 'null', '3']);
    const parts: string[] = [];
    if (kind !== '') parts.push(`"kind":${kind}`);
    parts.push('"key":"k1"');
    for (const key of ['country', 'plan', 'name'])
      if (random() < 0.6) parts.push(`"${key}":${value()}`);
    if (random() < 0.5)
      parts.push(
        `"user":${random() < 0.8 ? members(['key', 'country', 'plan', 'kind']) : value()}`,
      );
    if (random() < 0.3) parts.push(`"org":${members(['key', 'country'])}`);
    return `{${parts.sort(() => random() - 0.5).join(',')}}`;
  };
  return (): string => {
    const event: string[] = ['"kind":"feature"', '"creationDate":1700000000000', '"variation":1'];
    if (random() < 0.9) event.push(`"context":${random() < 0.9 ? context() : value()}`);
    if (random() < 0.2) event.push(`"context":${context()}`);
    event.push(
      '"reason":{"kind":"RULE_MATCH","inExperiment":true,"nested":[{"a":[1,2,{"b":null}]}]}',
    );
    const body = `{${event.sort(() => random() - 0.5).join(',')}}`;
    const shape = random();
    if (shape < 0.4) return body;
    if (shape < 0.5) return `{"project":"p","context":${context()},"event":${body}}`;
    if (shape < 0.55) return `{"event":"not an object","context":${context()}}`;
    return ` { "project" : "p", "event" : ${body}, "version" : 1 } `;
  };
}

describe('slicing attributes read from bytes', () => {
  it('agrees with JSON.parse on every record it reads, and reads the plain ones', () => {
    for (const unitKind of ['user', 'org']) {
      const scanner = new SliceScanner(ATTRIBUTES, unitKind);
      const next = generator(unitKind === 'user' ? 1 : 2);
      let answered = 0;
      const total = 3000;
      for (let i = 0; i < total; i++) {
        const text = next();
        const expected = new Array<string | undefined>(ATTRIBUTES.length);
        recordSliceValues(JSON.parse(text), unitKind, ATTRIBUTES, expected);
        const got = new Array<string | undefined>(ATTRIBUTES.length);
        const bytes = utf8(`xx${text}yy`);
        if (!scanner.read(bytes, 2, bytes.length - 2, got)) {
          expect(text, 'gives up only on escapes').toContain('\\');
          continue;
        }
        answered++;
        expect(got, text).toEqual(expected);
      }
      expect(answered).toBeGreaterThan(total / 2);
    }
  });

  it('agrees with JSON.parse from the context object the fast path found', () => {
    for (const unitKind of ['user', 'org']) {
      const scanner = new SliceScanner(ATTRIBUTES, unitKind);
      const targets = MatchTargets.forSpec({
        flagKey: 'flag',
        randomizationUnit: unitKind,
        metrics: [],
      });
      const event = new ParsedEvent();
      const next = generator(unitKind === 'user' ? 3 : 4);
      let answered = 0;
      for (let i = 0; i < 3000; i++) {
        const text = next();
        const bytes = utf8(`xx${text}yy`);
        if (!scanRecord(bytes, 2, bytes.length - 2, targets, event)) continue;
        const expected = new Array<string | undefined>(ATTRIBUTES.length);
        recordSliceValues(JSON.parse(text), unitKind, ATTRIBUTES, expected);
        const got = new Array<string | undefined>(ATTRIBUTES.length);
        const at = scannedContextStart();
        if (at >= 0 && !scanner.readContext(bytes, at, bytes.length - 2, got)) continue;
        answered++;
        expect(got, text).toEqual(expected);
      }
      expect(answered).toBeGreaterThan(1000);
    }
  });

  it('gives up on what is not a JSON object', () => {
    const scanner = new SliceScanner(['country'], 'user');
    for (const text of ['[1]', '{"context":', '{"a" 1}', '{"a":1,}x', '"x"']) {
      const bytes = utf8(text);
      expect(scanner.read(bytes, 0, bytes.length, []), text).toBe(false);
    }
  });
});

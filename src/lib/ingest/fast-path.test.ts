// The byte-level fast path against the JSON.parse reading on the same records: whenever the fast path
// accepts a record it must read exactly what the reference reads; for tricky records it must give up.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { generateSampleLines, SAMPLE_EXPERIMENT } from './sample-data.ts';

const targets = new MatchTargets('flag-key', 'user', ['purchase', 'custom.event.key']);

function both(
  text: string,
  matchTargets = targets,
): { fast: ParsedEvent | null; reference: ParsedEvent } {
  const bytes = utf8(text);
  const fast = new ParsedEvent();
  const accepted = scanRecord(bytes, 0, bytes.length, matchTargets, fast);
  const reference = new ParsedEvent();
  readParsedRecord(JSON.parse(text), matchTargets, reference);
  return { fast: accepted ? fast : null, reference };
}

const tricky = [
  '{"kind":"custom","key":"purchase","contextKeys":{"user":"caf\\u00e9"},"creationDate":5,"metricValue":1}',
  '{"kind":"custom","key":"purch\\u0061se","userKey":"u","creationDate":5}',
  '{"ki\\u006ed":"custom","key":"purchase","userKey":"u","creationDate":5}',
  '{"kind":"feature","key":"flag-key","userKey":"u","id":12345,"variation":1}',
];

const plain = [
  '{"kind":"custom","key":"purchase","contextKeys":{"user":"café ☕"},"creationDate":5,"metricValue":-1.25e2}',
  '{ "kind" : "feature" , "key":"flag-key", "userKey":"u1", "variation": 2, "reason": {"kind":"ERROR"}, "creationDate": 1.5 }',
  '{"kind":"feature","key":"flag-key","context":{"kind":"multi","user":{"key":"m1","name":"x"},"org":{"key":"o"}},"variation":0,"reason":{"inExperiment":false}}',
  '{"kind":"feature","key":"flag-key","context":{"kind":5,"key":"k"},"variation":-1}',
  '{"kind":"custom","key":"purchase","user":{"key":"u"},"metricValue":null,"samplingRatio":3}',
  '{"kind":"custom","key":"purchase","user":{"key":"u"},"metricValue":"12"}',
  '{"kind":"custom","kind":"feature","key":"flag-key","key":"purchase","userKey":"a","userKey":"b"}',
  '{"event":{"kind":"custom","key":"purchase","userKey":"a"},"kind":"feature","version":1}',
  '{"kind":"feature","event":"not an envelope","key":"flag-key","userKey":"a","variation":1.5}',
  '{"kind":"custom","key":"LaunchDarklyDataExportTestEvent","userKey":"a","data":{"deep":[[[{"x":[1,2,{"y":null}]}]]],"s":"quote \\" and \\\\ and \\n"}}',
  '{"kind":"feature","key":"flag-key","contextKeys":{"user":""},"userKey":"fallback","variation":3,"creationDate":1700000000123}',
  '{"kind":"feature","key":"flag-key","contextKeys":{"user":7},"context":{"key":"c"},"variation":0,"id":"abc"}',
  '{}',
  '{"kind":"custom","key":"purchase","userKey":"u","metricValue":1e400}',
];

/** The event's fields; of the unit key's bytes only the key's (the fast path points into the record). */
function comparable(event: ParsedEvent) {
  const { unitBytes, unitStart, unitEnd, ...fields } = event;
  const unitKeyBytes = unitBytes === null ? null : [...unitBytes.subarray(unitStart, unitEnd)];
  return { ...fields, unitKeyBytes, unit: { ...event.unit }, id: { ...event.id } };
}

describe('fast path and JSON.parse fallback agree', () => {
  it('reads plain records exactly like JSON.parse', () => {
    for (const text of plain) {
      const { fast, reference } = both(text);
      expect(fast, text).not.toBeNull();
      expect(comparable(fast!), text).toEqual(comparable(reference));
    }
  });

  it('tells needed field names from names that share their start, end or length', () => {
    const nearMisses = [
      '{"kin":"x","kinds":"custom","kind":"custom","ke":"a","keys":"b","key":"purchase","userKey":"u","creationDate":5}',
      '{"kind":"feature","key":"flag-key","contextKey":{"user":"no"},"contextKeys":{"users":"no","user":"yes"},"variation":1}',
      '{"kind":"feature","key":"flag-key","contexts":{"key":"no"},"context":{"kin":"org","key":"ctx"},"userKeys":"no"}',
      '{"kind":"custom","key":"purchase","use":{"key":"no"},"user":{"keys":"no","key":"u2"},"ids":"no","id":"yes","i":1}',
      '{"kind":"feature","key":"flag-key","userKey":"u","reasons":{"inExperiment":true},"reason":{"inExperimen":true,"inExperiment":false,"kinds":"ERROR"},"variation":0}',
      '{"kind":"custom","key":"purchase","userKey":"u","metricValu":"x","metricValue":3,"samplingRatios":9,"samplingRatio":2,"creationDates":1,"creationDate":7}',
      '{"events":{"kind":"custom"},"kind":"feature","key":"flag-key","userKey":"u","variations":4,"variation":2,"":1,"k":2}',
    ];
    for (const text of nearMisses) {
      const { fast, reference } = both(text);
      expect(fast, text).not.toBeNull();
      expect(comparable(fast!), text).toEqual(comparable(reference));
    }
    // Unit kinds spelled like field names the scanner looks for.
    for (const unitKind of ['key', 'kind', 'user', 'context']) {
      const kindTargets = new MatchTargets('flag-key', unitKind, ['purchase']);
      const text = `{"kind":"feature","key":"flag-key","contextKeys":{"${unitKind}":"ck"},"context":{"kind":"multi","${unitKind}":{"key":"mk"}},"variation":1}`;
      const { fast, reference } = both(text, kindTargets);
      expect(fast, text).not.toBeNull();
      expect(comparable(fast!), `${unitKind}: ${text}`).toEqual(comparable(reference));
    }
  });

  it('gives up on escaped keys, escaped needed strings and numeric ids', () => {
    for (const text of tricky) expect(both(text).fast, text).toBeNull();
  });

  it('gives up on invalid JSON rather than guessing', () => {
    for (const text of [
      '{"kind":"custom",}',
      '{"kind":tru}',
      '{"a":01}',
      '{"a":"\\x"}',
      '{"a":1}}',
      '{"a" 1}',
    ]) {
      const bytes = utf8(text);
      expect(scanRecord(bytes, 0, bytes.length, targets, new ParsedEvent()), text).toBe(false);
    }
  });

  it('agrees on the fixture examples and on generated sample data', () => {
    const fixture = readFileSync(
      new URL('../../../test/fixtures/platform/data-export-examples.jsonl', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n');
    const sample = [...generateSampleLines({ units: 300, seed: 7 })]
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'));
    const sampleTargets = new MatchTargets(
      SAMPLE_EXPERIMENT.flagKey,
      'user',
      SAMPLE_EXPERIMENT.metrics.map((m) => m.eventKey),
    );
    let accepted = 0;
    for (const text of [...fixture, ...sample]) {
      const { fast, reference } = both(text, sampleTargets);
      if (fast === null) continue;
      accepted++;
      expect(comparable(fast), text).toEqual(comparable(reference));
    }
    expect(accepted).toBeGreaterThan(sample.length * 0.95);
  });
});

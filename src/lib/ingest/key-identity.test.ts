// One definition of a unit key's identity in every reading path (issue #14): the key's text with
// JSON escapes decoded and each byte that is not valid UTF-8 kept as its own code unit (U+DC80 +
// byte − 0x80, "surrogate escape"); two keys are one unit exactly when those code units are equal.
import { describe, expect, it } from 'vitest';
import { Fingerprint, fingerprintBytes, fingerprintString, utf8 } from './bytes.ts';
import { aggregateExperimentData, type ExperimentSpec } from './index.ts';
import { exposure, file, FLAG, PARSING_MODES, track } from './test-events.ts';

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
};

const concat = (...parts: (string | Uint8Array)[]) => {
  const chunks = parts.map((part) => (typeof part === 'string' ? utf8(part) : part));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
};

/** A JSON line whose unit key is `key` given as raw bytes between the quotes. */
function lineWithKey(record: Record<string, unknown>, key: Uint8Array): Uint8Array {
  const [before, after] = JSON.stringify(record).split('"@KEY@"');
  return concat(before, '"', key, '"', after, '\n');
}

const expose = (variation: number, key: Uint8Array) =>
  lineWithKey(
    { ...exposure('x', variation, 1000), contextKeys: { user: '@KEY@' }, context: undefined },
    key,
  );
/** A purchase that the fast path gives up on (its escaped event key, purch\u0061se): JSON.parse reads it. */
const purchaseNeedingFallback = (key: Uint8Array, value: number) =>
  escapedEventKey(
    lineWithKey({ ...track('x', 'purchase', 2000, value), contextKeys: { user: '@KEY@' } }, key),
  );

function escapedEventKey(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes).replace('"purchase"', '"purch\\u0061se"');
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

describe('unit key identity', () => {
  it('keeps two different lone surrogates (JSON escapes) as two units', async () => {
    const lines = concat(
      JSON.stringify(exposure('\ud800', 0, 1000)),
      '\n',
      JSON.stringify(exposure('\udc00', 1, 1000)),
      '\n',
    );
    // JSON.stringify writes lone surrogates as \ud800 escapes.
    expect(new TextDecoder().decode(lines)).toContain('\\ud800');
    const data = await aggregateExperimentData([file(lines, 'x.jsonl')], spec);
    expect(data.arms).toEqual([
      { variation: 0, units: 1 },
      { variation: 1, units: 1 },
    ]);
    expect(data.diagnostics.unitsInSeveralArms).toBe(0);
  });

  for (const [name, key] of [
    ['plain text', utf8('user-7')],
    ['non-ASCII text', utf8('zoë-ß-日本-😀')],
    ['an invalid UTF-8 byte', concat('user-', Uint8Array.of(0xff), '-7')],
    [
      'a truncated sequence and a lone continuation byte',
      concat('u', Uint8Array.of(0xe6, 0x97), 'x', Uint8Array.of(0x80)),
    ],
    ['an encoded surrogate (ED A0 80, not UTF-8)', concat('u', Uint8Array.of(0xed, 0xa0, 0x80))],
  ] as const) {
    it(`joins an exposure read by the fast path and a metric event read by JSON.parse: ${name}`, async () => {
      const lines = concat(expose(1, key), purchaseNeedingFallback(key, 5));
      // The design's variations, so arm 1 stays variation 1 (without them arms are the labels read).
      const data = await aggregateExperimentData(
        [file(lines, 'x.jsonl')],
        spec,
        undefined,
        undefined,
        { variations: ['control', 'treatment'] },
      );
      expect(data.diagnostics.skipped['unit-not-exposed']).toBeUndefined();
      expect(data.metrics.revenue).toEqual([
        { variation: 1, units: 1, conversions: 1, sum: 5, sumSquares: 25 },
      ]);
    });
  }

  it('keeps keys that differ only in their invalid bytes apart, and apart from U+FFFD', async () => {
    const keys = [Uint8Array.of(0xfe), Uint8Array.of(0xff), utf8('\ufffd')];
    const lines = concat(...keys.map((key, arm) => expose(arm, key)));
    const data = await aggregateExperimentData([file(lines, 'x.jsonl')], spec);
    expect(data.arms.map((arm) => arm.units)).toEqual([1, 1, 1]);
  });

  it('fingerprints bytes as the code units of their lossless decoding', () => {
    const [fromBytes, fromText] = [new Fingerprint(), new Fingerprint()];
    fingerprintBytes(concat('a', Uint8Array.of(0xff), 'é😀'), 0, 8, fromBytes);
    fingerprintString('a\udcffé😀', fromText);
    expect(fromBytes).toEqual(fromText);
  });

  for (const mode of PARSING_MODES) {
    it(`joins exposure and metric rows of a CSV key with an invalid byte, ${mode.name}`, async () => {
      const header = 'unit,flag,variation,event,value,time\n';
      const key = concat('k', Uint8Array.of(0xff), '""q');
      const csv = concat(
        header,
        '"',
        key,
        `",${FLAG},1,,,1000\n`,
        '"',
        key,
        '",,,purchase,5,2026-01-01 11:00:00\n',
        'k',
        Uint8Array.of(0xff),
        `,${FLAG},0,,,2026-01-01 10:00:00\n`,
        'k',
        Uint8Array.of(0xff),
        ',,,purchase,7,2026-01-01 11:00:00\n',
      );
      const data = await mode.importEvents([file(csv, 'e.csv')], spec, {
        unitKey: 'unit',
        timestamp: 'time',
        flagKey: 'flag',
        variation: 'variation',
        eventKey: 'event',
        value: 'value',
      });
      expect(data.metrics.revenue.map((arm) => arm.sum)).toEqual([7, 5]);
    });
  }
});

// The one-pass import (metric events aggregated as soon as their unit's exposure allows, the others
// stashed until the end) against hand-worked answers, in every order and with every stash size down to
// none (which forces the fallback to a second pass); and the JSON Lines whole-line shortcut against the
// byte-by-byte splitting it replaces.
import { describe, expect, it } from 'vitest';
import { decodeUtf8, utf8 } from './bytes.ts';
import { aggregateExperimentData } from './index.ts';
import type { ExperimentData } from './types.ts';
import { scanLine } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { CHUNK_BYTES } from './read-source.ts';
import { JsonRecordSplitter } from './record-splitter.ts';
import { emptyLedger, generateSampleLines, SAMPLE_EXPERIMENT } from './sample-data.ts';
import {
  exposure,
  file,
  FLAG,
  jsonLines,
  PARSING_MODES,
  pushInPieces,
  shuffled,
  track,
  type Json,
} from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
    { key: 'buyer', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
  ],
};

// U: arm 0 at 1000; buys 5 at 2000 (twice, identical: a duplicate) and once at 2500 without a value;
//    then arm 1 at 3000 → several arms: its four purchases (and one at 4000 read after that) are all
//    skipped as unit-in-several-arms, and neither the duplicate nor the missing value is counted.
// V: arm 0 at 1000 and again at 500 (first = 500); buys 2 at 600 and 4 at 1500 → sum 6, average 3.
//    Read in file order, the purchase at 600 comes before V's exposure at 500 is known: it waits.
// W: arm 1 at 2000; buys 8 at 1000 → before its exposure.
// X: never exposed; buys 1 at 1000.
const records: Json[] = [
  exposure('U', 0, 1000),
  track('U', 'purchase', 2000, 5),
  track('U', 'purchase', 2000, 5),
  track('U', 'purchase', 2500),
  exposure('U', 1, 3000),
  track('U', 'purchase', 4000, 7),
  exposure('V', 0, 1000),
  track('V', 'purchase', 600, 2),
  exposure('V', 0, 500),
  track('V', 'purchase', 1500, 4),
  track('W', 'purchase', 1000, 8),
  exposure('W', 1, 2000),
  track('X', 'purchase', 1000, 1),
];

const expected: ExperimentData = {
  armLabels: ['0', '1'],
  armLabelKind: 'indices',
  arms: [
    { variation: 0, units: 1 }, // V
    { variation: 1, units: 1 }, // W
  ],
  metrics: {
    revenue: [
      { variation: 0, units: 1, conversions: 1, sum: 6, sumSquares: 36 },
      { variation: 1, units: 1, conversions: 0, sum: 0, sumSquares: 0 },
    ],
    'order-value': [
      { variation: 0, units: 1, conversions: 1, sum: 3, sumSquares: 9 },
      { variation: 1, units: 1, conversions: 0, sum: 0, sumSquares: 0 },
    ],
    buyer: [
      { variation: 0, units: 1, conversions: 1, sum: 1, sumSquares: 1 },
      { variation: 1, units: 1, conversions: 0, sum: 0, sumSquares: 0 },
    ],
  },
  exposuresByHour: [{ hourStart: 0, counts: { 0: 1, 1: 1 } }],
  diagnostics: {
    recordsRead: 13,
    skipped: { 'unit-in-several-arms': 4, 'unit-not-exposed': 1 },
    malformed: [],
    malformedCount: 0,
    unitsInSeveralArms: 1,
    duplicatesDropped: 0,
    eventsBeforeExposure: 1,
    eventsOutsideWindow: 0,
    sampledEvents: 0,
    firstTimestamp: 500,
    lastTimestamp: 4000,
  },
};

// V and W were first exposed on 1970-01-01 (UTC): that day's statistics are the totals.
expected.breakdowns = [
  { by: 'day', cells: [{ value: '0', arms: expected.arms, metrics: expected.metrics }] },
];

describe('one optimistic pass', () => {
  it('takes back what a unit gave before it turned out to be in several arms', async () => {
    for (const maxStashedEvents of [undefined, 1, 0]) {
      const result = await aggregateExperimentData(
        [file(jsonLines(records), 'events.jsonl')],
        spec,
        undefined,
        undefined,
        { maxStashedEvents },
      );
      expect(result, `stash ${maxStashedEvents}`).toEqual(expected);
    }
  });

  it('gives the hand-worked result in any order, with any stash size', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const order = seed % 2 === 0 ? shuffled(records, seed) : [...records].reverse();
      const sources = [order.slice(0, 6), order.slice(6)].map((part, i) =>
        file(jsonLines(part), `part-${i}.jsonl`),
      );
      for (const maxStashedEvents of [undefined, 2, 0]) {
        const result = await aggregateExperimentData(sources, spec, undefined, undefined, {
          maxStashedEvents,
        });
        expect(result, `seed ${seed}, stash ${maxStashedEvents}`).toEqual(expected);
      }
    }
  });

  it('event-level CSV: the same rules with a stash too small to hold anything, parsed here or through a parser port', async () => {
    const header = 'flag_key,context_key,variation,event_key,metric_value,timestamp';
    const rows = records.map((record) =>
      record.kind === 'feature'
        ? `${FLAG},${(record.contextKeys as Json).user},${record.variation},,,${record.creationDate}`
        : `,${(record.contextKeys as Json).user},,purchase,${record.metricValue ?? ''},${record.creationDate}`,
    );
    const mapping = {
      flagKey: 'flag_key',
      unitKey: 'context_key',
      variation: 'variation',
      eventKey: 'event_key',
      value: 'metric_value',
      timestamp: 'timestamp',
    };
    for (const [maxStashedEvents, { importEvents }] of [undefined, 0].flatMap((max) =>
      PARSING_MODES.map((mode) => [max, mode] as const),
    )) {
      const result = await importEvents(
        [file([header, ...shuffled(rows, 3)].join('\n'), 'events.csv')],
        spec,
        mapping,
        { maxStashedEvents },
      );
      // CSV timestamps below 1e11 are seconds: every time is scaled by 1000, the hours stay the same.
      expect(result.metrics).toEqual(expected.metrics);
      expect(result.diagnostics.skipped).toEqual(expected.diagnostics.skipped);
      expect(result.diagnostics.eventsBeforeExposure).toBe(1);
      expect(result.diagnostics.unitsInSeveralArms).toBe(1);
    }
  });

  it('decides events read before their unit was exposed, in a file grouped by unit', async () => {
    // Thirty units (more than the aggregator keeps waiting for), each in turn: a purchase of i at
    // 2000 twice (identical: one is a duplicate), an exposure at 3000 and an earlier one at 1500, a
    // purchase of 100 at 1000 (before the first exposure). Every fifth unit is never exposed; units
    // 3, 10, 17, 24 are also exposed to the other arm.
    const grouped: Json[] = [];
    const analysed: number[][] = [[], []];
    let several = 0;
    let notExposed = 0;
    for (let i = 0; i < 30; i++) {
      const unit = `u${i}`;
      const arm = i % 2;
      grouped.push(track(unit, 'purchase', 2000, i), track(unit, 'purchase', 2000, i));
      if (i % 5 === 0) notExposed++;
      else {
        grouped.push(exposure(unit, arm, 3000), exposure(unit, arm, 1500));
        if (i % 7 === 3) {
          grouped.push(exposure(unit, 1 - arm, 1600));
          several++;
        } else analysed[arm].push(i);
      }
      grouped.push(track(unit, 'purchase', 1000, 100));
    }
    const units = analysed[0].length + analysed[1].length;
    for (const order of [grouped, [...grouped].reverse(), shuffled(grouped, 9)]) {
      for (const maxStashedEvents of [undefined, 0]) {
        const result = await aggregateExperimentData(
          [file(jsonLines(order), 'grouped.jsonl')],
          spec,
          undefined,
          undefined,
          { maxStashedEvents },
        );
        expect(result.metrics.revenue).toEqual(
          analysed.map((values, variation) => ({
            variation,
            units: values.length,
            conversions: values.length,
            sum: values.reduce((sum, value) => sum + value, 0),
            sumSquares: values.reduce((sum, value) => sum + value * value, 0),
          })),
        );
        expect(result.diagnostics).toMatchObject({
          duplicatesDropped: units,
          eventsBeforeExposure: units,
          unitsInSeveralArms: several,
          skipped: { 'unit-in-several-arms': 3 * several, 'unit-not-exposed': 3 * notExposed },
        });
      }
    }
  });

  it('falls back to a second pass when the stash overflows, with the ledger numbers', async () => {
    const ledger = emptyLedger();
    const text = [...generateSampleLines({ units: 2000, seed: 5 }, ledger)].join('');
    for (const maxStashedEvents of [undefined, 10]) {
      const result = await aggregateExperimentData(
        [file(text, 'sample.jsonl')],
        SAMPLE_EXPERIMENT,
        undefined,
        undefined,
        { maxStashedEvents },
      );
      expect(result.arms).toEqual(ledger.units.map((units, variation) => ({ variation, units })));
      expect(result.metrics['signup-rate'].map((arm) => arm.conversions)).toEqual(ledger.converted);
      result.metrics['revenue-per-user'].forEach((arm, variation) =>
        expect(arm.sum).toBeCloseTo(ledger.revenueSum[variation], 6),
      );
      const d = result.diagnostics;
      expect(d.duplicatesDropped).toBe(ledger.duplicatesDropped);
      expect(d.eventsBeforeExposure).toBe(ledger.eventsBeforeExposure);
      expect(d.skipped['missing-metric-value']).toBe(ledger.missingMetricValue);
    }
  });
});

describe('JSON Lines whole-line shortcut', () => {
  const targets = new MatchTargets(FLAG, 'user', ['purchase']);
  const event = new ParsedEvent();

  function split(bytes: Uint8Array, cuts: number[], shortcut: boolean, max?: number): string[] {
    const out: string[] = [];
    const splitter = new JsonRecordSplitter(
      {
        onRecord: (b, start, end, line) => out.push(`${line}:${decodeUtf8(b, start, end)}`),
        onMalformed: (line, reason) => out.push(`${line}!${reason}`),
        onLine: shortcut
          ? (b, start, stop, line) => {
              const newline = scanLine(b, start, stop, targets, event);
              if (newline >= 0) out.push(`${line}:${decodeUtf8(b, start, newline).trimEnd()}`);
              return newline;
            }
          : undefined,
      },
      max,
    );
    pushInPieces(splitter, bytes, cuts);
    return out;
  }

  const text = [
    '{"kind":"custom","key":"purchase","userKey":"a"}',
    '{"kind":"custom","key":"purchase","userKey":"b"}  \r',
    '  {"kind":"custom"}',
    '{"a":1}{"b":2}',
    '{"a":1} trailing',
    '{"a":1},',
    '[{"a":1},',
    '{"b":2}]',
    '',
    '{"a":',
    '{"s":"x\\ty"}',
    '{"k":"bad \\x escape"}',
    '{"a":[1,2,{"b":null}],"c":true}',
    '{"kind":"custom","key":"purchase","userKey":"c","pad":"' + 'x'.repeat(40) + '"}',
    '{"last":"no newline"}',
  ].join('\n');
  const bytes = utf8(text);

  it('hands over exactly what byte-by-byte splitting does, at every cut', () => {
    const expected = split(bytes, [], false);
    expect(expected.length).toBeGreaterThan(10);
    expect(split(bytes, [], true)).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(split(bytes, [cut], true), `cut at ${cut}`).toEqual(expected);
  });

  it('leaves records longer than the cap to the splitting (reported once, skipped)', () => {
    for (const max of [40, 60, 100])
      expect(split(bytes, [], true, max)).toEqual(split(bytes, [], false, max));
  });

  it('gives the same import as JSON.parse for every record', async () => {
    const lines = [
      ...records.map((record) => JSON.stringify(record)),
      '{"kind":"custom","key":"purchase","contextKeys":{"user":"V"},"creationDate":700,"metricValue":1}  {"x":1}',
      '{"kind":"custom","key":"purchase","contextKeys":{"user":"V"},"creationDate":800,"metricValue":1}\r',
      '{"kind":"custom","key":"purchase","contextKeys":{"user":"V"},"creationDate":900,"metricValue":1} junk',
    ];
    const source = () => file(lines.join('\n') + '\n', 'mixed.jsonl');
    const fast = await aggregateExperimentData([source()], spec);
    const reference = await aggregateExperimentData([source()], spec, undefined, undefined, {
      disableFastPath: true,
    });
    expect(fast).toEqual(reference);
    expect(fast.diagnostics.malformed).toEqual([
      { file: 'mixed.jsonl', line: 16, reason: 'not a JSON object' },
    ]);
  });
});

describe('reading plain files', () => {
  it('reads across chunk boundaries (records cut in two) as if the file were read whole', async () => {
    const ledger = emptyLedger();
    const text = [...generateSampleLines({ units: 5000, seed: 8 }, ledger)].join('');
    expect(text.length).toBeGreaterThan(2 * CHUNK_BYTES);
    const whole = await aggregateExperimentData([file(text, 'sample.jsonl')], SAMPLE_EXPERIMENT);
    expect(whole.diagnostics.recordsRead).toBe(ledger.records);
    expect(whole.diagnostics.malformedCount).toBe(0);
    expect(whole.arms).toEqual(ledger.units.map((units, variation) => ({ variation, units })));
    expect(whole.diagnostics.duplicatesDropped).toBe(ledger.duplicatesDropped);
    // The same lines as three files cut at line boundaries: the chunk boundaries fall elsewhere.
    const lines = text.split('\n');
    const third = Math.floor(lines.length / 3);
    const parts = [lines.slice(0, third), lines.slice(third, 2 * third), lines.slice(2 * third)];
    const split = await aggregateExperimentData(
      parts.map((part, i) => file(part.join('\n') + '\n', `part-${i}.jsonl`)),
      SAMPLE_EXPERIMENT,
    );
    expect(split.metrics['signup-rate']).toEqual(whole.metrics['signup-rate']);
    expect(split.exposuresByHour).toEqual(whole.exposuresByHour);
    expect({ ...split.diagnostics, malformed: [] }).toEqual({
      ...whole.diagnostics,
      malformed: [],
    });
  });
});

// Every rule of docs/data-import.md#the-rules on one hand-built experiment; the expected numbers are worked out by hand in
// the comments, not taken from running the code.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import {
  envelope,
  exposure,
  file,
  FLAG,
  jsonLines,
  shuffled,
  track,
  type Json,
} from './test-events.ts';
import type { ExperimentData, ExperimentSpec } from './types.ts';

const HOUR = 3_600_000;
const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  window: { start: 1000, end: 7_300_000 },
  metrics: [
    { key: 'converted', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
  ],
};

// The story, unit by unit:
// A: arm 0, exposed at 2000 and at 1500 (first = 1500, sampled event); buys at 1400 (before exposure),
//    1600 for 10, 3000 for 20, and 3000 for 20 again (identical record without id → duplicate).
// B: arm 1 at 2000 (newer context-only schema); buys at 2500 for 5 with id e1, again with id e1
//    (duplicate), and at 8,000,000 for 100 (after the window's end).
// C: arm 1 at 3000 (envelope), never buys.
// D: arm 0 at 2000 and arm 1 at 2500 → in several arms, excluded; buys at 3000 for 50.
// E: exposed only at 500 (before the window: outside); buys at 2000 → not an exposed unit.
// F: old schema, reason without inExperiment → not an exposure by default.
// G: multi-kind context, arm 0 at 3,700,000 (second hour); buys at 3,800,000 without metricValue.
// Noise: connection test, summary, identify, another flag, another event key.
const records: Json[] = [
  exposure('A', 0, 2000),
  exposure('A', 0, 1500, { samplingRatio: 10 }),
  track('A', 'purchase', 1400, 7),
  track('A', 'purchase', 1600, 10),
  track('A', 'purchase', 3000, 20),
  track('A', 'purchase', 3000, 20),
  {
    kind: 'feature',
    creationDate: 2000,
    context: { kind: 'user', key: 'B' },
    key: FLAG,
    variation: 1,
    reason: { kind: 'FALLTHROUGH', inExperiment: true },
  },
  track('B', 'purchase', 2500, 5, { id: 'e1' }),
  track('B', 'purchase', 2500, 5, { id: 'e1' }),
  track('B', 'purchase', 8_000_000, 100),
  envelope(exposure('C', 1, 3000)),
  exposure('D', 0, 2000),
  exposure('D', 1, 2500),
  track('D', 'purchase', 3000, 50),
  exposure('E', 0, 500),
  track('E', 'purchase', 2000, 9),
  {
    kind: 'feature',
    userKey: 'F',
    creationDate: 2000,
    key: FLAG,
    variation: 1,
    variationName: 'new',
    id: 'f1',
    reason: { kind: 'FALLTHROUGH' },
  },
  exposure('G', 0, 3_700_000, {
    contextKeys: undefined,
    context: { kind: 'multi', user: { key: 'G' }, organization: { key: 'acme' } },
  }),
  envelope({
    kind: 'custom',
    creationDate: 3_800_000,
    key: 'purchase',
    context: { kind: 'multi', user: { key: 'G' }, organization: { key: 'acme' } },
  }),
  envelope({
    kind: 'feature',
    creationDate: 2000,
    key: 'LaunchDarklyDataExportTestEvent',
    userKey: 'LaunchDarklyDataExportTestEvent',
    variation: 0,
  }),
  { kind: 'summary', startDate: 1000, endDate: 5000, features: { [FLAG]: { counters: [] } } },
  { kind: 'identify', creationDate: 2000, context: { kind: 'user', key: 'A' } },
  exposure('A', 1, 2000, { key: 'other-flag' }),
  track('A', 'add-to-cart', 2000),
];

const expected: ExperimentData = {
  armLabels: ['0', '1'],
  armLabelKind: 'indices',
  arms: [
    { variation: 0, units: 2 }, // A, G
    { variation: 1, units: 2 }, // B, C
  ],
  metrics: {
    // A converted, G converted (an event without value still counts); B yes, C no.
    converted: [
      { variation: 0, units: 2, conversions: 2, sum: 2, sumSquares: 2 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ],
    // sum: A = 10 + 20 = 30, G = 0 → Σy 30, Σy² 900; B = 5, C = 0 → 5, 25.
    revenue: [
      { variation: 0, units: 2, conversions: 1, sum: 30, sumSquares: 900 },
      { variation: 1, units: 2, conversions: 1, sum: 5, sumSquares: 25 },
    ],
    // average: A = (10 + 20) / 2 = 15, G = 0 → 15, 225; B = 5 → 5, 25.
    'order-value': [
      { variation: 0, units: 2, conversions: 1, sum: 15, sumSquares: 225 },
      { variation: 1, units: 2, conversions: 1, sum: 5, sumSquares: 25 },
    ],
  },
  exposuresByHour: [
    { hourStart: 0, counts: { 0: 1, 1: 2 } }, // A (1500), B (2000), C (3000)
    { hourStart: HOUR, counts: { 0: 1 } }, // G (3,700,000)
  ],
  diagnostics: {
    recordsRead: 24,
    skipped: {
      'not-in-experiment': 1, // F
      'connection-test': 1,
      summary: 1,
      identify: 1,
      'other-flag': 1,
      'other-event-key': 1,
      'unit-in-several-arms': 1, // D's purchase
      'unit-not-exposed': 1, // E's purchase
      'missing-metric-value': 1, // G's purchase, for the numeric metrics
    },
    malformed: [],
    malformedCount: 0,
    unitsInSeveralArms: 1, // D
    duplicatesDropped: 2, // A's repeated record, B's repeated id
    eventsBeforeExposure: 1, // A at 1400
    eventsOutsideWindow: 2, // E's exposure at 500, B's purchase at 8,000,000
    sampledEvents: 1,
    firstTimestamp: 500,
    lastTimestamp: 8_000_000,
  },
};

// A, B, C and G were all first exposed on 1970-01-01 (UTC): that day's statistics are the totals.
expected.breakdowns = [
  { by: 'day', cells: [{ value: '0', arms: expected.arms, metrics: expected.metrics }] },
];

const run = (sources: Blob[], overrides: Partial<ExperimentSpec> = {}, fast = true) =>
  aggregateExperimentData(sources, { ...spec, ...overrides }, undefined, undefined, {
    disableFastPath: !fast,
  });

describe('the import rules (docs/data-import.md) on a hand-built experiment', () => {
  it('gives the hand-computed result from JSON Lines', async () => {
    expect(await run([file(jsonLines(records), 'events.jsonl')])).toEqual(expected);
  });

  it('gives the same result without the fast path (JSON.parse for every record)', async () => {
    expect(await run([file(jsonLines(records), 'events.jsonl')], {}, false)).toEqual(expected);
  });

  it('does not depend on the order of events or files', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const order = shuffled(records, seed);
      const cut1 = (seed * 5) % order.length;
      const cut2 = Math.min(order.length, cut1 + 7);
      const parts = [order.slice(0, cut1), order.slice(cut1, cut2), order.slice(cut2)].filter(
        (part) => part.length > 0,
      );
      const sources = shuffled(parts, seed + 100).map((part, i) =>
        file(jsonLines(part), `hour-${i}.jsonl`),
      );
      expect(await run(sources)).toEqual(expected);
    }
  });

  it('reads a JSON array, concatenated objects and gzip the same way', async () => {
    const array = file(JSON.stringify(records, null, 2), 'events.json');
    const concatenated = file(
      records.map((record) => JSON.stringify(record)).join(''),
      'events.concat',
    );
    const gzipped = file(new Uint8Array(gzipSync(jsonLines(records))), 'events.bin');
    for (const source of [array, concatenated, gzipped])
      expect(await run([source])).toEqual(expected);
  });

  it('counts old evaluations without inExperiment only with the opt-in', async () => {
    const result = await run([file(jsonLines(records), 'events.jsonl')], {
      countAllRuleEvaluations: true,
    });
    // F joins arm 1 (old schema userKey); first exposure 2000 → hour 0.
    expect(result.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 3 },
    ]);
    expect(result.diagnostics.skipped['not-in-experiment']).toBeUndefined();
    expect(result.exposuresByHour[0]).toEqual({ hourStart: 0, counts: { 0: 1, 1: 3 } });
    expect(result.metrics.converted[1]).toEqual({
      variation: 1,
      units: 3,
      conversions: 1,
      sum: 1,
      sumSquares: 1,
    });
  });

  it('without a window uses every exposure and event', async () => {
    const result = await run([file(jsonLines(records), 'events.jsonl')], { window: undefined });
    // E (exposed at 500) now counts in arm 0 and its purchase of 9 at 2000 is after exposure;
    // B's purchase of 100 at 8,000,000 now counts: B = 5 + 100.
    expect(result.arms).toEqual([
      { variation: 0, units: 3 },
      { variation: 1, units: 2 },
    ]);
    expect(result.metrics.revenue).toEqual([
      { variation: 0, units: 3, conversions: 2, sum: 39, sumSquares: 981 }, // A 30, E 9, G 0
      { variation: 1, units: 2, conversions: 1, sum: 105, sumSquares: 11025 }, // B 105, C 0
    ]);
    expect(result.diagnostics.eventsOutsideWindow).toBe(0);
  });

  it('a conversion metric aggregated by sum counts events per unit', async () => {
    const result = await run([file(jsonLines(records), 'events.jsonl')], {
      metrics: [{ key: 'purchases', eventKey: 'purchase', kind: 'conversion', aggregation: 'sum' }],
    });
    // A: 1600, 3000 → 2; G: 1 → Σ 3, Σ² 5. B: 1 → 1, 1.
    expect(result.metrics.purchases).toEqual([
      { variation: 0, units: 2, conversions: 2, sum: 3, sumSquares: 5 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
  });
});

describe('unit keys for other randomization units (rule 1 of docs/data-import.md)', () => {
  it('finds organization keys in contextKeys, single-kind and multi-kind contexts, never in userKey', async () => {
    const org = (time: number, variation: number, where: Json): Json => ({
      kind: 'feature',
      creationDate: time,
      key: FLAG,
      variation,
      reason: { inExperiment: true },
      ...where,
    });
    const result = await aggregateExperimentData(
      [
        file(
          jsonLines([
            org(1, 0, { contextKeys: { user: 'u1', organization: 'o1' } }),
            org(2, 1, { context: { kind: 'organization', key: 'o2' } }),
            org(3, 1, {
              context: { kind: 'multi', user: { key: 'u3' }, organization: { key: 'o3' } },
            }),
            org(4, 0, { userKey: 'u4' }),
            org(5, 0, { context: { key: 'u5' } }), // a context without kind is a user
            {
              kind: 'custom',
              creationDate: 10,
              key: 'signup',
              context: { kind: 'multi', organization: { key: 'o3' } },
            },
            {
              kind: 'custom',
              creationDate: 10,
              key: 'signup',
              contextKeys: { organization: 'o1' },
            },
          ]),
          'orgs.jsonl',
        ),
      ],
      {
        flagKey: FLAG,
        randomizationUnit: 'organization',
        metrics: [
          { key: 'signup', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
        ],
      },
    );
    expect(result.arms).toEqual([
      { variation: 0, units: 1 }, // o1
      { variation: 1, units: 2 }, // o2, o3
    ]);
    expect(result.metrics.signup).toEqual([
      { variation: 0, units: 1, conversions: 1, sum: 1, sumSquares: 1 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
    expect(result.diagnostics.skipped['no-unit-key']).toBe(2); // u4, u5
  });

  it('reads the fixture examples: old and new schema, envelopes, index/identify/alias', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(
      new URL('../../../test/fixtures/platform/data-export-examples.jsonl', import.meta.url),
    );
    const result = await aggregateExperimentData([file(new Uint8Array(text), 'examples.jsonl')], {
      flagKey: 'flag-key',
      randomizationUnit: 'user',
      metrics: [],
    });
    // 7 records: one exposure of flag-key (variation 0, inExperiment, sampled 1-in-10), two other flags' evaluations.
    expect(result.arms).toEqual([{ variation: 0, units: 1 }]);
    expect(result.diagnostics.recordsRead).toBe(7);
    expect(result.diagnostics.sampledEvents).toBe(1);
    expect(result.diagnostics.skipped).toEqual({
      'other-flag': 2,
      index: 1,
      identify: 1,
      'other-event-key': 1,
      alias: 1,
    });
    expect(result.exposuresByHour).toEqual([{ hourStart: 1462219200000, counts: { 0: 1 } }]);
  });
});

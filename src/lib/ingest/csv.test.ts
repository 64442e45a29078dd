// Event-level, unit-level and summary CSV files, with hand-worked answers.
import { describe, expect, it } from 'vitest';
import {
  aggregateCsvEvents,
  aggregateCsvUnits,
  aggregateSummaryCsv,
  IngestError,
  proposeColumnMapping,
  validateTypedSummary,
} from './index.ts';
import { file, PARSING_MODES, shuffled } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'checkout',
  randomizationUnit: 'user',
  window: { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) },
  metrics: [
    { key: 'bought', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
  ],
};

const header =
  'event_id,flag_key,context_kind,context_key,variation_id,event_key,metric_value,timestamp';
// u1: arm 0 at 10:00 (and again at 09:30 → first 09:30); buys 12.5 and 7.5 → average 10.
// u2: arm 1 at 10:15; buys "3" (quoted) once, and the same event id twice → once; buys before exposure.
// u3: arm 1 at 11:00; no purchase. u4: another flag. u5: an organization context.
// u6: arm 0 and arm 1 → several arms. A purchase on 2 January is outside the window.
const rows = [
  'e1,checkout,user,u1,0,,,2026-01-01 10:00:00',
  'e2,checkout,user,u1,0,,,2026-01-01T09:30:00Z',
  'e3,,user,u1,,purchase,12.5,2026-01-01 10:05:00',
  'e4,,user,u1,,purchase,7.5,2026-01-01 12:00:00',
  'e5,checkout,user,u2,1,,,2026-01-01 10:15:00',
  'e6,,user,u2,,purchase,"3",2026-01-01 10:20:00',
  'e6,,user,u2,,purchase,"3",2026-01-01 10:20:00',
  'e7,,user,u2,,purchase,4,2026-01-01 10:10:00',
  'e8,checkout,user,u3,1,,,2026-01-01 11:00:00',
  'e9,other,user,u4,0,,,2026-01-01 11:00:00',
  'e10,checkout,organization,u5,0,,,2026-01-01 11:00:00',
  'e11,checkout,user,u6,0,,,2026-01-01 11:00:00',
  'e12,checkout,user,u6,1,,,2026-01-01 11:05:00',
  'e13,,user,u1,,purchase,100,2026-01-02 00:00:00',
];
const mapping = proposeColumnMapping(header.split(',')).mapping as Parameters<
  typeof aggregateCsvEvents
>[2];

describe('event-level CSV column mapping', () => {
  it('proposes a mapping from warehouse column names', () => {
    const proposed = proposeColumnMapping(header.split(','));
    expect(proposed.mapping).toEqual({
      id: 'event_id',
      flagKey: 'flag_key',
      unitKind: 'context_kind',
      unitKey: 'context_key',
      variation: 'variation_id',
      eventKey: 'event_key',
      value: 'metric_value',
      timestamp: 'timestamp',
    });
    expect(proposed.confidence.unitKey).toBe(1);
    expect(proposed.confidence.inExperiment).toBe(0);
    const fuzzy = proposeColumnMapping(['User Key', 'Arm', 'Event Time']);
    expect(fuzzy.mapping.unitKey).toBe('User Key');
    expect(fuzzy.mapping.variation).toBe('Arm');
  });
});

// Every event-level case twice: parsed in this thread, and parsed by a parser at the other end of a
// MessagePort (as a worker would, here in the same thread) while this thread applies the rules.
describe.each(PARSING_MODES)('event-level CSV, $name', ({ importEvents }) => {
  it('applies the rules to rows (hand-worked), in any order', async () => {
    const hour = (h: number, m = 0) => Date.UTC(2026, 0, 1, h, m);
    for (const seed of [0, 1, 2]) {
      const body = seed === 0 ? rows : shuffled(rows, seed);
      const result = await importEvents(
        [file([header, ...body].join('\r\n'), 'events.csv')],
        spec,
        mapping,
      );
      expect(result.arms).toEqual([
        { variation: 0, units: 1 },
        { variation: 1, units: 2 },
      ]);
      expect(result.metrics.bought).toEqual([
        { variation: 0, units: 1, conversions: 1, sum: 1, sumSquares: 1 },
        { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
      ]);
      expect(result.metrics.spend).toEqual([
        { variation: 0, units: 1, conversions: 1, sum: 10, sumSquares: 100 },
        { variation: 1, units: 2, conversions: 1, sum: 3, sumSquares: 9 },
      ]);
      expect(result.exposuresByHour).toEqual([
        { hourStart: hour(9), counts: { 0: 1 } },
        { hourStart: hour(10), counts: { 1: 1 } },
        { hourStart: hour(11), counts: { 1: 1 } },
      ]);
      expect(result.diagnostics).toMatchObject({
        recordsRead: 14,
        unitsInSeveralArms: 1,
        duplicatesDropped: 1,
        eventsBeforeExposure: 1,
        eventsOutsideWindow: 1,
        malformedCount: 0,
      });
      expect(result.diagnostics.skipped).toEqual({ 'other-flag': 1, 'no-unit-key': 1 });
    }
  });

  it('detects semicolons and tabs', async () => {
    for (const delimiter of [';', '\t']) {
      const text = [header, ...rows].map((line) => line.replaceAll(',', delimiter)).join('\n');
      const result = await importEvents([file(text, 'events.csv')], spec, mapping);
      expect(result.arms).toEqual([
        { variation: 0, units: 1 },
        { variation: 1, units: 2 },
      ]);
    }
  });

  it('says which delimiter the file uses when the given one is wrong', async () => {
    const text = [header, ...rows].map((line) => line.replaceAll(',', ';')).join('\n');
    const error = await importEvents([file(text, 'semi.csv')], spec, mapping, {
      delimiter: ',',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe(
      'semi.csv: the header has a single column; the file seems to use ";" as delimiter, not ",".',
    );
  });

  it('names missing columns and the columns it found', async () => {
    const error = await importEvents([file('user,when\nu1,5\n', 'short.csv')], spec, mapping).catch(
      (e: unknown) => e,
    );
    expect((error as IngestError).message).toMatch(
      /^short\.csv: missing columns: unitKey \("context_key"\), timestamp \("timestamp"\).*The header has: user, when\.$/,
    );
  });

  it('reports non-numeric values and short rows as malformed rows with their line', async () => {
    const text = [
      header,
      rows[0],
      'e3,,user,u1,,purchase,twelve,2026-01-01 10:05:00',
      'e4,,user',
      rows[3],
    ].join('\n');
    const result = await importEvents([file(text, 'bad.csv')], spec, mapping);
    expect(result.diagnostics.malformed).toEqual([
      { file: 'bad.csv', line: 3, reason: 'value "twelve" is not a number' },
      { file: 'bad.csv', line: 4, reason: '3 fields where the header has 8' },
    ]);
    expect(result.metrics.spend[0].sum).toBe(7.5);
  });

  it('reads event kinds and in-experiment flags in any spelling', async () => {
    const text = [
      'kind,context_key,variation,in_experiment,event_key,metric_value,timestamp',
      'exposure,a,0,true,,,1767261600000',
      ' Feature ,b,1,YES,,,1767261600000',
      'FLAG,c,1, 1 ,,,1767261600000',
      '"Exposure",g,0,TRUE,,,1767261600000',
      'evaluation,d,0,false,,,1767261600000',
      'exposure,e,0,,,,1767261600000',
      'exposure,f,1,maybe,,,1767261600000',
      'custom,a,,,purchase,5,1767261601000',
      'Metric,b,,,purchase,7,1767261601000',
      'click,c,,,purchase,,1767261601000',
      'identify,a,,,,,1767261601000',
      'exposure,h,0,no,,,1767261600000',
    ].join('\n');
    const result = await importEvents([file(text, 'kinds.csv')], spec, {
      kind: 'kind',
      unitKey: 'context_key',
      variation: 'variation',
      inExperiment: 'in_experiment',
      eventKey: 'event_key',
      value: 'metric_value',
      timestamp: 'timestamp',
    });
    // Exposed: a and g in arm 0, b and c in arm 1; d, e, f and h are not counted as in the experiment.
    expect(result.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 2 },
    ]);
    expect(result.metrics.bought).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
      { variation: 1, units: 2, conversions: 2, sum: 2, sumSquares: 2 },
    ]);
    expect(result.metrics.spend).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 5, sumSquares: 25 },
      { variation: 1, units: 2, conversions: 1, sum: 7, sumSquares: 49 },
    ]);
    expect(result.diagnostics.skipped).toEqual({
      'not-in-experiment': 4,
      'unknown-kind': 1,
      'missing-metric-value': 1,
    });
  });

  it('keeps named variations as arm names', async () => {
    const text =
      'context_key,variation,timestamp\na,control,1767261600000\nb,treatment,1767261600000\nc,treatment,1767261600000\nd, control,1767261600000\n';
    const result = await importEvents(
      [file(text, 'named.csv')],
      { ...spec, metrics: [] },
      { unitKey: 'context_key', variation: 'variation', timestamp: 'timestamp' },
    );
    expect(result.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 2 },
    ]);
    expect(result.armNames).toEqual({ 0: 'control', 1: 'treatment' });
  });
});

describe('unit-level CSV', () => {
  it('aggregates one row per unit, excluding units in several arms (first row of a unit kept)', async () => {
    // arm 0: a (spend 10, bought 1), b (empty → 0); arm 1: c (4, 1), d (6, 0); e in both arms; a twice.
    const text =
      'unit,arm,bought,spend\na,0,1,10\nb,0,,\nc,1,1,4\nd,1,0,6\ne,0,1,1\ne,1,1,1\na,0,1,10\n';
    const result = await aggregateCsvUnits([file(text, 'units.csv')], spec, {
      unitKey: 'unit',
      variation: 'arm',
      metrics: { bought: 'bought', spend: 'spend' },
      repeatedUnits: 'first',
    });
    expect(result.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 2 },
    ]);
    expect(result.metrics.bought).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
    // spend: arm 0 → 10 + 0 = 10, 100; arm 1 → 4 + 6 = 10, 16 + 36 = 52.
    expect(result.metrics.spend).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 10, sumSquares: 100 },
      { variation: 1, units: 2, conversions: 2, sum: 10, sumSquares: 52 },
    ]);
    expect(result.diagnostics).toMatchObject({
      unitsInSeveralArms: 1,
      duplicatesDropped: 1,
      recordsRead: 7,
    });
    expect(result.exposuresByHour).toEqual([]);
  });
});

describe('per-arm summaries', () => {
  it('reads conversions, Σy/Σy² and mean/sd rows per metric', async () => {
    // spend, arm 1 given as mean 2, sd 1, n 5: Σy = 10, Σy² = 1·4 + 5·4 = 24.
    const text =
      'metric,variation,units,conversions,sum,sum_squares,mean,sd\nbought,0,100,10,,,,\nbought,1,90,12,,,,\nspend,0,4,,8,20,,\nspend,1,5,,,,2,1\n';
    const result = await aggregateSummaryCsv([file(text, 'summary.csv')], spec);
    expect(result.arms).toEqual([
      { variation: 0, units: 100 },
      { variation: 1, units: 90 },
    ]);
    expect(result.metrics.bought).toEqual([
      { variation: 0, units: 100, conversions: 10, sum: 10, sumSquares: 10 },
      { variation: 1, units: 90, conversions: 12, sum: 12, sumSquares: 12 },
    ]);
    expect(result.metrics.spend).toEqual([
      { variation: 0, units: 4, conversions: 0, sum: 8, sumSquares: 20 },
      { variation: 1, units: 5, conversions: 0, sum: 10, sumSquares: 24 },
    ]);
    expect(result.exposuresByHour).toEqual([]);
  });

  it('refuses impossible numbers with the arm named', async () => {
    const text = 'variation,units,conversions\ncontrol,10,11\ntreatment,10,2\n';
    const error = await aggregateSummaryCsv([file(text, 's.csv')], {
      ...spec,
      metrics: [spec.metrics[0]],
    }).catch((e: unknown) => e);
    expect((error as IngestError).message).toBe(
      'Summary of bought, arm "control": Conversions (11) cannot exceed units (10).',
    );
  });

  it('validates typed-in summaries', () => {
    expect(
      validateTypedSummary('conversion', [
        { units: 10, conversions: 3 },
        { name: 'B', units: 12, conversions: 4 },
      ]),
    ).toEqual({
      ok: true,
      arms: [
        { name: 'Arm 1', units: 10, conversions: 3, sum: 3, sumSquares: 3 },
        { name: 'B', units: 12, conversions: 4, sum: 4, sumSquares: 4 },
      ],
    });
    // Σy = 10 with N = 4 needs Σy² ≥ 100/4 = 25.
    expect(
      validateTypedSummary('numeric', [
        { units: 4, sum: 10, sumSquares: 24 },
        { units: 4, sum: 10, sumSquares: 30 },
      ]),
    ).toEqual({
      ok: false,
      problems: [
        {
          field: 'arms[0].sumSquares',
          message:
            'Σy² is too small for this Σy and number of units (the variance would be negative).',
        },
      ],
    });
    expect(
      validateTypedSummary('numeric', [
        { units: 2.5, sum: 1, sumSquares: 1 },
        { units: 3, mean: 1 },
      ]),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'arms[0].units', message: 'Units must be a whole number, 0 or more.' },
        {
          field: 'arms[1].sum',
          message: 'Give either Σy and Σy², or the mean and standard deviation.',
        },
      ],
    });
    expect(validateTypedSummary('conversion', [{ units: 5, conversions: 1 }])).toEqual({
      ok: false,
      problems: [{ field: 'arms', message: 'At least two arms are needed.' }],
    });
  });
});

// A small export counted by hand, through the DuckDB query and (for what it computes) the browser
// import: every rule, the days, a slice, the CUPED covariate and a ratio's denominator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateExperimentData } from '../ingest/index.ts';
import type { ExperimentData } from '../ingest/types.ts';
import {
  exportTables,
  resultFile,
  runOnDuckdb,
  type ResultRow,
} from './export-tables.test-support.ts';
import { importWarehouseResult } from './result-import.ts';
import { warehouseQuery, type WarehouseDesign } from './query.ts';

const at = (day: number, hour: number) => Date.UTC(2026, 2, day, hour);

const design: WarehouseDesign = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  window: { start: at(2, 0), end: at(4, 0) },
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
    { key: 'signup', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
    { key: 'signups', eventKey: 'signup', kind: 'conversion', aggregation: 'sum' },
    {
      key: 'revenue-per-signup',
      eventKey: 'purchase',
      kind: 'numeric',
      aggregation: 'sum',
      denominator: { eventKey: 'signup', kind: 'conversion', aggregation: 'sum' },
    },
    // The registry's ratio kind: numerator values (an event without one counts 1) per signup event.
    {
      key: 'revenue-per-signup-ratio',
      eventKey: 'purchase',
      kind: 'ratio',
      aggregation: 'sum',
      denominatorEventKey: 'signup',
    },
  ],
  sliceAttributes: ['plan'],
  cupedPreDays: 7,
};

const exposure = (unit: string, variation: number, time: number, extra: object = {}) => ({
  kind: 'feature',
  key: 'new-checkout',
  creationDate: time,
  contextKeys: { user: unit },
  context: { kind: 'user', key: unit, ...extra },
  variation,
  reason: { kind: 'RULE_MATCH', inExperiment: true },
});
const event = (unit: string, key: string, time: number, value?: number, id?: string) => ({
  kind: 'custom',
  key,
  creationDate: time,
  contextKeys: { user: unit },
  ...(value === undefined ? {} : { metricValue: value }),
  ...(id === undefined ? {} : { id }),
});

const records = [
  // u1, arm 0 from 2 Mar 10:00 (plan free; a later exposure says pro: the first one counts).
  exposure('u1', 0, at(2, 10), { plan: 'free' }),
  exposure('u1', 0, at(2, 12), { plan: 'pro' }),
  event('u1', 'purchase', at(2, 11), 10, 'p1'),
  event('u1', 'purchase', at(2, 11), 10, 'p1'), // duplicate by id
  event('u1', 'purchase', at(3, 9), 20),
  event('u1', 'purchase', at(2, 9), 5), // before exposure (in the window, in the pre-period)
  event('u1', 'purchase', Date.UTC(2026, 1, 28, 10), 7), // before the window: pre-period only
  event('u1', 'purchase', Date.UTC(2026, 1, 28, 10), 7), // its copy (no id)
  event('u1', 'signup', at(2, 10) + 30 * 60_000),
  // u2, arm 1 from 3 Mar 08:00 (plan pro).
  exposure('u2', 1, at(3, 8), { plan: 'pro' }),
  event('u2', 'purchase', at(3, 9)), // no value: skipped by numeric metrics
  event('u2', 'signup', at(3, 10)),
  event('u2', 'signup', at(3, 11)),
  event('u2', 'purchase', at(1, 8), 3), // pre-period
  event('u2', 'purchase', Date.UTC(2026, 1, 20), 4), // before the 7-day pre-period
  // u3, arm 1 from 2 Mar 05:00, no events: 0 for every metric (averages too).
  exposure('u3', 1, at(2, 5), { plan: 'free' }),
  // u4 in two arms.
  exposure('u4', 0, at(2, 6)),
  exposure('u4', 1, at(2, 7)),
  event('u4', 'purchase', at(2, 8), 50),
  // u5 only evaluated outside the experiment.
  { ...exposure('u5', 0, at(2, 6)), reason: { kind: 'RULE_MATCH', inExperiment: false } },
  event('u5', 'purchase', at(2, 8), 9),
  // u6 exposed after the window's end.
  exposure('u6', 0, at(4, 1)),
  event('u6', 'purchase', at(4, 2), 6),
  // u7, arm 0 from 3 Mar 20:00, no plan attribute.
  exposure('u7', 0, at(3, 20)),
  event('u7', 'purchase', at(3, 21), 8),
];
const lines = records.map((record) => JSON.stringify(record));

let dir: string;
let rows: ResultRow[];
let browser: ExperimentData;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credence-warehouse-'));
  rows = await runOnDuckdb(dir, exportTables(lines), warehouseQuery(design, 'duckdb'));
  // The browser import with the same CUPED pre-period as the query.
  browser = await aggregateExperimentData([new File([lines.join('\n')], 'hand.jsonl')], {
    ...design,
    covariateDays: design.cupedPreDays,
  });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Totals = Record<string, number>;
const FIELDS = [
  'units',
  'conversions',
  'sum',
  'sum_squares',
  'denominator_sum',
  'denominator_sum_squares',
  'cross_sum',
  'covariate_sum',
  'covariate_sum_squares',
  'covariate_cross_sum',
];

/** Rows of a metric summed per variation (and slice value when `slice` is given). */
function summed(metric: string, slice: string | null = null): Record<string, Totals> {
  const out: Record<string, Totals> = {};
  for (const row of rows) {
    if (row.metric !== metric || row.slice_attribute !== slice) continue;
    const key = slice === null ? String(row.variation) : `${row.variation}|${row.slice_value}`;
    const totals = (out[key] ??= {});
    for (const field of FIELDS)
      if (row[field] !== null) totals[field] = (totals[field] ?? 0) + (row[field] as number);
  }
  return out;
}

const pick = (totals: Totals, fields: string[]) =>
  Object.fromEntries(fields.map((field) => [field, totals[field]]));
const BASIC = ['units', 'conversions', 'sum', 'sum_squares'];

describe('the DuckDB query on a small export counted by hand', () => {
  it('revenue (sum): duplicates once, before exposure and other arms out, no value = no value', () => {
    const totals = summed('revenue');
    expect(pick(totals['0'], BASIC)).toEqual({
      units: 2,
      conversions: 2,
      sum: 38,
      sum_squares: 964,
    });
    expect(pick(totals['1'], BASIC)).toEqual({ units: 2, conversions: 0, sum: 0, sum_squares: 0 });
  });

  it('order value (average): the mean of a unit’s values, 0 for units without values', () => {
    const totals = summed('order-value');
    expect(pick(totals['0'], BASIC)).toEqual({
      units: 2,
      conversions: 2,
      sum: 23,
      sum_squares: 289,
    });
    expect(pick(totals['1'], BASIC)).toEqual({ units: 2, conversions: 0, sum: 0, sum_squares: 0 });
  });

  it('conversions: at least one event (average), or the number of events (sum)', () => {
    expect(pick(summed('signup')['1'], BASIC)).toEqual({
      units: 2,
      conversions: 1,
      sum: 1,
      sum_squares: 1,
    });
    expect(pick(summed('signups')['1'], BASIC)).toEqual({
      units: 2,
      conversions: 1,
      sum: 2,
      sum_squares: 4,
    });
  });

  it('equals the browser import on the same events for every metric', () => {
    for (const metric of design.metrics) {
      const totals = summed(metric.key);
      expect(
        browser.metrics[metric.key].map((arm) => ({
          units: arm.units,
          conversions: arm.conversions,
          sum: arm.sum,
          sum_squares: arm.sumSquares,
        })),
      ).toEqual([pick(totals['0'], BASIC), pick(totals['1'], BASIC)]);
    }
  });

  it('diagnostics', () => {
    const count = (name: string) => rows.find((row) => row.diagnostic === name)?.units;
    // Exposure rows: u1 ×2, u2, u3, u4 ×2, u6, u7 (u5's is not an exposure); metric event rows: u1 7,
    // u2 5, u4, u5, u6, u7 one each.
    expect(count('rows_read')).toBe(24);
    expect(count('units_in_several_arms')).toBe(1);
    expect(count('duplicates_dropped')).toBe(1);
    expect(count('events_before_exposure')).toBe(1);
    // u6's exposure and purchase; u1's pre-window purchase and its copy; u2's two early purchases.
    expect(count('events_outside_window')).toBe(6);
    expect(count('events_of_units_not_exposed')).toBe(1);
    expect(count('events_of_units_in_several_arms')).toBe(1);
    expect(count('events_missing_metric_value')).toBe(1);
    const d = browser.diagnostics;
    expect([
      d.unitsInSeveralArms,
      d.duplicatesDropped,
      d.eventsBeforeExposure,
      d.eventsOutsideWindow,
      d.skipped['unit-not-exposed'],
      d.skipped['unit-in-several-arms'],
      d.skipped['missing-metric-value'],
    ]).toEqual([1, 1, 1, 6, 1, 1, 1]);
  });

  it('one row per arm and UTC day of first exposure', () => {
    const days = rows
      .filter((row) => row.metric === 'revenue' && row.slice_attribute === null)
      .map((row) => `${row.variation} ${row.exposure_day} ${row.units} ${row.sum}`)
      .sort();
    expect(days).toEqual([
      '0 2026-03-02 1 30',
      '0 2026-03-03 1 8',
      '1 2026-03-02 1 0',
      '1 2026-03-03 1 0',
    ]);
  });

  it('slices by the attribute of the first exposure (a unit without it: no value)', () => {
    const slices = summed('revenue', 'plan');
    expect(Object.keys(slices).sort()).toEqual(['0|free', '0|null', '1|free', '1|pro']);
    expect(pick(slices['0|free'], ['units', 'sum'])).toEqual({ units: 1, sum: 30 });
    expect(pick(slices['0|null'], ['units', 'sum'])).toEqual({ units: 1, sum: 8 });
  });

  it('CUPED: the same metric over the 7 days before each unit’s first exposure', () => {
    const cuped = ['covariate_sum', 'covariate_sum_squares', 'covariate_cross_sum'];
    // revenue: u1 x = 7 + 5 (the copy of 7 once), y = 30; u7 x = 0; u2 x = 3 (not the 20 Feb one), y = 0.
    expect(pick(summed('revenue')['0'], cuped)).toEqual({
      covariate_sum: 12,
      covariate_sum_squares: 144,
      covariate_cross_sum: 360,
    });
    expect(pick(summed('revenue')['1'], cuped)).toEqual({
      covariate_sum: 3,
      covariate_sum_squares: 9,
      covariate_cross_sum: 0,
    });
    // order value: u1 x = (7 + 5) / 2 = 6, y = 15.
    expect(pick(summed('order-value')['0'], cuped)).toEqual({
      covariate_sum: 6,
      covariate_sum_squares: 36,
      covariate_cross_sum: 90,
    });
  });

  it('ratio: the denominator’s moments and Σyd', () => {
    const ratio = ['denominator_sum', 'denominator_sum_squares', 'cross_sum'];
    // arm 0: u1 y = 30, d = 1; u7 y = 8, d = 0. arm 1: u2 y = 0, d = 2; u3 0, 0.
    expect(pick(summed('revenue-per-signup')['0'], ratio)).toEqual({
      denominator_sum: 1,
      denominator_sum_squares: 1,
      cross_sum: 30,
    });
    expect(pick(summed('revenue-per-signup')['1'], ratio)).toEqual({
      denominator_sum: 2,
      denominator_sum_squares: 4,
      cross_sum: 0,
    });
    expect(summed('revenue')['0'].denominator_sum).toBeUndefined();
  });
});

describe('the downloaded result, imported back', () => {
  it.each(['csv', 'json'] as const)(
    'as %s: the same per-arm statistics and diagnostics as the browser import',
    async (format) => {
      const text = await resultFile(
        dir,
        exportTables(lines),
        warehouseQuery(design, 'duckdb'),
        format,
      );
      const imported = await importWarehouseResult([new File([text], `result.${format}`)], design);
      expect(imported.arms).toEqual(browser.arms);
      expect(imported.metrics).toEqual(browser.metrics);
      const keep = (d: ExperimentData['diagnostics']) => ({
        unitsInSeveralArms: d.unitsInSeveralArms,
        duplicatesDropped: d.duplicatesDropped,
        eventsBeforeExposure: d.eventsBeforeExposure,
        eventsOutsideWindow: d.eventsOutsideWindow,
        skipped: pickSkips(d.skipped),
      });
      expect(keep(imported.diagnostics)).toEqual(keep(browser.diagnostics));
      // 2 March: u1 (arm 0) and u3 (arm 1); 3 March: u7 (arm 0) and u2 (arm 1).
      expect(imported.exposuresByHour).toEqual([
        { hourStart: at(2, 0), counts: { 0: 1, 1: 1 } },
        { hourStart: at(3, 0), counts: { 0: 1, 1: 1 } },
      ]);
      expect(imported.moments?.['revenue-per-signup']?.['0']).toMatchObject({
        denominatorSum: 1,
        crossSum: 30,
      });
      expect(imported.breakdowns?.map((b) => (b.by === 'attribute' ? b.attribute : b.by))).toEqual([
        'day',
        'plan',
      ]);
    },
  );
});

function pickSkips(skipped: Record<string, number>) {
  const reasons = ['unit-not-exposed', 'unit-in-several-arms', 'missing-metric-value'];
  return Object.fromEntries(reasons.map((reason) => [reason, skipped[reason] ?? 0]));
}

describe('the DuckDB query and the browser import on the same events', () => {
  it('give the same CUPED covariates and ratio moments', () => {
    const columns = {
      covariate_sum: 'covariateSum',
      covariate_sum_squares: 'covariateSumSquares',
      covariate_cross_sum: 'covariateCrossSum',
      denominator_sum: 'denominatorSum',
      denominator_sum_squares: 'denominatorSumSquares',
      cross_sum: 'crossSum',
    } as const;
    const compared = (metric: string, sql: (keyof typeof columns)[]) => {
      const totals = summed(metric);
      browser.metrics[metric].forEach((arm, index) => {
        for (const column of sql)
          expect(arm[columns[column]], `${metric} arm ${index} ${column}`).toBe(
            totals[String(arm.variation)][column],
          );
      });
    };
    const cuped = ['covariate_sum', 'covariate_sum_squares', 'covariate_cross_sum'] as const;
    for (const metric of ['revenue', 'order-value', 'signup', 'signups'])
      compared(metric, [...cuped]);
    compared('revenue-per-signup-ratio', [
      'denominator_sum',
      'denominator_sum_squares',
      'cross_sum',
    ]);
  });
});

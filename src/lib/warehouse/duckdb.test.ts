// The DuckDB query on a real engine: the warehouse tables written from the Data Export generator's
// events give the same per-arm statistics and diagnostics as the browser import of those events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateExperimentData,
  generateSampleLines,
  SAMPLE_EXPERIMENT,
} from '../ingest/index.ts';
import type { ExperimentData } from '../ingest/types.ts';
import { exportTables, runOnDuckdb, type ResultRow } from './export-tables.test-support.ts';
import { warehouseQuery, type WarehouseDesign } from './query.ts';

const DAY = 86_400_000;

/** The sample's metrics plus the two other aggregations of the same event keys. */
const design: WarehouseDesign = {
  ...SAMPLE_EXPERIMENT,
  metrics: [
    ...SAMPLE_EXPERIMENT.metrics,
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
    { key: 'signups', eventKey: 'signup', kind: 'conversion', aggregation: 'sum' },
  ],
};

let dir: string;
let browser: ExperimentData;
let rows: ResultRow[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credence-warehouse-'));
  const lines = [...generateSampleLines({ units: 3000, seed: 11 })].join('');
  browser = await aggregateExperimentData([new File([lines], 'sample.jsonl')], design);
  rows = await runOnDuckdb(dir, exportTables(lines.split('\n')), warehouseQuery(design, 'duckdb'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const statisticRows = () => rows.filter((row) => row.diagnostic === null);
const diagnostic = (name: string) =>
  rows.find((row) => row.diagnostic === name)?.units as number | undefined;

/** A metric's per-arm totals: its rows without a slice summed over the days. */
function totals(metric: string) {
  const arms = new Map<
    string,
    { units: number; conversions: number; sum: number; sumSquares: number }
  >();
  for (const row of statisticRows()) {
    if (row.metric !== metric || row.slice_attribute !== null) continue;
    const arm = arms.get(row.variation as string) ?? {
      units: 0,
      conversions: 0,
      sum: 0,
      sumSquares: 0,
    };
    arm.units += row.units as number;
    arm.conversions += row.conversions as number;
    arm.sum += row.sum as number;
    arm.sumSquares += row.sum_squares as number;
    arms.set(row.variation as string, arm);
  }
  return [...arms.entries()]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([variation, arm]) => ({ variation: Number(variation), ...arm }));
}

describe('the DuckDB query against the browser import, on the sample Data Export', () => {
  it('has rows for every rule of the sample (guards against a vacuous comparison)', () => {
    const d = browser.diagnostics;
    expect(d.unitsInSeveralArms).toBeGreaterThan(0);
    expect(d.duplicatesDropped).toBeGreaterThan(0);
    expect(d.eventsBeforeExposure).toBeGreaterThan(0);
    expect(d.eventsOutsideWindow).toBeGreaterThan(0);
    expect(d.skipped['missing-metric-value']).toBeGreaterThan(0);
  });

  it.each(design.metrics.map((metric) => metric.key))(
    '%s: units, conversions, Σy and Σy² per arm',
    (key) => {
      const expected = browser.metrics[key];
      const actual = totals(key);
      expect(actual.map((arm) => arm.variation)).toEqual(expected.map((arm) => arm.variation));
      actual.forEach((arm, index) => {
        const want = expected[index];
        expect(arm.units).toBe(want.units);
        expect(arm.conversions).toBe(want.conversions);
        expect(arm.sum).toBeCloseTo(want.sum, 6);
        expect(arm.sumSquares / want.sumSquares).toBeCloseTo(1, 12);
      });
    },
  );

  it('counts what the browser import counts: several arms, duplicates, before exposure, outside the window', () => {
    const d = browser.diagnostics;
    expect(diagnostic('units_in_several_arms')).toBe(d.unitsInSeveralArms);
    expect(diagnostic('duplicates_dropped')).toBe(d.duplicatesDropped);
    expect(diagnostic('events_before_exposure')).toBe(d.eventsBeforeExposure);
    expect(diagnostic('events_outside_window')).toBe(d.eventsOutsideWindow);
    expect(diagnostic('events_missing_metric_value')).toBe(d.skipped['missing-metric-value']);
    expect(diagnostic('events_of_units_in_several_arms')).toBe(
      d.skipped['unit-in-several-arms'] ?? 0,
    );
    expect(diagnostic('events_of_units_not_exposed')).toBe(d.skipped['unit-not-exposed'] ?? 0);
  });

  it('puts each unit on the UTC day of its first exposure (the browser hours summed per day)', () => {
    const perDay = new Map<string, number>();
    for (const hour of browser.exposuresByHour) {
      const day = new Date(Math.floor(hour.hourStart / DAY) * DAY).toISOString().slice(0, 10);
      for (const [variation, count] of Object.entries(hour.counts))
        perDay.set(`${day}|${variation}`, (perDay.get(`${day}|${variation}`) ?? 0) + count);
    }
    const fromSql = new Map<string, number>();
    for (const row of statisticRows())
      if (row.metric === 'signup-rate' && row.slice_attribute === null)
        fromSql.set(`${row.exposure_day}|${row.variation}`, row.units as number);
    expect(fromSql.size).toBeGreaterThan(3);
    expect(Object.fromEntries(fromSql)).toEqual(Object.fromEntries(perDay));
  });
});

describe('with every evaluation counted (countAllRuleEvaluations)', () => {
  const time = SAMPLE_EXPERIMENT.window!.start! + 3_600_000;
  const evaluation = (unit: string, variation: number, reason: object) =>
    JSON.stringify({
      kind: 'feature',
      key: SAMPLE_EXPERIMENT.flagKey,
      creationDate: time,
      contextKeys: { user: unit },
      variation,
      reason,
    });
  // An older record without inExperiment (a unit only with the opt-in), and a marked exposure.
  const lines = [
    evaluation('legacy', 1, { kind: 'RULE_MATCH' }),
    evaluation('marked', 0, { kind: 'RULE_MATCH', inExperiment: true }),
  ];

  it.each([false, true])('opt-in %s: the same units as the browser import', async (countAll) => {
    const spec = { ...design, countAllRuleEvaluations: countAll };
    const expected = await aggregateExperimentData([new File([lines.join('\n')], 'x.jsonl')], spec);
    const result = await runOnDuckdb(dir, exportTables(lines), warehouseQuery(spec, 'duckdb'));
    const arms = result
      .filter((row) => row.metric === 'signup-rate' && row.slice_attribute === null)
      .map((row) => ({ variation: Number(row.variation), units: row.units }))
      .sort((a, b) => a.variation - b.variation);
    expect(arms).toEqual(expected.arms);
    expect(arms.length).toBe(countAll ? 2 : 1);
  });
});

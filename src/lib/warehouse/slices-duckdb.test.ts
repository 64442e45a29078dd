// Slices from the warehouse equal the browser's: generated Data Export events with two slicing
// attributes (repeating values, missing ones, more than 50 values in one, numbers and booleans, a
// unit whose attributes change between exposures, ties between two first exposures) through the
// browser import and through the DuckDB query, per slice value and arm.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateExperimentData } from '../ingest/index.ts';
import type { ArmMetricSummary, Breakdown, ExperimentData } from '../ingest/types.ts';
import { exportTables, runOnDuckdb, type ResultRow } from './export-tables.test-support.ts';
import { warehouseQuery, type WarehouseDesign } from './query.ts';
import { sliceEvents, SLICE_DESIGN } from './slice-events.test-support.ts';

const design: WarehouseDesign = SLICE_DESIGN;
const spec = { ...design, covariateDays: design.cupedPreDays };

let dir: string;
let browser: ExperimentData;
let rows: ResultRow[];
const lines = sliceEvents({ units: 900, seed: 7 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credence-slices-'));
  // Every value its own cell, so each can be compared with the query's rows one to one.
  browser = await aggregateExperimentData(
    [new File([lines.join('\n')], 'slices.jsonl')],
    spec,
    undefined,
    undefined,
    { sliceCells: 10_000 },
  );
  rows = await runOnDuckdb(dir, exportTables(lines), warehouseQuery(design, 'duckdb'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS: [keyof ArmMetricSummary, string][] = [
  ['units', 'units'],
  ['conversions', 'conversions'],
  ['sum', 'sum'],
  ['sumSquares', 'sum_squares'],
  ['denominatorSum', 'denominator_sum'],
  ['denominatorSumSquares', 'denominator_sum_squares'],
  ['crossSum', 'cross_sum'],
  ['covariateSum', 'covariate_sum'],
  ['covariateSumSquares', 'covariate_sum_squares'],
  ['covariateCrossSum', 'covariate_cross_sum'],
];

/** The query's rows of one metric and attribute summed over the days: value ('' = missing) → arm → totals. */
function sqlSlices(
  metric: string,
  attribute: string,
): Map<string, Map<number, Map<string, number>>> {
  const out = new Map<string, Map<number, Map<string, number>>>();
  for (const row of rows) {
    if (row.diagnostic !== null || row.metric !== metric || row.slice_attribute !== attribute)
      continue;
    const value = row.slice_value === null ? '' : String(row.slice_value);
    const arms = out.get(value) ?? new Map<number, Map<string, number>>();
    out.set(value, arms);
    const totals = arms.get(Number(row.variation)) ?? new Map<string, number>();
    arms.set(Number(row.variation), totals);
    for (const [, column] of FIELDS)
      if (row[column] !== null && row[column] !== undefined)
        totals.set(column, (totals.get(column) ?? 0) + Number(row[column]));
  }
  return out;
}

function attributeBreakdown(attribute: string) {
  const found = browser.breakdowns?.find(
    (b): b is Extract<Breakdown, { by: 'attribute' }> =>
      b.by === 'attribute' && b.attribute === attribute,
  );
  if (!found) throw new Error(`no breakdown for ${attribute}`);
  return found;
}

describe('slices: the DuckDB query against the browser import', () => {
  it('the events exercise every slice rule (guards against a vacuous comparison)', () => {
    const country = attributeBreakdown('country');
    const plan = attributeBreakdown('plan');
    expect(country.cells.filter((cell) => !cell.group).length).toBeGreaterThan(50);
    expect(country.cells.some((cell) => cell.group === 'missing')).toBe(true);
    const planValues = plan.cells.map((cell) => cell.value);
    expect(planValues).toEqual(expect.arrayContaining(['3', '2.5', 'true', 'false', 'pro']));
    expect(browser.diagnostics.unitsInSeveralArms).toBeGreaterThan(0);
  });

  it('the fixed ties: per attribute the smaller value, any value before none', () => {
    const units = (attribute: string, value: string) =>
      rows
        .filter(
          (row) =>
            row.diagnostic === null &&
            row.metric === 'revenue' &&
            row.slice_attribute === attribute &&
            row.slice_value === value,
        )
        .reduce((sum, row) => sum + Number(row.units), 0);
    const cellUnits = (attribute: string, value: string) =>
      attributeBreakdown(attribute)
        .cells.find((cell) => cell.value === value)
        ?.arms.reduce((sum, arm) => sum + arm.units, 0);
    // t0 (c05, pro) and t1 (a, free): 'a' and 'b' and '0' are no other unit's values.
    expect(units('country', 'a')).toBe(1);
    expect(cellUnits('country', 'a')).toBe(1);
    expect(units('country', 'b')).toBe(0);
    expect(units('country', '0')).toBe(0);
    expect(cellUnits('country', 'b')).toBeUndefined();
  });

  it.each(SLICE_DESIGN.sliceAttributes!.flatMap((a) => design.metrics.map((m) => [a, m.key])))(
    '%s × %s: units, conversions, Σy, Σy² and the ratio and CUPED moments per value and arm',
    (attribute, metric) => {
      const sql = sqlSlices(metric, attribute);
      const cells = attributeBreakdown(attribute).cells;
      expect(new Set(sql.keys())).toEqual(new Set(cells.map((cell) => cell.value)));
      for (const cell of cells) {
        const arms = sql.get(cell.value)!;
        for (const want of cell.metrics[metric]) {
          const got = arms.get(want.variation);
          if (want.units === 0) {
            expect(got).toBeUndefined();
            continue;
          }
          for (const [field, column] of FIELDS) {
            const expected = want[field];
            if (expected === undefined) continue;
            const label = `${attribute}=${cell.value} arm ${want.variation} ${column}`;
            expect(got?.get(column), label).toBeDefined();
            expect(got!.get(column)!, label).toBeCloseTo(expected as number, 6);
          }
        }
      }
    },
  );
});

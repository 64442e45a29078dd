// A DuckDB result file with slices and days imported: its breakdowns (by day, and by each slicing
// attribute with the 50 most frequent values, 'other' and 'missing') equal the browser import's on
// the same events, also when the arms are placed on the design's variations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyArmOptions } from '../ingest/arm-matching.ts';
import { aggregateExperimentData } from '../ingest/index.ts';
import type { ExperimentData } from '../ingest/types.ts';
import { exportTables, resultFile } from './export-tables.test-support.ts';
import { warehouseQuery } from './query.ts';
import { importWarehouseResult } from './result-import.ts';
import { sliceEvents, SLICE_DESIGN } from './slice-events.test-support.ts';

const spec = { ...SLICE_DESIGN, covariateDays: SLICE_DESIGN.cupedPreDays };
const lines = sliceEvents({ units: 900, seed: 7 });

let dir: string;
let browser: ExperimentData;
const files: Record<'csv' | 'json', string> = { csv: '', json: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credence-slices-import-'));
  browser = await aggregateExperimentData([new File([lines.join('\n')], 'slices.jsonl')], spec);
  const tables = exportTables(lines);
  for (const format of ['csv', 'json'] as const)
    files[format] = await resultFile(dir, tables, warehouseQuery(SLICE_DESIGN, 'duckdb'), format);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deep equality, numbers to 6 decimals relative to their size (sums are added in another order). */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs((actual as number) - expected) / scale, path).toBeLessThan(1e-9);
    return;
  }
  if (typeof expected !== 'object' || expected === null) {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(typeof actual, path).toBe('object');
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
  for (const key of Object.keys(e)) expectClose(a[key], e[key], `${path}.${key}`);
}

describe('a warehouse result with slices and days → breakdowns', () => {
  it('the browser has more than 50 values, other and missing (guards the comparison)', () => {
    const country = browser.breakdowns?.find(
      (b) => b.by === 'attribute' && b.attribute === 'country',
    );
    expect(country?.by === 'attribute' && country.otherValues).toBeGreaterThan(0);
    expect(country?.cells.map((cell) => cell.group ?? 'value')).toContain('missing');
    expect(browser.breakdowns?.[0].by).toBe('day');
    expect(browser.breakdowns?.[0].cells.length).toBeGreaterThan(3);
  });

  it.each(['csv', 'json'] as const)('%s: equal the browser import’s breakdowns', async (format) => {
    const imported = await importWarehouseResult(
      [new File([files[format]], `result.${format}`)],
      spec,
    );
    expectClose(imported.breakdowns, browser.breakdowns, 'breakdowns');
  });

  it('placed on the design’s variations like the rest of the import', async () => {
    const options = { variations: ['control', 'treatment'] };
    const imported = await importWarehouseResult(
      [new File([files.csv], 'result.csv')],
      spec,
      options,
    );
    const placed = applyArmOptions(browser, options);
    expect(imported.arms).toEqual(placed.arms);
    expectClose(imported.breakdowns, placed.breakdowns, 'breakdowns');
  });
});

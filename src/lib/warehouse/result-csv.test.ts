// The command line's summary (the library's result written in the warehouse result format) imported
// back: per-arm totals, the days, every slice and the ratio and CUPED moments equal the browser
// import's on the same events.
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from '../ingest/index.ts';
import { DEFAULT_MAX_SLICE_VALUES } from '../ingest/slice-values.ts';
import { importWarehouseResult } from './result-import.ts';
import { resultCsv, slicesLeftOut } from './result-csv.ts';
import { sliceEvents, SLICE_DESIGN } from './slice-events.test-support.ts';

const spec = { ...SLICE_DESIGN, covariateDays: SLICE_DESIGN.cupedPreDays };
const file = () => new File([sliceEvents({ units: 900, seed: 11 }).join('\n')], 'events.jsonl');

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
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
  for (const key of Object.keys(e)) expectClose(a[key], e[key], `${path}.${key}`);
}

describe('resultCsv: the command line’s summary imports like the browser’s own import', () => {
  it('keeps totals, moments, days and slices (every value written, grouped on import)', async () => {
    const browser = await aggregateExperimentData([file()], spec);
    const everyValue = await aggregateExperimentData([file()], spec, undefined, undefined, {
      sliceCells: DEFAULT_MAX_SLICE_VALUES,
    });
    expect(slicesLeftOut(everyValue)).toEqual([]);
    const imported = await importWarehouseResult(
      [new File([resultCsv(everyValue)], 'summary.csv')],
      spec,
    );
    expectClose(imported.metrics, browser.metrics, 'metrics');
    expectClose(imported.breakdowns, browser.breakdowns, 'breakdowns');
    // The guard: ratio and CUPED moments and more than 50 values are really there.
    const moments = Object.values(browser.metrics).flat();
    expect(moments.some((arm) => arm.denominatorSum !== undefined)).toBe(true);
    expect(moments.some((arm) => arm.covariateSum !== undefined)).toBe(true);
    expect(browser.breakdowns?.some((b) => b.by === 'attribute' && b.otherValues > 0)).toBe(true);
  });

  it('leaves out an attribute whose values were merged as “other” during the import, and says so', async () => {
    const merged = await aggregateExperimentData([file()], spec);
    const left = slicesLeftOut(merged);
    expect(left.length).toBeGreaterThan(0);
    const csv = resultCsv(merged);
    for (const attribute of left) expect(csv).not.toContain(`,${attribute},`);
    const imported = await importWarehouseResult([new File([csv], 'summary.csv')], spec);
    expectClose(imported.metrics, merged.metrics, 'metrics');
  });
});

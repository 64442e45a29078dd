import { describe, expect, it } from 'vitest';
import { EXAMPLE_DESIGN } from './example-design.ts';
import { DEFAULT_NAMES, warehouseNames } from './names.ts';
import { resultColumns, warehouseQuery } from './query.ts';
import { isWarehouseResult, periodStart } from './result-import.ts';

describe('table and column names', () => {
  it('default to the platform warehouse export', () => {
    expect(warehouseNames()).toEqual(DEFAULT_NAMES);
    const sql = warehouseQuery(EXAMPLE_DESIGN, 'duckdb');
    expect(sql).toContain('FROM evaluation_events');
    expect(sql).toContain('FROM metric_events');
  });

  it('take qualified tables and other columns', () => {
    const sql = warehouseQuery(EXAMPLE_DESIGN, 'bigquery', {
      evaluationEvents: '`my-project.exports.evaluation_events`',
      metric: { time: 'event_timestamp' },
    });
    expect(sql).toContain('FROM `my-project.exports.evaluation_events`');
    expect(sql).toContain('event_timestamp AS seen_at');
    expect(sql).toContain('received_time AS seen_at'); // evaluations keep theirs
  });

  it('refuse anything that is not a name', () => {
    expect(() =>
      warehouseQuery(EXAMPLE_DESIGN, 'duckdb', { metricEvents: 'x; DROP TABLE y' }),
    ).toThrow(/not a table name/);
    expect(() =>
      warehouseQuery(EXAMPLE_DESIGN, 'duckdb', { evaluation: { flagKey: 'a b' } }),
    ).toThrow(/not a column name/);
  });
});

describe('the design', () => {
  it('is checked like an import spec, plus CUPED days and denominators', () => {
    expect(() => warehouseQuery({ ...EXAMPLE_DESIGN, flagKey: ' ' }, 'duckdb')).toThrow(/flag key/);
    expect(() => warehouseQuery({ ...EXAMPLE_DESIGN, metrics: [] }, 'duckdb')).toThrow(
      /no metrics/,
    );
    expect(() => warehouseQuery({ ...EXAMPLE_DESIGN, cupedPreDays: 1.5 }, 'duckdb')).toThrow(
      /whole number of days/,
    );
    const metric = {
      ...EXAMPLE_DESIGN.metrics[1],
      denominator: { eventKey: '', kind: 'numeric', aggregation: 'sum' },
    } as const;
    expect(() => warehouseQuery({ ...EXAMPLE_DESIGN, metrics: [metric] }, 'duckdb')).toThrow(
      /denominator/,
    );
  });

  it('asks for ratio and CUPED columns only when it needs them', () => {
    const plain = { ...EXAMPLE_DESIGN, metrics: [EXAMPLE_DESIGN.metrics[0]], cupedPreDays: 0 };
    expect(resultColumns(plain)).toEqual([
      'metric',
      'variation',
      'slice_attribute',
      'slice_value',
      'exposure_day',
      'units',
      'conversions',
      'sum',
      'sum_squares',
      'diagnostic',
    ]);
    expect(warehouseQuery(plain, 'duckdb')).not.toMatch(
      /covariate_sum|denominator_sum|pre_period AS/,
    );
  });
});

describe('a result header', () => {
  it('is told from a per-arm summary', () => {
    expect(isWarehouseResult(resultColumns(EXAMPLE_DESIGN).map((c) => c.toUpperCase()))).toBe(true);
    expect(isWarehouseResult(['metric', 'variation', 'units', 'sum', 'sum_squares'])).toBe(false);
  });
});

describe('a period of the result', () => {
  it('is a UTC day, or an instant (UTC when it names no zone)', () => {
    expect(periodStart('2026-03-02')).toBe(Date.UTC(2026, 2, 2));
    expect(periodStart('2026-03-02 00:00:00')).toBe(Date.UTC(2026, 2, 2));
    expect(periodStart('2026-03-02T10:00:00.000Z')).toBe(Date.UTC(2026, 2, 2, 10));
    expect(periodStart('2026-03-02T10:00:00+02:00')).toBe(Date.UTC(2026, 2, 2, 8));
    expect(periodStart('someday')).toBeNaN();
  });
});

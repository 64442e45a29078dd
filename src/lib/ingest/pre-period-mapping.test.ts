// Proposing a metric's pre-period column (CUPED) in a unit-level CSV from the header's names.
import { describe, expect, it } from 'vitest';
import { prePeriodBase, proposePreColumns, proposeUnitMapping } from './csv-mapping.ts';
import type { MetricSpec } from './types.ts';

describe('pre-period column names', () => {
  it.each([
    ['revenue_pre', 'revenue'],
    ['pre_revenue', 'revenue'],
    ['Revenue (pre-period)', 'revenue'],
    ['revenue (pre)', 'revenue'],
    ['revenuePre', 'revenue'],
    ['pre_period_revenue', 'revenue'],
    ['order_count_pre_period', 'ordercount'],
    ['sessions_before', 'sessions'],
    ['PRE-sessions', 'sessions'],
  ])('%s names the pre-period value of %s', (column, base) =>
    expect(prePeriodBase(column)).toBe(base),
  );

  it.each(['revenue', 'premium', 'prefs', 'pre', 'presence_rate', 'spend_prediction'])(
    '%s is no pre-period column',
    (column) => expect(prePeriodBase(column)).toBeNull(),
  );

  it('pairs each metric with its column, never with a metric’s own value column', () => {
    expect(
      proposePreColumns(['spend', 'visits', 'spend_pre', 'pre_visits', 'other_pre'], {
        spend: 'spend',
        visits: 'visits',
      }),
    ).toEqual({ spend: 'spend_pre', visits: 'pre_visits' });
    // A metric whose value column is itself named like a pre-period column gets no pair from it.
    expect(proposePreColumns(['x_pre'], { x: 'x_pre' })).toEqual({});
  });
});

describe('proposeUnitMapping with pre-period columns', () => {
  const metrics: MetricSpec[] = [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'converted', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
  ];
  it('proposes <metric>_pre, pre_<event key> and "<metric> (pre-period)" columns', () => {
    const headers = [
      'user_id',
      'arm',
      'revenue',
      'Revenue (pre-period)',
      'converted',
      'pre_signup',
    ];
    const rows = [['u1', 'a', '3.5', '2', 'TRUE', 'FALSE']];
    const { mapping } = proposeUnitMapping(headers, rows, metrics);
    expect(mapping.metrics).toEqual({ revenue: 'revenue', converted: 'converted' });
    expect(mapping.preMetrics).toEqual({
      revenue: 'Revenue (pre-period)',
      converted: 'pre_signup',
    });
  });

  it('proposes none when the file has none', () => {
    const { mapping } = proposeUnitMapping(
      ['user_id', 'arm', 'revenue'],
      [['u', 'a', '1']],
      metrics,
    );
    expect(mapping.preMetrics).toBeUndefined();
  });
});

describe('proposeUnitMapping: a ratio metric’s denominator column', () => {
  it('proposes the column named as the denominator event (or its plural)', () => {
    const ratio: MetricSpec = {
      key: 'revenue-per-order',
      eventKey: 'revenue',
      kind: 'ratio',
      aggregation: 'sum',
      denominatorEventKey: 'order',
    };
    const { mapping } = proposeUnitMapping(
      ['user_id', 'arm', 'revenue', 'orders'],
      [['u1', 'a', '30', '2']],
      [ratio],
    );
    expect(mapping.metrics).toEqual({ 'revenue-per-order': 'revenue' });
    expect(mapping.denominators).toEqual({ 'revenue-per-order': 'orders' });
  });
});

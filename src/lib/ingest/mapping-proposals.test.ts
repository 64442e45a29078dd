// Column proposals and file shapes on the headers of real public A/B-test files and warehouse exports
// (issue #13), and the bounded preview.
import { describe, expect, it } from 'vitest';
import { detectCsvShape, previewCsv, proposeColumnMapping, proposeUnitMapping } from './index.ts';
import type { MetricSpec } from './types.ts';

const LANDING = ['user_id', 'timestamp', 'group', 'landing_page', 'converted'];
const LANDING_ROWS = [
  ['851104', '2017-01-21 22:11:48.556739', 'control', 'old_page', '0'],
  ['804228', '2017-01-12 08:01:45.159739', 'control', 'old_page', '0'],
  ['661590', '2017-01-11 16:55:06.154213', 'treatment', 'new_page', '0'],
];
const RETENTION = ['userid', 'version', 'sum_gamerounds', 'retention_1', 'retention_7'];
const RETENTION_ROWS = [
  ['116', 'gate_30', '3', 'FALSE', 'FALSE'],
  ['337', 'gate_30', '38', 'TRUE', 'FALSE'],
];
const PROMOTION = [
  'MarketID',
  'MarketSize',
  'LocationID',
  'AgeOfStore',
  'Promotion',
  'week',
  'SalesInThousands',
];
const PROMOTION_ROWS = [
  ['1', 'Medium', '1', '4', '3', '1', '33.73'],
  ['1', 'Medium', '1', '4', '3', '2', '35.67'],
  ['1', 'Medium', '2', '5', '2', '1', '27.81'],
];
const EVALUATIONS = [
  'event_id',
  'flag_key',
  'context_key',
  'context_kind',
  'variation_id',
  'variation_value',
  'reason_kind',
  'reason_detail',
  'experiment_iteration_id',
  'received_time',
];
const METRIC_EVENTS = [
  'event_id',
  'event_key',
  'context_key',
  'context_kind',
  'metric_value',
  'received_time',
];

describe('detectCsvShape', () => {
  it.each([
    ['the landing-page test', LANDING, LANDING_ROWS, 'units'],
    ['the retention test', RETENTION, RETENTION_ROWS, 'units'],
    ['the promotion campaign', PROMOTION, PROMOTION_ROWS, 'units'],
    ['evaluation_events', EVALUATIONS, [], 'events'],
    ['metric_events', METRIC_EVENTS, [], 'events'],
    ['a summary', ['variation', 'units', 'conversions'], [['0', '10', '1']], 'summary'],
  ])('tells %s', (_, headers, rows, shape) => {
    const detected = detectCsvShape(headers, rows);
    expect(detected.shape).toBe(shape);
    expect(detected.reason.length).toBeGreaterThan(10);
  });

  it('says when units come on several rows', () => {
    expect(detectCsvShape(PROMOTION, PROMOTION_ROWS).reason).toMatch(/several rows/);
  });
});

describe('proposeUnitMapping', () => {
  it('maps the landing-page test', () => {
    const metrics: MetricSpec[] = [
      { key: 'converted', eventKey: 'convert', kind: 'conversion', aggregation: 'average' },
    ];
    const proposed = proposeUnitMapping(LANDING, LANDING_ROWS, metrics);
    expect(proposed.mapping).toEqual({
      unitKey: 'user_id',
      variation: 'group',
      firstExposure: 'timestamp',
      metrics: { converted: 'converted' },
    });
    expect(proposed.metricColumns).toEqual(['converted']);
  });

  it('maps the retention test, its TRUE/FALSE columns as metric candidates', () => {
    const proposed = proposeUnitMapping(RETENTION, RETENTION_ROWS);
    expect(proposed.mapping.unitKey).toBe('userid');
    expect(proposed.mapping.variation).toBe('version');
    expect(proposed.metricColumns).toEqual(['sum_gamerounds', 'retention_1', 'retention_7']);
  });

  it('maps the promotion campaign: the store, not its market; rows combined', () => {
    const proposed = proposeUnitMapping(PROMOTION, PROMOTION_ROWS);
    expect(proposed.mapping.unitKey).toBe('LocationID');
    expect(proposed.mapping.variation).toBe('Promotion');
    expect(proposed.repeatedUnitsSeen).toBe(true);
    expect(proposed.mapping.repeatedUnits).toBe('combine');
    expect(proposed.metricColumns).toEqual(['AgeOfStore', 'week', 'SalesInThousands']);
  });
});

describe('proposeColumnMapping (event-level)', () => {
  it('maps evaluation_events without manual work, variation_value left alone', () => {
    expect(proposeColumnMapping(EVALUATIONS).mapping).toEqual({
      id: 'event_id',
      flagKey: 'flag_key',
      unitKey: 'context_key',
      unitKind: 'context_kind',
      variation: 'variation_id',
      timestamp: 'received_time',
    });
  });

  it('maps metric_events', () => {
    expect(proposeColumnMapping(METRIC_EVENTS).mapping).toEqual({
      id: 'event_id',
      eventKey: 'event_key',
      unitKey: 'context_key',
      unitKind: 'context_kind',
      value: 'metric_value',
      timestamp: 'received_time',
    });
  });

  it('maps the older camelCase columns', () => {
    const proposed = proposeColumnMapping([
      'kind',
      'creationDate',
      'key',
      'contextKey',
      'contextKind',
      'variationIndex',
      'metricValue',
    ]);
    expect(proposed.mapping).toMatchObject({
      kind: 'kind',
      timestamp: 'creationDate',
      unitKey: 'contextKey',
      unitKind: 'contextKind',
      variation: 'variationIndex',
      value: 'metricValue',
    });
  });

  it('never proposes the unit column as the event id', () => {
    // Today "userid" (no exact unit name) was taken as the event id by its "id".
    const proposed = proposeColumnMapping(['userid', 'variant', 'event_name', 'event_time']);
    expect(proposed.mapping.unitKey).toBe('userid');
    expect(proposed.mapping.id).toBeUndefined();
    const lone = proposeColumnMapping(['id', 'group', 'event', 'time']);
    expect(lone.mapping.unitKey).toBe('id');
    expect(lone.mapping.id).toBeUndefined();
  });
});

describe('previewCsv', () => {
  it('gives the first rows and rows per arm label from a bounded prefix', async () => {
    const lines = ['user,arm,x'];
    for (let i = 0; i < 1000; i++) lines.push(`u${i},${i % 3 === 0 ? 'Control' : ' control '},1`);
    lines.push('last,treatment,1');
    const text = lines.join('\n') + '\n';
    const whole = await previewCsv(
      new TextEncoder().encode(text),
      { variation: 'arm' },
      { maxRows: 2 },
    );
    expect(whole.complete).toBe(true);
    expect(whole.shape.shape).toBe('units');
    expect(whole.headers).toEqual(['user', 'arm', 'x']);
    expect(whole.rows).toEqual([
      ['u0', 'Control', '1'],
      ['u1', ' control ', '1'],
    ]);
    // Control and " control " are one label: 1000 rows; treatment 1.
    expect(whole.labels).toEqual([
      { label: 'Control', rows: 1000 },
      { label: 'treatment', rows: 1 },
    ]);
    // 200 bytes: the header (11 bytes) and the rows wholly inside the prefix, none cut short.
    const prefix = await previewCsv(new Blob([text]), { variation: 'arm' }, { maxBytes: 200 });
    expect(prefix.complete).toBe(false);
    const expectedRows = text.slice(0, 200).split('\n').length - 2;
    expect(prefix.rowsRead).toBe(expectedRows);
    expect(prefix.labels).toEqual([{ label: 'Control', rows: expectedRows }]);
  });
});

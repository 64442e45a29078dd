// The warehouse's evaluation_events and metric_events tables as two CSV files of one import, mapped by
// the proposal for their columns together (issue #13). Expected values worked out by hand.
import { describe, expect, it } from 'vitest';
import { proposeColumnMapping, type CsvEventMapping } from './index.ts';
import { file, PARSING_MODES } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
};

// u1: variation 1 at 10:00, buys 30 at 10:05 and 20 at 11:00 → 50. u2: variation 0, buys 5 → 5.
// u3: variation 0, never buys. An evaluation of another flag (u4) is skipped.
const evaluations = [
  'event_id,flag_key,context_key,context_kind,variation_id,variation_value,reason_kind,experiment_iteration_id,received_time',
  'e1,new-checkout,u1,user,1,true,RULE_MATCH,it1,2026-01-01T10:00:00Z',
  'e2,new-checkout,u2,user,0,false,RULE_MATCH,it1,2026-01-01T10:00:00Z',
  'e3,new-checkout,u3,user,0,false,RULE_MATCH,it1,2026-01-01T10:00:00Z',
  'e4,other-flag,u4,user,0,false,RULE_MATCH,it9,2026-01-01T10:00:00Z',
].join('\n');
const metricEvents = [
  'event_id,event_key,context_key,context_kind,metric_value,received_time',
  'm1,purchase,u1,user,30,2026-01-01T10:05:00Z',
  'm2,purchase,u1,user,20,2026-01-01T11:00:00Z',
  'm3,purchase,u2,user,5,2026-01-01T10:30:00Z',
].join('\n');

describe.each(PARSING_MODES)('evaluation_events + metric_events, $name', ({ importEvents }) => {
  it('imports both tables with the proposal for their columns', async () => {
    const headers = [
      ...new Set([evaluations, metricEvents].flatMap((t) => t.split('\n')[0].split(','))),
    ];
    const mapping = proposeColumnMapping(headers).mapping as CsvEventMapping;
    const data = await importEvents(
      [file(evaluations, 'evaluation_events.csv'), file(metricEvents, 'metric_events.csv')],
      spec,
      mapping,
      { variations: ['off', 'on'] },
    );
    expect(data.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 1 },
    ]);
    expect(data.metrics.revenue).toEqual([
      { variation: 0, units: 2, conversions: 1, sum: 5, sumSquares: 25 },
      { variation: 1, units: 1, conversions: 1, sum: 50, sumSquares: 2500 },
    ]);
    expect(data.diagnostics.skipped['other-flag']).toBe(1);
  });

  it('still refuses a file that has neither the arm nor the event column', async () => {
    const mapping: CsvEventMapping = {
      unitKey: 'context_key',
      timestamp: 'received_time',
      variation: 'variation_id',
      eventKey: 'event_key',
    };
    const other = ['context_key,received_time,something', 'u1,2026-01-01T10:00:00Z,x'].join('\n');
    await expect(importEvents([file(other, 'other.csv')], spec, mapping)).rejects.toThrow(
      /missing columns/,
    );
  });
});

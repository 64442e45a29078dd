import { describe, expect, it } from 'vitest';
import { emptyDiagnostics } from '../../lib/ingest/types.ts';
import {
  aggregateCsvEvents,
  aggregateCsvUnits,
  aggregateSummaryCsv,
} from '../../lib/ingest/index.ts';
import { proposeExperiment, rekeyArms } from '../../lib/domain/propose-experiment.ts';
import {
  ANY_FLAG,
  dataSummary,
  csvSampleRows,
  planFromCsv,
  planFromJsonLines,
  specOf,
} from './file-plan.ts';

const plan = async (text: string) => {
  const result = planFromCsv(await csvSampleRows(text, true));
  if (!result.ok) throw new Error(result.message);
  return result.plan;
};

describe('csvSampleRows', () => {
  it('honours quotes, "" escapes, CRLF and the delimiter, and drops a cut last line', async () => {
    expect(await csvSampleRows('a;b\r\n"x;1";"say ""hi"""\r\n', true)).toEqual([
      ['a', 'b'],
      ['x;1', 'say "hi"'],
    ]);
    expect(await csvSampleRows('a,b\n1,2\n3,', false)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await csvSampleRows('a,b\n1,2', true)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('planFromCsv', () => {
  it('reads a file with one row per unit: unit, arm, TRUE/FALSE and numeric columns', async () => {
    const p = await plan(
      'user_id,group,signed_up,revenue,first_seen\nu1,treatment,TRUE,3.5,2026-01-01\nu2,control,false,,2026-01-02\n',
    );
    expect(p.shape).toBe('units');
    expect(p.flagKey).toBe(ANY_FLAG);
    expect(p.metrics).toEqual([
      { source: 'signed_up', kind: 'conversion' },
      { source: 'revenue', kind: 'numeric' },
    ]);
    expect(p.unitMapping).toEqual({
      unitKey: 'user_id',
      variation: 'group',
      metrics: { signed_up: 'signed_up', revenue: 'revenue' },
      firstExposure: 'first_seen',
    });
  });

  it('leaves out text columns and explains a file without metrics', async () => {
    expect((await plan('unit,variation,country,bought\na,0,FR,1\nb,1,DE,0\n')).metrics).toEqual([
      { source: 'bought', kind: 'conversion' },
    ]);
    const result = planFromCsv(await csvSampleRows('unit,variation,country\na,0,FR\n', true));
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.message).toContain('No column besides the unit and the arm');
  });

  it('explains a file without an arm column', async () => {
    const result = planFromCsv(await csvSampleRows('user_id,bought\na,1\n', true));
    expect(result.ok ? '' : result.message).toContain('no arm column');
  });

  it('reads an event-level file: the flag from its column, event keys as metrics', async () => {
    const p = await plan(
      [
        'context_key,context_kind,flag_key,variation,event_key,metric_value,timestamp',
        'u1,user,checkout,0,,,2026-01-01T10:00:00Z',
        'u1,user,,,purchase,12.5,2026-01-01T10:05:00Z',
        'u2,user,checkout,1,,,2026-01-01T11:00:00Z',
        'u2,user,,,signup,,2026-01-01T11:05:00Z',
      ].join('\n'),
    );
    expect(p).toMatchObject({ shape: 'events', flagKey: 'checkout', randomizationUnit: 'user' });
    expect(p.metrics).toEqual([
      { source: 'purchase', kind: 'numeric', aggregation: 'sum' },
      { source: 'signup', kind: 'conversion' },
    ]);
    expect(p.eventMapping).toMatchObject({ unitKey: 'context_key', variation: 'variation' });
  });

  it('reads a per-arm summary with a metric column', async () => {
    const p = await plan(
      'metric,variation,units,conversions,mean,sd\nbought,0,100,10,,\nbought,1,100,12,,\nspend,0,100,,5,2\n',
    );
    expect(p.shape).toBe('summary');
    expect(p.metrics).toEqual([
      { source: 'bought', kind: 'conversion' },
      { source: 'spend', kind: 'numeric' },
    ]);
  });
});

describe('planFromJsonLines', () => {
  const feature = (unit: string, variation: number, inExperiment = true) =>
    JSON.stringify({
      event: {
        kind: 'feature',
        key: 'checkout',
        contextKeys: { user: unit },
        variation,
        creationDate: 1,
        reason: { kind: 'FALLTHROUGH', inExperiment },
      },
    });
  const custom = (key: string, value?: number) =>
    JSON.stringify({ kind: 'custom', key, contextKeys: { user: 'u' }, metricValue: value });

  it('finds the flag, the unit kind and the metric events with their kind', () => {
    const result = planFromJsonLines([
      feature('a', 0),
      feature('b', 1),
      custom('purchase', 9.5),
      custom('signup'),
      'not json',
    ]);
    expect(result).toEqual({
      ok: true,
      plan: {
        shape: 'export',
        flagKey: 'checkout',
        randomizationUnit: 'user',
        metrics: [
          { source: 'purchase', kind: 'numeric', aggregation: 'sum' },
          { source: 'signup', kind: 'conversion' },
        ],
        countAllRuleEvaluations: false,
        variationNames: new Map(),
      },
    });
  });

  it("keeps the flag's variation names, by index", () => {
    const named = (variation: number, name: string, key = 'checkout') =>
      JSON.stringify({ kind: 'feature', key, variation, variationName: name, contextKeys: {} });
    const result = planFromJsonLines([
      named(0, 'Grey'),
      named(1, 'Green'),
      named(0, 'Other flag', 'other'),
      custom('signup'),
    ]);
    expect(result.ok && [...result.plan.variationNames!]).toEqual([
      [0, 'Grey'],
      [1, 'Green'],
    ]);
  });

  it('counts every evaluation for exports without inExperiment, and explains files it cannot use', () => {
    const old = planFromJsonLines([feature('a', 0, false), custom('signup')]);
    expect(old.ok && old.plan.countAllRuleEvaluations).toBe(true);
    expect(planFromJsonLines([custom('signup')])).toMatchObject({ ok: false });
    expect(planFromJsonLines([feature('a', 0)])).toMatchObject({ ok: false });
    expect(planFromJsonLines(['nope'])).toMatchObject({ ok: false });
  });
});

describe('specOf', () => {
  it('keys each metric by its source, sets no window and asks for days since exposure', async () => {
    const spec = specOf(await plan('user_id,arm,bought\na,x,1\n'));
    expect(spec).toEqual({
      flagKey: ANY_FLAG,
      randomizationUnit: 'user',
      metrics: [{ key: 'bought', eventKey: 'bought', kind: 'conversion', aggregation: 'average' }],
      countAllRuleEvaluations: false,
      daysSinceExposure: true,
    });
  });
});

describe('dataSummary', () => {
  it('labels arms by the names read (indices otherwise), leaves out empty arms, keeps the time range', async () => {
    const p = await plan('user_id,group,bought\na,treatment,1\nb,control,0\n');
    const stats = { conversions: 0, sum: 0, sumSquares: 0 };
    const data = {
      arms: [
        { variation: 0, units: 3 },
        { variation: 1, units: 2 },
        { variation: 2, units: 0 },
      ],
      metrics: { bought: [{ variation: 0, units: 3, ...stats }] },
      exposuresByHour: [],
      diagnostics: { ...emptyDiagnostics(), firstTimestamp: 10, lastTimestamp: 20 },
      armNames: { 0: 'treatment', 1: 'control' },
    };
    expect(dataSummary('t.csv', p, data)).toEqual({
      fileName: 't.csv',
      arms: [
        { index: 0, label: 'treatment', units: 3 },
        { index: 1, label: 'control', units: 2 },
      ],
      metrics: [{ source: 'bought', kind: 'conversion' }],
      firstTimestamp: 10,
      lastTimestamp: 20,
      randomizationUnit: 'user',
    });
    const { armNames: _names, ...indexed } = data;
    expect(dataSummary('t.csv', p, indexed).arms.map((arm) => arm.label)).toEqual(['0', '1']);
    const labelled = { ...indexed, armLabels: ['B', 'A', 'C'] };
    expect(dataSummary('t.csv', p, labelled).arms.map((arm) => arm.label)).toEqual(['B', 'A']);
  });
});

describe('file → plan → whole-file reading → proposal (the ingest library in Node)', () => {
  it('a per-arm summary CSV: arms named B and A, A proposed as control and stored first', async () => {
    const text = 'variation,units,conversions\nB,200,30\nA,180,18\n';
    const p = await plan(text);
    const data = await aggregateSummaryCsv([new Blob([text])], specOf(p));
    const draft = proposeExperiment(dataSummary('weekly.csv', p, data));
    expect(draft.arms.map((arm) => [arm.name, arm.units])).toEqual([
      ['A', 180],
      ['B', 200],
    ]);
    const stored = rekeyArms(data, draft);
    expect(stored.metrics.conversion.map((s) => [s.variation, s.units, s.conversions])).toEqual([
      [0, 180, 18],
      [1, 200, 30],
    ]);
  });

  it('a unit-level CSV with TRUE/FALSE: per-arm units and conversions counted by hand', async () => {
    // treatment: t1 TRUE, t2 FALSE, t3 TRUE → 3 units, 2 conversions; control: c1 FALSE, c2 TRUE → 2, 1.
    const text =
      'user_id,group,converted\nt1,treatment,TRUE\nc1,control,FALSE\nt2,treatment,FALSE\nc2,control,TRUE\nt3,treatment,TRUE\n';
    const p = await plan(text);
    const data = await aggregateCsvUnits([new Blob([text])], specOf(p), p.unitMapping!);
    const draft = proposeExperiment(dataSummary('u.csv', p, data));
    expect(draft.arms.map((arm) => arm.label)).toEqual(['control', 'treatment']);
    const stored = rekeyArms(data, draft);
    expect(stored.metrics.converted.map((s) => [s.variation, s.units, s.conversions])).toEqual([
      [0, 2, 1],
      [1, 3, 2],
    ]);
  });
});

describe('an event-level CSV through plan, the ingest library and the proposal', () => {
  it("finds the flag's arms, the metrics and the data's first and last times", async () => {
    // u1 in arm 0 buys 12.5; u2 in arm 1 signs up; u3 in arm 1. First row 10:00, last 11:05.
    const text = [
      'context_key,context_kind,flag_key,variation,event_key,metric_value,timestamp',
      'u1,user,checkout,0,,,2026-01-01T10:00:00Z',
      'u1,user,,,purchase,12.5,2026-01-01T10:05:00Z',
      'u2,user,checkout,1,,,2026-01-01T10:30:00Z',
      'u3,user,checkout,1,,,2026-01-01T10:40:00Z',
      'u2,user,,,signup,,2026-01-01T11:05:00Z',
    ].join('\n');
    const p = await plan(text);
    const data = await aggregateCsvEvents([new Blob([text])], specOf(p), p.eventMapping!);
    const draft = proposeExperiment(dataSummary('events.csv', p, data));
    expect(draft.arms.map((arm) => [arm.name, arm.units])).toEqual([
      ['Variation 0', 1],
      ['Variation 1', 2],
    ]);
    expect(draft.window).toEqual({
      start: Date.UTC(2026, 0, 1, 10, 0),
      end: Date.UTC(2026, 0, 1, 11, 5) + 1,
    });
    const stored = rekeyArms(data, draft);
    expect(stored.metrics.purchase.map((s) => [s.variation, s.units, s.sum])).toEqual([
      [0, 1, 12.5],
      [1, 2, 0],
    ]);
    expect(stored.metrics.signup.map((s) => [s.variation, s.conversions])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('planFromCsv: pre-period columns', () => {
  it('reads <metric>_pre as the metric’s CUPED covariate, not as a metric of its own', async () => {
    const text =
      'user_id,group,revenue,revenue_pre,Pre-period signed_up,signed_up,other_pre\nu1,B,3.5,2,TRUE,FALSE,1\nu2,A,1,0,false,true,2\n';
    const p = await plan(text);
    expect(p.metrics.map((m) => m.source)).toEqual(['revenue', 'signed_up', 'other_pre']);
    expect(p.unitMapping?.preMetrics).toEqual({
      revenue: 'revenue_pre',
      signed_up: 'Pre-period signed_up',
    });
    const data = await aggregateCsvUnits(
      [new File([text], 'units.csv')],
      specOf(p),
      p.unitMapping!,
    );
    // Arm "B" (first seen, arm 0): u1 x = 2, y = 3.5 → Σxy = 7; arm "A": x = 0.
    expect(data.metrics.revenue.map((arm) => arm.covariateCrossSum)).toEqual([7, 0]);
  });
});

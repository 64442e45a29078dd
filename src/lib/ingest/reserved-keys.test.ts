// Metric keys that name Object.prototype members (issue #14): each is a metric like any other, from
// the library through a structured clone (worker, IndexedDB) to the Results tab's model.
import { describe, expect, it } from 'vitest';
import {
  aggregateCsvUnits,
  aggregateExperimentData,
  aggregateSummaryCsv,
  type ExperimentData,
  type ExperimentSpec,
} from './index.ts';
import { exposure, file, FLAG, jsonLines, track } from './test-events.ts';

const RESERVED = ['__proto__', 'constructor', 'hasOwnProperty'];

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: RESERVED.map((key, index) => ({
    key,
    eventKey: `event-${index}`,
    kind: 'numeric',
    aggregation: 'sum',
  })),
};

/** Own, enumerable metric entries, as a structured clone or JSON would carry them. */
function ownMetrics(data: ExperimentData) {
  return Object.keys(data.metrics).map((key) => [
    key,
    Object.getOwnPropertyDescriptor(data.metrics, key)?.value,
  ]);
}

describe('reserved words as metric keys', () => {
  it('keeps __proto__, constructor and hasOwnProperty as three metrics (Data Export)', async () => {
    // A (arm 0) sends 2 of event-0, 3 of event-1; B (arm 1) sends 5 of event-2.
    const lines = jsonLines([
      exposure('A', 0, 1000),
      exposure('B', 1, 1000),
      track('A', 'event-0', 2000, 2),
      track('A', 'event-1', 2000, 3),
      track('B', 'event-2', 2000, 5),
    ]);
    const data = await aggregateExperimentData([file(lines, 'x.jsonl')], spec);
    expect(Object.getPrototypeOf(data.metrics)).not.toBe(Object.prototype);
    const metrics = new Map(ownMetrics(data) as [string, { variation: number; sum: number }[]][]);
    expect([...metrics.keys()]).toEqual(RESERVED);
    expect(metrics.get('__proto__')!.map((arm) => arm.sum)).toEqual([2, 0]);
    expect(metrics.get('constructor')!.map((arm) => arm.sum)).toEqual([3, 0]);
    expect(metrics.get('hasOwnProperty')!.map((arm) => arm.sum)).toEqual([0, 5]);
    // A structured clone (worker message, IndexedDB) keeps them as own data properties.
    const cloned = structuredClone(data);
    expect(Object.keys(cloned.metrics)).toEqual(RESERVED);
    expect(Object.hasOwn(cloned.metrics, '__proto__')).toBe(true);
    expect(Array.isArray(cloned.metrics['__proto__'])).toBe(true);
  });

  it('keeps them in a unit-level CSV mapped by metric key', async () => {
    const csv = 'unit,arm,p,c,h\nA,0,2,3,0\nB,1,0,0,5\n';
    const metrics = JSON.parse(
      '{"__proto__":"p","constructor":"c","hasOwnProperty":"h"}',
    ) as Record<string, string>;
    const data = await aggregateCsvUnits([file(csv, 'units.csv')], spec, {
      unitKey: 'unit',
      variation: 'arm',
      metrics,
    });
    expect(Object.keys(data.metrics)).toEqual(RESERVED);
    expect(data.metrics['__proto__'].map((arm) => arm.sum)).toEqual([2, 0]);
    expect(data.metrics['constructor'].map((arm) => arm.sum)).toEqual([3, 0]);
  });

  it('refuses a unit-level CSV whose mapping lacks such a key, instead of reading Object members', async () => {
    const csv = 'unit,arm,p\nA,0,2\n';
    const promise = aggregateCsvUnits([file(csv, 'units.csv')], spec, {
      unitKey: 'unit',
      variation: 'arm',
      metrics: { p: 'p' },
    });
    await expect(promise).rejects.toThrow(/metrics\.__proto__|metrics\.constructor/);
  });

  it('keeps them in a per-arm summary', async () => {
    const csv = [
      'metric,arm,units,conversions,sum,sum_squares',
      '__proto__,0,10,2,2,2',
      '__proto__,1,10,3,3,3',
      'constructor,0,10,4,4,4',
      'constructor,1,10,5,5,5',
    ].join('\n');
    const data = await aggregateSummaryCsv([file(csv, 'summary.csv')], {
      ...spec,
      metrics: spec.metrics.map((metric) => ({ ...metric, kind: 'conversion' as const })),
    });
    expect(Object.keys(data.metrics)).toEqual(['__proto__', 'constructor']);
    expect(data.metrics['__proto__'].map((arm) => arm.conversions)).toEqual([2, 3]);
  });

  it('diagnostics count skip reasons in a null-prototype record', async () => {
    const data = await aggregateExperimentData(
      [file(jsonLines([exposure('A', 0, 1000)]), 'x.jsonl')],
      spec,
    );
    expect(Object.getPrototypeOf(data.diagnostics.skipped)).toBe(null);
  });
});

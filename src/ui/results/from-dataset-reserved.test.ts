// Metric keys that name Object.prototype members reach the Results tab's model as metrics (issue #14).
import { describe, expect, it } from 'vitest';
import type { Dataset, Iteration } from '../../lib/domain/types.ts';
import { resultsInputFrom } from './from-dataset.ts';

const metric = (key: string) => ({
  key,
  name: key,
  kind: 'conversion',
  eventKey: key,
  aggregation: 'average',
  direction: 'higher',
  primary: key === '__proto__',
});

const iteration = {
  id: 'it-1',
  experimentId: 'e-1',
  number: 1,
  design: {
    hypothesis: '',
    flagVariations: [
      { id: 'va', name: 'A', value: 'a' },
      { id: 'vb', name: 'B', value: 'b' },
    ],
    treatments: [
      { variationId: 'va', name: 'A', allocationPercent: 50 },
      { variationId: 'vb', name: 'B', allocationPercent: 50 },
    ],
    splitMode: 'equal',
    controlVariationId: 'va',
    metrics: ['__proto__', 'constructor', 'toString'].map(metric),
  },
} as unknown as Iteration;

// As read back from IndexedDB (a structured clone): `__proto__` is an own data property, and the
// dataset has no `constructor` or `toString` metric at all.
const stored = JSON.parse(
  JSON.stringify({
    arms: [
      { variation: 0, units: 10 },
      { variation: 1, units: 20 },
    ],
    exposuresByHour: [],
    diagnostics: {},
  }),
) as Dataset;
stored.metrics = JSON.parse(
  '{"__proto__":[{"variation":0,"units":10,"conversions":1,"sum":1,"sumSquares":1},' +
    '{"variation":1,"units":20,"conversions":4,"sum":4,"sumSquares":4}]}',
) as Dataset['metrics'];

describe('resultsInputFrom with reserved metric keys', () => {
  it('reads __proto__ as a metric and treats absent constructor/toString as empty', () => {
    const input = resultsInputFrom(iteration, structuredClone(stored));
    expect(input.metrics.map((m) => m.key)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(input.metrics[0].arms.map((arm) => arm.conversions)).toEqual([1, 4]);
    for (const absent of input.metrics.slice(1)) {
      expect(absent.arms.map((arm) => [arm.units, arm.conversions, arm.sum])).toEqual([
        [10, 0, 0],
        [20, 0, 0],
      ]);
    }
  });
});

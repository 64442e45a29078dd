// Unit-level CSV: boolean metric cells as spreadsheets and warehouses write them (TRUE/FALSE, yes/no).
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits } from './index.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'any',
  randomizationUnit: 'user',
  metrics: [{ key: 'bought', eventKey: 'bought', kind: 'conversion', aggregation: 'average' }],
};

describe('aggregateCsvUnits with TRUE/FALSE cells', () => {
  it('reads TRUE/FALSE (any case) and yes/no as 1 and 0', async () => {
    // treatment: u1 TRUE, u2 false, u3 Yes → 3 units, 2 conversions; control: u4 FALSE, u5 true → 2, 1.
    const text =
      'user_id,group,bought\nu1,treatment,TRUE\nu2,treatment,false\nu3,treatment,Yes\nu4,control,FALSE\nu5,control,true\n';
    const result = await aggregateCsvUnits([file(text, 'units.csv')], spec, {
      unitKey: 'user_id',
      variation: 'group',
      metrics: { bought: 'bought' },
    });
    expect(result.diagnostics.malformedCount).toBe(0);
    expect(result.armNames).toEqual({ 0: 'treatment', 1: 'control' });
    expect(result.metrics.bought).toEqual([
      { variation: 0, units: 3, conversions: 2, sum: 2, sumSquares: 2 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
  });

  it('still reports a cell that is neither a number nor a boolean', async () => {
    const text = 'user_id,group,bought\nu1,a,maybe\nu2,b,1\n';
    const result = await aggregateCsvUnits([file(text, 'units.csv')], spec, {
      unitKey: 'user_id',
      variation: 'group',
      metrics: { bought: 'bought' },
    });
    expect(result.diagnostics.malformedCount).toBe(1);
    expect(result.diagnostics.malformed[0].reason).toContain('"maybe" is not a number');
  });
});

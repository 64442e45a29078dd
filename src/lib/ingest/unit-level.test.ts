// Unit-level CSV (issue #13): boolean cells, empty cells as missing values, several rows per unit,
// and a file of which no row can be used. Expected values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, IngestError } from './index.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

describe('unit-level CSV cells', () => {
  // The mobile-game retention test's shape: TRUE/FALSE columns, a numeric column.
  const spec: ExperimentSpec = {
    flagKey: 'gate',
    randomizationUnit: 'user',
    metrics: [
      { key: 'day1', eventKey: 'd1', kind: 'conversion', aggregation: 'average' },
      { key: 'day7', eventKey: 'd7', kind: 'conversion', aggregation: 'average' },
      { key: 'rounds', eventKey: 'r', kind: 'numeric', aggregation: 'average' },
    ],
  };
  const mapping = {
    unitKey: 'userid',
    variation: 'version',
    metrics: { day1: 'retention_1', day7: 'retention_7', rounds: 'sum_gamerounds' },
  };
  // gate_30: users 1, 2 → day1 1 (user 2), day7 0, rounds 3 + 38 = 41, 9 + 1444 = 1453.
  // gate_40: users 3, 4, 5 → day1 2 (3 TRUE, 5 yes), day7 1 (3 True), rounds 165 + 1 = 166,
  // 27225 + 1 = 27226 over 2 units with a value (5's is empty: one missing rounds value).
  const text = [
    'userid,version,sum_gamerounds,retention_1,retention_7',
    '1,gate_30,3,FALSE,FALSE',
    '2,gate_30,38,TRUE,false',
    '3,gate_40,165,TRUE,True',
    '4,gate_40,1,f,0',
    '5,gate_40,,yes,no',
  ].join('\n');

  it('reads TRUE/FALSE, True/False, yes/no, t/f and 1/0, and empty as a missing value', async () => {
    const data = await aggregateCsvUnits([file(text, 'cookie_cats.csv')], spec, mapping);
    expect(data.armLabels).toEqual(['gate_30', 'gate_40']);
    expect(data.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 3 },
    ]);
    expect(data.metrics.day1.map((arm) => arm.conversions)).toEqual([1, 2]);
    expect(data.metrics.day7.map((arm) => arm.conversions)).toEqual([0, 1]);
    expect(data.metrics.rounds).toEqual([
      { variation: 0, units: 2, conversions: 2, sum: 41, sumSquares: 1453 },
      { variation: 1, units: 3, conversions: 2, sum: 166, sumSquares: 27226 },
    ]);
    expect(data.diagnostics.skipped).toEqual({ 'missing-value:rounds': 1 });
    expect(data.diagnostics.malformedCount).toBe(0);
  });

  it('fails clearly when no row can be used', async () => {
    const bad = [
      'userid,version,sum_gamerounds,retention_1,retention_7',
      '1,a,3,maybe,x',
      '2,b,1,perhaps,y',
    ].join('\n');
    const run = aggregateCsvUnits([file(bad, 'bad.csv')], spec, mapping);
    await expect(run).rejects.toBeInstanceOf(IngestError);
    await expect(aggregateCsvUnits([file(bad, 'bad.csv')], spec, mapping)).rejects.toThrow(
      /No row of bad\.csv could be used.*2 rows were refused.*line 2: day1 value "maybe"/,
    );
  });

  it('refuses a negative count for a conversion metric, naming it', async () => {
    const negative = [
      'userid,version,sum_gamerounds,retention_1,retention_7',
      '1,a,3,-3,0',
      '2,a,1,1,0',
    ].join('\n');
    const data = await aggregateCsvUnits([file(negative, 'neg.csv')], spec, mapping);
    expect(data.diagnostics.malformed).toEqual([
      {
        file: 'neg.csv',
        line: 2,
        reason: 'day1 value -3 is negative: a conversion metric counts (0 or more)',
      },
    ]);
    expect(data.arms).toEqual([{ variation: 0, units: 1 }]);
  });
});

describe('several rows for one unit', () => {
  // The promotion campaign's shape: one row per store and week.
  const spec: ExperimentSpec = {
    flagKey: 'promo',
    randomizationUnit: 'store',
    metrics: [
      { key: 'salesTotal', eventKey: 's', kind: 'numeric', aggregation: 'sum' },
      { key: 'salesMean', eventKey: 's', kind: 'numeric', aggregation: 'average' },
      { key: 'hit', eventKey: 'h', kind: 'conversion', aggregation: 'average' },
    ],
  };
  const mapping = {
    unitKey: 'LocationID',
    variation: 'Promotion',
    metrics: { salesTotal: 'Sales', salesMean: 'Sales', hit: 'Hit' },
  };
  // L1 (promotion 3): 30 + 36 = 66, mean 33, hit at least once → 1.
  // L2 (promotion 2): 20 + 30 = 50, mean 25, never hit → 0.
  // L3 (promotion 1): 40 + 44 = 84, mean 42, hit → 1.
  // L4 in promotions 1 and 2: in several arms, left out.
  const text = [
    'MarketID,LocationID,Promotion,week,Sales,Hit',
    '1,L1,3,1,30,0',
    '1,L1,3,2,36,1',
    '1,L2,2,1,20,0',
    '1,L2,2,2,30,0',
    '2,L3,1,1,40,1',
    '2,L3,1,2,44,1',
    '2,L4,1,1,10,1',
    '2,L4,2,2,10,1',
  ].join('\n');

  it('combines them by each metric’s aggregation (the default)', async () => {
    const data = await aggregateCsvUnits([file(text, 'promo.csv')], spec, mapping);
    // Labels 1, 2, 3 → arms 0, 1, 2: L3, L2, L1.
    expect(data.armLabels).toEqual(['1', '2', '3']);
    expect(data.metrics.salesTotal).toEqual([
      { variation: 0, units: 1, conversions: 1, sum: 84, sumSquares: 84 * 84 },
      { variation: 1, units: 1, conversions: 1, sum: 50, sumSquares: 50 * 50 },
      { variation: 2, units: 1, conversions: 1, sum: 66, sumSquares: 66 * 66 },
    ]);
    expect(data.metrics.salesMean.map((arm) => arm.sum)).toEqual([42, 25, 33]);
    expect(data.metrics.hit.map((arm) => arm.conversions)).toEqual([1, 0, 1]);
    expect(data.diagnostics.unitsInSeveralArms).toBe(1);
    expect(data.diagnostics.duplicatesDropped).toBe(0);
  });

  it("keeps each unit's first row when asked", async () => {
    const data = await aggregateCsvUnits([file(text, 'promo.csv')], spec, {
      ...mapping,
      repeatedUnits: 'first',
    });
    expect(data.metrics.salesTotal.map((arm) => arm.sum)).toEqual([40, 20, 30]);
    expect(data.diagnostics.duplicatesDropped).toBe(3);
  });

  it('assigns the one-based promotions 1..3 to variations 0..2 when the design is given', async () => {
    const data = await aggregateCsvUnits([file(text, 'promo.csv')], spec, mapping, {
      variations: ['Promotion 1', 'Promotion 2', 'Promotion 3'],
    });
    expect(data.metrics.salesTotal.map((arm) => [arm.variation, arm.sum])).toEqual([
      [0, 84],
      [1, 50],
      [2, 66],
    ]);
  });
});

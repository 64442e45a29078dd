// Unit-level CSV with a pre-period column per metric (issue #17): CUPED covariate sums Σx, Σx², Σxy
// per arm and per day, counted by hand in the comments; empty, unreadable and mis-mapped pre-period
// columns.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, IngestError } from './index.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'f',
  randomizationUnit: 'user',
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'bought', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
  ],
};
const mapping = {
  unitKey: 'user',
  variation: 'arm',
  firstExposure: 'exposed',
  metrics: { revenue: 'revenue', bought: 'bought' },
  preMetrics: { revenue: 'revenue_pre', bought: 'bought_pre' },
};
const header = 'user,arm,exposed,revenue,revenue_pre,bought,bought_pre';

describe('unit-level CSV: pre-period columns (CUPED)', () => {
  // control:   u1 y=10 x=8 (day 1), u2 y=4 x empty → 0 (day 2), u5 y=6 x=3 (day 1)
  //   Σx = 11, Σx² = 64 + 0 + 9 = 73, Σxy = 80 + 0 + 18 = 98; Σy = 20, Σy² = 152
  // treatment: u3 y=7 x=5 (day 1), u4 y=12 x=9 (day 2)
  //   Σx = 14, Σx² = 25 + 81 = 106, Σxy = 35 + 108 = 143
  // u6 (line 8): pre-period "abc" → malformed, not counted anywhere.
  // bought (0/1): control y = 1,0,1 x = 1,0,0 → Σx = 1, Σx² = 1, Σxy = 1;
  //               treatment y = 1,1 x = 0,1 → Σx = 1, Σx² = 1, Σxy = 1.
  const text = [
    header,
    'u1,control,2026-03-01T10:00:00Z,10,8,TRUE,TRUE',
    'u2,control,2026-03-02T10:00:00Z,4,,FALSE,',
    'u3,treatment,2026-03-01T11:00:00Z,7,5,TRUE,FALSE',
    'u4,treatment,2026-03-02T12:00:00Z,12,9,TRUE,TRUE',
    'u5,control,2026-03-01T13:00:00Z,6,3,TRUE,FALSE',
    'u6,treatment,2026-03-01T14:00:00Z,5,abc,TRUE,FALSE',
  ].join('\r\n');

  it('adds Σx, Σx², Σxy per arm, an empty pre-period cell counting as 0', async () => {
    const data = await aggregateCsvUnits([file(text, 'units.csv')], spec, mapping);
    expect(data.armLabels).toEqual(['control', 'treatment']);
    expect(data.metrics.revenue).toEqual([
      {
        variation: 0,
        units: 3,
        conversions: 3,
        sum: 20,
        sumSquares: 152,
        covariateSum: 11,
        covariateSumSquares: 73,
        covariateCrossSum: 98,
      },
      {
        variation: 1,
        units: 2,
        conversions: 2,
        sum: 19,
        sumSquares: 49 + 144,
        covariateSum: 14,
        covariateSumSquares: 106,
        covariateCrossSum: 143,
      },
    ]);
    expect(
      data.metrics.bought.map((arm) => [
        arm.covariateSum,
        arm.covariateSumSquares,
        arm.covariateCrossSum,
      ]),
    ).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(data.diagnostics.skipped).toEqual({
      'missing-pre-period:revenue': 1,
      'missing-pre-period:bought': 1,
    });
    expect(data.diagnostics.recordsRead).toBe(6);
    expect(data.diagnostics.malformed).toEqual([
      {
        file: 'units.csv',
        line: 7,
        reason: 'revenue pre-period value "abc" is not a number nor true/false',
      },
    ]);
  });

  it('splits the sums by day of first exposure, the days adding up to the totals', async () => {
    const data = await aggregateCsvUnits([file(text, 'units.csv')], spec, mapping);
    const days = data.breakdowns!.find((b) => b.by === 'day')!.cells;
    expect(days.map((cell) => new Date(Number(cell.value)).toISOString().slice(0, 10))).toEqual([
      '2026-03-01',
      '2026-03-02',
    ]);
    const sums = (arms: { covariateSum?: number; covariateCrossSum?: number }[]) =>
      arms.map((arm) => [arm.covariateSum, arm.covariateCrossSum]);
    // day 1: control u1, u5 → Σx 11, Σxy 98; treatment u3 → 5, 35
    // day 2: control u2 → 0, 0; treatment u4 → 9, 108
    expect(sums(days[0].metrics.revenue)).toEqual([
      [11, 98],
      [5, 35],
    ]);
    expect(sums(days[1].metrics.revenue)).toEqual([
      [0, 0],
      [9, 108],
    ]);
  });

  it('combines a unit’s rows for x as for y (a sum adds, an average averages its values)', async () => {
    const twoSpec: ExperimentSpec = {
      ...spec,
      metrics: [
        { key: 'total', eventKey: 's', kind: 'numeric', aggregation: 'sum' },
        { key: 'mean', eventKey: 's', kind: 'numeric', aggregation: 'average' },
      ],
    };
    // s1 (a): rows (y 2, x 4), (y 6, x empty) → total y 8 x 4; mean y 4, x 4 (one value)
    // s2 (b): rows (y 3, x 1), (y 5, x 3) → total y 8 x 4; mean y 4 x 2
    const rows = ['store,arm,y,y_pre', 's1,a,2,4', 's2,b,3,1', 's1,a,6,', 's2,b,5,3'].join('\n');
    const data = await aggregateCsvUnits([file(rows, 'stores.csv')], twoSpec, {
      unitKey: 'store',
      variation: 'arm',
      metrics: { total: 'y', mean: 'y' },
      preMetrics: { total: 'y_pre', mean: 'y_pre' },
    });
    const triple = (arm: {
      covariateSum?: number;
      covariateSumSquares?: number;
      covariateCrossSum?: number;
    }) => [arm.covariateSum, arm.covariateSumSquares, arm.covariateCrossSum];
    expect(data.metrics.total.map(triple)).toEqual([
      [4, 16, 32],
      [4, 16, 32],
    ]);
    expect(data.metrics.mean.map(triple)).toEqual([
      [4, 16, 16],
      [2, 4, 8],
    ]);
  });

  it('keeps the first row’s x with repeatedUnits "first", and adds files read together', async () => {
    const rows = ['store,arm,y,y_pre', 's1,a,2,4', 's2,b,3,1', 's1,a,6,5'].join('\n');
    const more = ['store,arm,y,y_pre', 's3,b,1,2'].join('\n');
    const sumSpec: ExperimentSpec = { ...spec, metrics: [spec.metrics[0]] };
    const data = await aggregateCsvUnits(
      [file(rows, 'week1.csv'), file(more, 'week2.csv')],
      sumSpec,
      {
        unitKey: 'store',
        variation: 'arm',
        metrics: { revenue: 'y' },
        preMetrics: { revenue: 'y_pre' },
        repeatedUnits: 'first',
      },
    );
    // a: s1 first row y 2 x 4 → Σx 4, Σx² 16, Σxy 8; b: s2 (y 3, x 1), s3 (y 1, x 2) → 3, 5, 5.
    expect(
      data.metrics.revenue.map((arm) => [
        arm.units,
        arm.covariateSum,
        arm.covariateSumSquares,
        arm.covariateCrossSum,
      ]),
    ).toEqual([
      [1, 4, 16, 8],
      [2, 3, 5, 5],
    ]);
    expect(data.diagnostics.duplicatesDropped).toBe(1);
  });

  it('splits the sums by slice; with units of several rows the slices get none', async () => {
    const sliced: ExperimentSpec = {
      ...spec,
      metrics: [spec.metrics[0]],
      sliceAttributes: ['country'],
    };
    // FR: u1 a (y 10, x 8), u3 b (y 7, x 5); DE: u2 a (y 4, x 2); no country: u4 b (y 12, x 9)
    const rows = [
      'user,arm,country,revenue,revenue_pre',
      'u1,a,FR,10,8',
      'u2,a,DE,4,2',
      'u3,b,FR,7,5',
      'u4,b,,12,9',
    ];
    const read = (text: string) =>
      aggregateCsvUnits([file(text, 'slices.csv')], sliced, {
        unitKey: 'user',
        variation: 'arm',
        metrics: { revenue: 'revenue' },
        preMetrics: { revenue: 'revenue_pre' },
      });
    const data = await read(rows.join('\n'));
    const cells = data.breakdowns!.find((b) => b.by === 'attribute')!.cells;
    const shown = cells.map((cell) => [
      cell.group ?? cell.value,
      cell.metrics.revenue.map((arm) => [arm.covariateSum, arm.covariateCrossSum]),
    ]);
    expect(shown).toEqual([
      [
        'FR',
        [
          [8, 80],
          [5, 35],
        ],
      ],
      [
        'DE',
        [
          [2, 8],
          [0, 0],
        ],
      ],
      [
        'missing',
        [
          [0, 0],
          [9, 108],
        ],
      ],
    ]);
    // One cell (FR) and at most 2 values remembered: DE goes to 'other'.
    const few = await aggregateCsvUnits(
      [file(rows.join('\n'), 'slices.csv')],
      sliced,
      {
        unitKey: 'user',
        variation: 'arm',
        metrics: { revenue: 'revenue' },
        preMetrics: { revenue: 'revenue_pre' },
      },
      { maxSliceValues: 1, sliceCells: 1 },
    );
    const fewCells = few.breakdowns!.find((b) => b.by === 'attribute')!.cells;
    expect(
      fewCells.map((cell) => [
        cell.group ?? cell.value,
        cell.metrics.revenue.map((arm) => arm.covariateSum),
      ]),
    ).toEqual([
      ['FR', [8, 5]],
      ['other', [2, 0]],
      ['missing', [0, 9]],
    ]);
    // u1 on two rows: its slice is the aggregator's to tell, so the slices carry no covariate sums.
    const twice = await read([...rows, 'u1,a,FR,1,1'].join('\n'));
    const again = twice.breakdowns!.find((b) => b.by === 'attribute')!.cells;
    expect(
      again.every((cell) => cell.metrics.revenue.every((arm) => !('covariateSum' in arm))),
    ).toBe(true);
    expect(twice.metrics.revenue[0].covariateSum).toBe(8 + 2 + 1);
  });

  it('gives no covariate sums without a pre-period column, whatever the design’s covariate days', async () => {
    const rows = ['user,arm,revenue', 'u1,a,3', 'u2,b,4'].join('\n');
    const data = await aggregateCsvUnits(
      [file(rows, 'plain.csv')],
      { ...spec, metrics: [spec.metrics[0]], covariateDays: 14 },
      { unitKey: 'user', variation: 'arm', metrics: { revenue: 'revenue' } },
    );
    expect(data.metrics.revenue[0]).toEqual({
      variation: 0,
      units: 1,
      conversions: 1,
      sum: 3,
      sumSquares: 9,
    });
  });

  it('refuses a negative pre-period count of a conversion metric, with its line', async () => {
    const rows = [header, 'u1,a,,1,1,TRUE,-1', 'u2,b,,1,1,TRUE,1'].join('\n');
    const data = await aggregateCsvUnits([file(rows, 'neg.csv')], spec, mapping);
    expect(data.diagnostics.malformed).toEqual([
      {
        file: 'neg.csv',
        line: 2,
        reason: 'bought pre-period value -1 is negative: a conversion metric counts (0 or more)',
      },
    ]);
    expect(data.arms).toEqual([{ variation: 0, units: 1 }]);
    expect(data.armLabels).toEqual(['b']);
    expect(data.metrics.bought[0].covariateSum).toBe(1);
  });
});

describe('unit-level CSV: pre-period columns that cannot be one', () => {
  const rows = [header, 'u1,a,,1,1,TRUE,TRUE'].join('\n');
  const refused = async (preMetrics: Record<string, string>, message: RegExp, field: string) => {
    const run = aggregateCsvUnits([file(rows, 'x.csv')], spec, { ...mapping, preMetrics });
    await expect(run).rejects.toBeInstanceOf(IngestError);
    await expect(run).rejects.toMatchObject({ field });
    await expect(run).rejects.toThrow(message);
  };

  it('refuses the metric’s own value column', () =>
    refused(
      { revenue: 'revenue' },
      /pre-period column of "revenue" is its own value column "revenue"/,
      'mapping.preMetrics.revenue',
    ));

  it('refuses another metric’s value column, and the unit column', async () => {
    await refused(
      { revenue: 'bought' },
      /value column of metric "bought"/,
      'mapping.preMetrics.revenue',
    );
    await refused({ revenue: 'USER' }, /the unit column/, 'mapping.preMetrics.revenue');
  });

  it('refuses one column as the pre-period of two metrics with different value columns', () =>
    refused(
      { revenue: 'revenue_pre', bought: 'revenue_pre' },
      /"revenue_pre" is mapped as the pre-period value of both "revenue" and "bought"/,
      'mapping.preMetrics.bought',
    ));

  it('refuses a metric that is not in the experiment, and a column missing from the file', async () => {
    await refused(
      { visits: 'revenue_pre' },
      /no metric of this experiment/,
      'mapping.preMetrics.visits',
    );
    await expect(
      aggregateCsvUnits([file(rows, 'x.csv')], spec, {
        ...mapping,
        preMetrics: { revenue: 'spend_before' },
      }),
    ).rejects.toThrow(/preMetrics\.revenue \("spend_before"\)/);
  });
});

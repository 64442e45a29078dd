// Bad warehouse result files: each refused with a message that says what and where, nothing merged.
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../ingest/types.ts';
import { importWarehouseResult } from './result-import.ts';

const spec: ExperimentSpec = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
  sliceAttributes: ['country'],
};

const HEADER =
  'metric,variation,slice_attribute,slice_value,exposure_day,units,conversions,sum,sum_squares,diagnostic';
const GOOD = [
  'revenue,0,,,2026-03-02,10,4,20,60,',
  'revenue,1,,,2026-03-02,12,5,30,90,',
  'revenue,0,country,de,2026-03-02,6,2,8,20,',
  'revenue,0,country,,2026-03-02,4,2,12,40,',
  'revenue,1,country,de,2026-03-02,12,5,30,90,',
  ',,,,,100,,,,rows_read',
];

const load = (rows: string[]) =>
  importWarehouseResult([new File([[HEADER, ...rows].join('\n')], 'result.csv')], spec);

describe('warehouse result checks', () => {
  it('a good file imports, with its slice cells', async () => {
    const data = await load(GOOD);
    const country = data.breakdowns?.find((b) => b.by === 'attribute');
    expect(country?.cells.map((cell) => [cell.value, cell.group, cell.arms])).toEqual([
      [
        'de',
        undefined,
        [
          { variation: 0, units: 6 },
          { variation: 1, units: 12 },
        ],
      ],
      [
        '',
        'missing',
        [
          { variation: 0, units: 4 },
          { variation: 1, units: 0 },
        ],
      ],
    ]);
  });

  it('refuses slice rows for an attribute the design does not slice by', async () => {
    await expect(load([...GOOD, 'revenue,0,plan,pro,2026-03-02,3,1,2,4,'])).rejects.toThrow(
      /slices by "plan", which the design does not slice by/,
    );
  });

  it('refuses a slice row whose arm no total row has', async () => {
    await expect(load([...GOOD, 'revenue,7,country,de,2026-03-02,3,1,2,4,'])).rejects.toThrow(
      /name arm "7", which no row of the arm's totals has/,
    );
  });

  it('refuses a statistic row twice (also spelled with other case or spaces) and a diagnostic twice', async () => {
    await expect(load([...GOOD, GOOD[2]])).rejects.toThrow(
      /two rows for metric "revenue", arm "0", slice country = "de", day 2026-03-02/,
    );
    await expect(load([...GOOD, 'revenue, 1 ,,,2026-03-02,1,0,0,0,'])).rejects.toThrow(
      /two rows for metric "revenue", arm " 1 "/,
    );
    await expect(load([...GOOD, ',,,,,100,,,,rows_read'])).rejects.toThrow(
      /diagnostic rows_read twice/,
    );
  });

  it('refuses slices that do not add up to their total row (a result cut short)', async () => {
    // The last slice row lost: country's slices of arm 1 hold 0 units, its total 12.
    await expect(load(GOOD.filter((_, index) => index !== 4))).rejects.toThrow(
      /slices by "country" of metric "revenue", arm "1", day 2026-03-02 hold 0 units, its total row 12: the result is incomplete/,
    );
    // A slice row for a day without a total row.
    await expect(load([...GOOD, 'revenue,0,country,de,2026-03-03,1,0,0,0,'])).rejects.toThrow(
      /arm "0", day 2026-03-03 hold 1 units, its total row 0/,
    );
  });

  it('refuses metrics that count different units for the same arm, slice and day', async () => {
    const twoMetrics: ExperimentSpec = {
      ...spec,
      metrics: [
        ...spec.metrics,
        { key: 'signup', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
      ],
    };
    const rows = [
      ...GOOD,
      'signup,0,,,2026-03-02,10,4,4,4,',
      'signup,1,,,2026-03-02,12,5,5,5,',
      'signup,0,country,,2026-03-02,4,2,2,2,',
      'signup,1,country,de,2026-03-02,12,5,5,5,',
    ];
    const file = (extra: string) => new File([[HEADER, ...rows, extra].join('\n')], 'result.csv');
    await expect(
      importWarehouseResult([file('signup,0,country,de,2026-03-02,6,2,2,2,')], twoMetrics),
    ).resolves.toBeDefined();
    await expect(
      importWarehouseResult([file('signup,0,country,de,2026-03-02,5,2,2,2,')], twoMetrics),
    ).rejects.toThrow(
      /units for metric "signup", arm "0", slice country = "de", day 2026-03-02 \(5\) differ from metric "revenue"'s \(6\)/,
    );
  });

  it.each([
    [
      'units',
      'revenue,0,country,fr,2026-03-02,-1,0,0,0,',
      /units for metric "revenue", arm "0", slice country = "fr".* is negative/,
    ],
    ['conversions', 'revenue,0,country,fr,2026-03-02,3,-2,0,0,', /conversions .* is negative/],
    ['sum_squares', 'revenue,0,country,fr,2026-03-02,3,1,2,-4,', /sum_squares .* is negative/],
    [
      'a fraction of a unit',
      'revenue,0,country,fr,2026-03-02,2.5,1,2,4,',
      /units .* is not a whole number/,
    ],
    [
      'more conversions than units',
      'revenue,0,country,fr,2026-03-02,2,3,2,4,',
      /conversions .* exceed its units/,
    ],
    ['a diagnostic', ',,,,,-3,,,,duplicates_dropped', /diagnostic duplicates_dropped is negative/],
  ])('refuses a negative or impossible count: %s', async (_, row, message) => {
    await expect(load([...GOOD, row])).rejects.toThrow(message);
  });
});

// Statistics by slicing attribute (issue #16: slices by attribute), counted by hand in the comments:
// each unit's values at its first exposure, the 50 most frequent values, then 'other' and 'missing'.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateExperimentData } from './index.ts';
import { validateSpec } from './spec.ts';
import {
  envelope,
  exposure,
  file,
  FLAG,
  jsonLines,
  PARSING_MODES,
  shuffled,
  track,
  type Json,
} from './test-events.ts';
import type { Breakdown, BreakdownCell, ExperimentData, ExperimentSpec } from './types.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 2, 1);
const at = (ms: number) => T0 + ms;
const iso = (ms: number) => new Date(at(ms)).toISOString();

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
  sliceAttributes: ['country', 'plan'],
};

const user = (key: string, attributes: Json = {}): Json => ({
  context: { kind: 'user', key, ...attributes },
});

// a: arm 0, FR / pro, buys 10.
// b: arm 1, a multi-context: the user's DE / free (the org's US / enterprise are not the unit's); buys 4.
// c: arm 0, seen first in the file at 3000 as FR / pro, but exposed earlier at 500 (read later) as
//    DE / 7 (a number), and again at 4000 as NL / late: DE / "7"; buys 3.
// d: arm 1, no country, plan true (a boolean): missing / "true".
// e: arm 1, country an object (not a value): missing / pro.
// f: arm 0, the context is an org (not the unit kind; the unit comes from contextKeys): missing / missing.
// g: arm 1, a context without a kind (a user): FR / missing.
// h: in arms 0 and 1: not analysed.
const records: Json[] = [
  exposure('a', 0, at(1000), user('a', { country: 'FR', plan: 'pro' })),
  track('a', 'purchase', at(1100), 10),
  envelope(
    exposure('b', 1, at(2000), {
      context: {
        kind: 'multi',
        user: { key: 'b', country: 'DE', plan: 'free' },
        org: { key: 'o1', country: 'US', plan: 'enterprise' },
      },
    }),
  ),
  track('b', 'purchase', at(2100), 4),
  exposure('c', 0, at(3000), user('c', { country: 'FR', plan: 'pro' })),
  exposure('c', 0, at(500), user('c', { country: 'DE', plan: 7 })),
  exposure('c', 0, at(4000), user('c', { country: 'NL', plan: 'late' })),
  track('c', 'purchase', at(3500), 3),
  exposure('d', 1, at(1500), user('d', { plan: true })),
  exposure('e', 1, at(1200), user('e', { country: { code: 'IT' }, plan: 'pro' })),
  exposure('f', 0, at(1300), { context: { kind: 'org', key: 'acme', country: 'NL', plan: 'x' } }),
  exposure('g', 1, at(1400), { context: { key: 'g', country: 'FR' } }),
  exposure('h', 0, at(1000), user('h', { country: 'FR' })),
  exposure('h', 1, at(1100), user('h', { country: 'FR' })),
];

/** A cell: units per arm, and revenue per arm as [units with a purchase, Σy, Σy²]. */
function cell(
  value: string,
  units: [number, number],
  revenue: [number, number, number][],
  group?: 'other' | 'missing',
): BreakdownCell {
  return {
    value,
    ...(group ? { group } : {}),
    arms: units.map((count, variation) => ({ variation, units: count })),
    metrics: {
      revenue: revenue.map(([conversions, sum, sumSquares], variation) => ({
        variation,
        units: units[variation],
        conversions,
        sum,
        sumSquares,
      })),
    },
  };
}

const none: [number, number, number] = [0, 0, 0];
const expectedSlices: Breakdown[] = [
  {
    by: 'attribute',
    attribute: 'country',
    otherValues: 0,
    cells: [
      cell(
        'DE',
        [1, 1],
        [
          [1, 3, 9],
          [1, 4, 16],
        ],
      ), // c; b
      cell('FR', [1, 1], [[1, 10, 100], none]), // a; g
      cell('', [1, 2], [none, none], 'missing'), // f; d, e
    ],
  },
  {
    by: 'attribute',
    attribute: 'plan',
    otherValues: 0,
    cells: [
      cell('pro', [1, 1], [[1, 10, 100], none]), // a; e
      cell('7', [1, 0], [[1, 3, 9], none]), // c
      cell('free', [0, 1], [none, [1, 4, 16]]), // b
      cell('true', [0, 1], [none, none]), // d
      cell('', [1, 1], [none, none], 'missing'), // f; g
    ],
  },
];

const slicesOf = (data: ExperimentData) =>
  (data.breakdowns ?? []).filter((breakdown) => breakdown.by === 'attribute');

/** Every attribute's cells add up to the totals, arm by arm and metric by metric. */
function expectCellsAddUp(data: ExperimentData): void {
  for (const slice of slicesOf(data)) {
    data.arms.forEach((arm, index) => {
      const units = slice.cells.reduce((sum, c) => sum + c.arms[index].units, 0);
      expect(units, `${slice.by} ${arm.variation}`).toBe(arm.units);
    });
    for (const [key, arms] of Object.entries(data.metrics)) {
      arms.forEach((arm, index) => {
        for (const field of ['units', 'conversions', 'sum', 'sumSquares'] as const) {
          const total = slice.cells.reduce((sum, c) => sum + c.metrics[key][index][field], 0);
          expect(total, `${key} ${field}`).toBeCloseTo(arm[field], 9);
        }
      });
    }
  }
}

describe('statistics by slicing attribute', () => {
  it('slices by each attribute at the unit’s first exposure (fast path and JSON.parse alike)', async () => {
    for (const disableFastPath of [false, true]) {
      const data = await aggregateExperimentData(
        [file(jsonLines(records), 'events.jsonl')],
        spec,
        undefined,
        undefined,
        { disableFastPath },
      );
      expect(slicesOf(data), `fast path off: ${disableFastPath}`).toEqual(expectedSlices);
      expect(data.arms).toEqual([
        { variation: 0, units: 3 },
        { variation: 1, units: 4 },
      ]);
      expectCellsAddUp(data);
    }
  });

  it('gives the same slices in any order, any split into files, any stash size', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const order = seed === 1 ? [...records].reverse() : shuffled(records, seed);
      const sources = [order.slice(0, 5), order.slice(5)].map((part, i) =>
        file(jsonLines(part), `part-${i}.jsonl`),
      );
      for (const maxStashedEvents of [undefined, 1, 0]) {
        const data = await aggregateExperimentData(sources, spec, undefined, undefined, {
          maxStashedEvents,
        });
        expect(slicesOf(data), `seed ${seed}, stash ${maxStashedEvents}`).toEqual(expectedSlices);
      }
    }
  });

  it('adds no slices without slicing attributes', async () => {
    const data = await aggregateExperimentData([file(jsonLines(records), 'events.jsonl')], {
      ...spec,
      sliceAttributes: [],
    });
    expect(data.breakdowns?.map((breakdown) => breakdown.by)).toEqual(['day']);
  });

  it('breaks a tie between two first exposures at one time by the smaller value, any value before none', async () => {
    // x: exposed twice at 1000, as US / (none) and CA / basic: CA / basic whichever is read first.
    const tied = [
      exposure('x', 0, at(1000), user('x', { country: 'US' })),
      exposure('x', 0, at(1000), user('x', { country: 'CA', plan: 'basic' })),
    ];
    for (const order of [tied, [...tied].reverse()]) {
      const data = await aggregateExperimentData([file(jsonLines(order), 'tie.jsonl')], spec);
      expect(slicesOf(data).map((slice) => slice.cells.map((c) => c.value))).toEqual([
        ['CA'],
        ['basic'],
      ]);
    }
  });

  it('shows the 50 most frequent values, then the others merged with their count', async () => {
    // v00…v49: two units each; w0 and w1: one unit each → 'other' (2 values, 2 units).
    const many: Json[] = [];
    for (let v = 0; v < 50; v++)
      for (const copy of [0, 1]) {
        const key = `u${v}-${copy}`;
        many.push(
          exposure(key, copy, at(v), user(key, { country: `v${String(v).padStart(2, '0')}` })),
        );
      }
    many.push(exposure('w0', 0, at(0), user('w0', { country: 'w0' })));
    many.push(exposure('w1', 1, at(0), user('w1', { country: 'w1' })));
    const data = await aggregateExperimentData([file(jsonLines(many), 'many.jsonl')], spec);
    const country = slicesOf(data)[0] as Extract<Breakdown, { by: 'attribute' }>;
    expect(country.cells).toHaveLength(51); // 50 values and 'other' (every unit has a country)
    expect(country.cells.slice(0, 50).map((c) => c.value)).toEqual(
      Array.from({ length: 50 }, (_, v) => `v${String(v).padStart(2, '0')}`),
    );
    expect(country.cells.slice(0, 50).every((c) => c.arms.every((arm) => arm.units === 1))).toBe(
      true,
    );
    expect(country.cells[50]).toMatchObject({
      value: '',
      group: 'other',
      arms: [
        { variation: 0, units: 1 },
        { variation: 1, units: 1 },
      ],
    });
    expect(country.otherValues).toBe(2);
    expect(country.cells[51]).toBeUndefined();
  });

  it('counts values beyond the remembered ones as other, with how many there were', async () => {
    // Remembering 2 values: A (3 units) and B (1) are remembered; C, D (one unit each) are not.
    const letters = ['A', 'A', 'B', 'A', 'C', 'D'];
    const rows = letters.map((country, i) =>
      exposure(`k${i}`, i % 2, at(i), user(`k${i}`, { country })),
    );
    const data = await aggregateExperimentData(
      [file(jsonLines(rows), 'cap.jsonl')],
      spec,
      undefined,
      undefined,
      { maxSliceValues: 2 },
    );
    const country = slicesOf(data)[0] as Extract<Breakdown, { by: 'attribute' }>;
    expect(country.cells.map((c) => [c.value, c.group, c.arms.map((arm) => arm.units)])).toEqual([
      ['A', undefined, [1, 2]], // k0; k1, k3
      ['B', undefined, [1, 0]], // k2
      ['', 'other', [1, 1]], // k4; k5
    ]);
    expect(country.otherValues).toBe(2);
    // With a cell for one value only, B joins the other: 3 values merged.
    const one = await aggregateExperimentData(
      [file(jsonLines(rows), 'cap.jsonl')],
      spec,
      undefined,
      undefined,
      { maxSliceValues: 2, sliceCells: 1 },
    );
    const merged = slicesOf(one)[0] as Extract<Breakdown, { by: 'attribute' }>;
    expect(merged.cells.map((c) => c.arms.map((arm) => arm.units))).toEqual([
      [1, 2], // A
      [2, 1], // B, C; D
    ]);
    expect(merged.otherValues).toBe(3);
  });

  const csvRows = [
    'unit,variation,timestamp,event,value,country,plan',
    `a,0,${iso(1000)},,,FR,pro`,
    `a,,${iso(1100)},purchase,10,,`,
    `b,1,${iso(2000)},,,DE,free`,
    `b,,${iso(2100)},purchase,4,,`,
    `c,0,${iso(3000)},,,FR,pro`,
    `c,0,${iso(500)},,, DE ,7`,
    `c,0,${iso(4000)},,,NL,late`,
    `c,,${iso(3500)},purchase,3,,`,
    `d,1,${iso(1500)},,,,true`,
    `e,1,${iso(1200)},,,,pro`,
    `f,0,${iso(1300)},,,,`,
    `g,1,${iso(1400)},,,FR,`,
    `h,0,${iso(1000)},,,FR,`,
    `h,1,${iso(1100)},,,FR,`,
  ];
  const csvMapping = {
    unitKey: 'unit',
    variation: 'variation',
    timestamp: 'timestamp',
    eventKey: 'event',
    value: 'value',
  };

  for (const mode of PARSING_MODES) {
    it(`slices event-level CSV rows by the columns named like the attributes (${mode.name})`, async () => {
      for (const seed of [0, 1, 2]) {
        const [header, ...rows] = csvRows;
        const order = seed === 0 ? rows : shuffled(rows, seed);
        const data = await mode.importEvents(
          [file([header, ...order].join('\n') + '\n', 'events.csv')],
          spec,
          csvMapping,
        );
        expect(slicesOf(data), `seed ${seed}`).toEqual(expectedSlices);
      }
    });
  }

  it('slices unit-level rows by their columns (without a time column: a unit’s smallest value)', async () => {
    const text = [
      'user,arm,revenue,country,plan,first',
      `a,0,10,FR,pro,${iso(1000)}`,
      `b,1,4,DE,free,${iso(2000)}`,
      `c,0,3,FR,pro,${iso(3000)}`,
      `c,0,0,DE,7,${iso(500)}`,
      `c,0,0,NL,late,${iso(4000)}`,
      `d,1,0,,true,${iso(1500)}`,
      `e,1,0,,pro,${iso(1200)}`,
      `f,0,0,,,${iso(1300)}`,
      `g,1,0,FR,,${iso(1400)}`,
    ].join('\n');
    const mapping = {
      unitKey: 'user',
      variation: 'arm',
      metrics: { revenue: 'revenue' },
      firstExposure: 'first',
    };
    const data = await aggregateCsvUnits([file(text, 'units.csv')], spec, mapping);
    expect(slicesOf(data)).toEqual(expectedSlices);
    // Without a first-exposure column: every row is untimed; of a unit's rows the smaller value wins.
    const untimed = await aggregateCsvUnits([file(text, 'units.csv')], spec, {
      ...mapping,
      firstExposure: undefined,
    });
    const country = slicesOf(untimed)[0];
    expect(country.cells.map((c) => [c.value, c.arms.map((arm) => arm.units)])).toEqual([
      ['DE', [1, 1]], // c (DE before FR); b
      ['FR', [1, 1]],
      ['', [1, 2]],
    ]);
  });

  it('re-keys the slices’ arms with the design’s variation names', async () => {
    // Labels as read: treatment (first row), control; the design orders them control, treatment.
    const text = [
      'unit,arm,timestamp,event,value,country',
      `p,treatment,${iso(0)},,,FR`,
      `q,control,${iso(0)},,,FR`,
      `r,control,${iso(0)},,,DE`,
      `p,,${iso(5)},purchase,6,`,
    ].join('\n');
    const data = await PARSING_MODES[0].importEvents(
      [file(text, 'named.csv')],
      { ...spec, sliceAttributes: ['country'] },
      { ...csvMapping, variation: 'arm' },
      { variations: ['control', 'treatment'] },
    );
    const [country] = slicesOf(data);
    expect(country.cells.map((c) => [c.value, c.arms])).toEqual([
      [
        'FR',
        [
          { variation: 0, units: 1 }, // q
          { variation: 1, units: 1 }, // p
        ],
      ],
      [
        'DE',
        [
          { variation: 0, units: 1 }, // r
          { variation: 1, units: 0 },
        ],
      ],
    ]);
    expect(country.cells[0].metrics.revenue.map((arm) => arm.sum)).toEqual([0, 6]);
  });

  it('refuses more than 20 slicing attributes, unnamed or repeated ones', () => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
    expect(() => validateSpec({ ...spec, sliceAttributes: attributes(20) })).not.toThrow();
    expect(() => validateSpec({ ...spec, sliceAttributes: attributes(21) })).toThrow(/At most 20/);
    expect(() => validateSpec({ ...spec, sliceAttributes: ['plan', ' '] })).toThrow(/no name/);
    expect(() => validateSpec({ ...spec, sliceAttributes: ['plan', 'plan'] })).toThrow(/twice/);
  });

  it('property: whatever the values, order and chunking, every attribute’s slices add up to the totals', async () => {
    const random = seededRandom(16);
    for (let round = 0; round < 8; round++) {
      const events: Json[] = [];
      const unitCount = 20 + Math.floor(random() * 60);
      for (let u = 0; u < unitCount; u++) {
        const exposures = 1 + Math.floor(random() * 3);
        for (let e = 0; e < exposures; e++) {
          const attributes: Json = {};
          if (random() < 0.8) attributes.country = `c${Math.floor(random() * 6)}`;
          if (random() < 0.7) attributes.plan = random() < 0.5 ? Math.floor(random() * 4) : 'pro';
          const arm = random() < 0.05 ? 1 - (u % 2) : u % 2;
          events.push(
            exposure(`u${u}`, arm, at(Math.floor(random() * 50)), user(`u${u}`, attributes)),
          );
        }
        if (random() < 0.6)
          events.push(
            track(`u${u}`, 'purchase', at(Math.floor(random() * 60)), 1 + Math.floor(random() * 9)),
          );
      }
      let reference: Breakdown[] | null = null;
      for (const seed of [1, 2, 3]) {
        const order = shuffled(events, round * 10 + seed);
        const cut = Math.floor(random() * order.length);
        const sources = [order.slice(0, cut), order.slice(cut)].map((part, i) =>
          file(jsonLines(part), `p${i}.jsonl`),
        );
        const data = await aggregateExperimentData(sources, spec, undefined, undefined, {
          maxStashedEvents: seed === 3 ? 0 : undefined,
          maxSliceValues: seed === 2 ? 3 : undefined,
          sliceCells: 3,
        });
        expectCellsAddUp(data);
        // Below the cap of remembered values the slices do not depend on the order either.
        if (seed !== 2) {
          if (reference === null) reference = slicesOf(data);
          else expect(slicesOf(data), `round ${round}`).toEqual(reference);
        }
      }
    }
  });
});

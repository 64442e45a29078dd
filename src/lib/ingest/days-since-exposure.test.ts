// Statistics by day since first exposure (issue #16 item 3, the novelty view), counted by hand below.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateExperimentData } from './index.ts';
import { seededRandom } from './seeded-random.ts';
import {
  exposure,
  file,
  FLAG,
  jsonLines,
  PARSING_MODES,
  shuffled,
  track,
  type Json,
} from './test-events.ts';
import type { ArmMetricSummary, Breakdown, ExperimentData, ExperimentSpec } from './types.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  daysSinceExposure: true,
  metrics: [
    { key: 'buyer', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'orders', eventKey: 'purchase', kind: 'conversion', aggregation: 'sum' },
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
    {
      key: 'per-visit',
      eventKey: 'purchase',
      kind: 'ratio',
      aggregation: 'sum',
      denominatorEventKey: 'visit',
    },
  ],
};

// a: arm 0, first exposed at T0 (an exposure at T0 + 1 day read first: the one at T0 moves it);
//    buys 10 on day 0, 20 on day 1, 5 on day 3.
// b: arm 1, exposed at T0 + 1 s; buys 4 at T0 (before exposure: not counted), 8 on day 2 (twice,
//    identical: one is a duplicate), and once without a value on day 2 (a missing value for the
//    numeric metrics, an order for the conversions).
// c: arm 1, exposed at T0 + 2 h; buys 3 at T0 + 40 days + 2 h: day 40, counted in the last day (29).
// d: arm 0, exposed late, at T0 + 38 days; buys 7 an hour later (day 0). The data end at
//    T0 + 40 days + 2 h (c's purchase), so d is observed on days 0, 1 and 2 only.
// e: arm 0 then arm 1 (several arms), buys 100: left out everywhere.
const records = [
  exposure('a', 0, T0 + DAY),
  track('a', 'purchase', T0 + DAY + HOUR, 20),
  exposure('a', 0, T0),
  track('a', 'purchase', T0 + HOUR, 10),
  track('a', 'purchase', T0 + 3 * DAY, 5),
  track('b', 'purchase', T0, 4),
  exposure('b', 1, T0 + 1000),
  track('b', 'purchase', T0 + 2 * DAY + 1000, 8),
  track('b', 'purchase', T0 + 2 * DAY + 1000, 8),
  track('b', 'purchase', T0 + 2 * DAY + 2000),
  exposure('c', 1, T0 + 2 * HOUR),
  track('c', 'purchase', T0 + 40 * DAY + 2 * HOUR, 3),
  exposure('d', 0, T0 + 38 * DAY),
  track('d', 'purchase', T0 + 38 * DAY + HOUR, 7),
  exposure('e', 0, T0),
  track('e', 'purchase', T0 + HOUR, 100),
  exposure('e', 1, T0 + 2 * HOUR),
];

const summary = (
  variation: number,
  units: number,
  conversions: number,
  sum: number,
  sumSquares: number,
): ArmMetricSummary => ({ variation, units, conversions, sum, sumSquares });

/** Per day k = 0 … 29, each metric's per-arm statistics, worked out from the comment above. */
function expectedDay(k: number): Record<string, ArmMetricSummary[]> {
  const arm0Units = k <= 2 ? 2 : 1; // d is observed through day 2
  // arm 0 — a: revenue 10 / 30 / 30 / 35, orders 1 / 2 / 2 / 3 on days 0 / 1 / 2 / 3+; d: 7, 1 order.
  const aRevenue = k === 0 ? 10 : k < 3 ? 30 : 35;
  const aOrders = k === 0 ? 1 : k < 3 ? 2 : 3;
  const withD = k <= 2;
  // arm 1 — b: 8 and 2 orders from day 2 (the valueless one counts as an order only); c: 3 on day 29.
  const bIn = k >= 2;
  const cIn = k === 29;
  const arm1Buyers = (bIn ? 1 : 0) + (cIn ? 1 : 0);
  const arm1Revenue = (bIn ? 8 : 0) + (cIn ? 3 : 0);
  const arm1RevenueSquares = (bIn ? 64 : 0) + (cIn ? 9 : 0);
  const arm1Orders = (bIn ? 2 : 0) + (cIn ? 1 : 0);
  const arm1OrderSquares = (bIn ? 4 : 0) + (cIn ? 1 : 0);
  const aAverage = aRevenue / (k === 0 ? 1 : k < 3 ? 2 : 3);
  return {
    buyer: [
      summary(0, arm0Units, arm0Units, arm0Units, arm0Units),
      summary(1, 2, arm1Buyers, arm1Buyers, arm1Buyers),
    ],
    orders: [
      summary(0, arm0Units, arm0Units, aOrders + (withD ? 1 : 0), aOrders ** 2 + (withD ? 1 : 0)),
      summary(1, 2, arm1Buyers, arm1Orders, arm1OrderSquares),
    ],
    revenue: [
      summary(
        0,
        arm0Units,
        arm0Units,
        aRevenue + (withD ? 7 : 0),
        aRevenue ** 2 + (withD ? 49 : 0),
      ),
      summary(1, 2, arm1Buyers, arm1Revenue, arm1RevenueSquares),
    ],
    'order-value': [
      summary(
        0,
        arm0Units,
        arm0Units,
        aAverage + (withD ? 7 : 0),
        aAverage ** 2 + (withD ? 49 : 0),
      ),
      // b's valueless purchase is a missing value: its average is 8 over one valued event.
      summary(1, 2, arm1Buyers, arm1Revenue, arm1RevenueSquares),
    ],
  };
}

function byDaysSinceExposure(data: ExperimentData): Breakdown | undefined {
  return data.breakdowns?.find((breakdown) => breakdown.by === 'days-since-exposure');
}

function expectHandCount(data: ExperimentData, label: string): void {
  const breakdown = byDaysSinceExposure(data);
  expect(breakdown, label).toBeDefined();
  const cells = breakdown!.cells;
  expect(
    cells.map((cell) => cell.value),
    label,
  ).toEqual(Array.from({ length: 30 }, (_, k) => String(k)));
  cells.forEach((cell, k) => {
    expect(cell.arms, `${label}, day ${k}`).toEqual([
      { variation: 0, units: k <= 2 ? 2 : 1 },
      { variation: 1, units: 2 },
    ]);
    expect(Object.keys(cell.metrics).sort(), `${label}, day ${k}`).toEqual(
      ['buyer', 'order-value', 'orders', 'per-visit', 'revenue'].sort(),
    );
    const expected = expectedDay(k);
    for (const key of Object.keys(expected))
      expected[key].forEach((arm, index) => {
        const got = cell.metrics[key][index];
        expect(
          { ...got, sum: 0, sumSquares: 0 },
          `${label}, day ${k}, ${key}, arm ${index}`,
        ).toEqual({ ...arm, sum: 0, sumSquares: 0 });
        expect(got.sum, `${label}, day ${k}, ${key} Σy`).toBeCloseTo(arm.sum, 9);
        expect(got.sumSquares, `${label}, day ${k}, ${key} Σy²`).toBeCloseTo(arm.sumSquares, 9);
      });
  });
}

const csvHeader = 'flag_key,context_key,variation,event_key,metric_value,timestamp';
const csvMapping = {
  flagKey: 'flag_key',
  unitKey: 'context_key',
  variation: 'variation',
  eventKey: 'event_key',
  value: 'metric_value',
  timestamp: 'timestamp',
};

function csvRows(from: typeof records): string[] {
  return from.map((record) => {
    const unit = (record.contextKeys as { user: string }).user;
    const time = new Date(record.creationDate as number).toISOString();
    return record.kind === 'feature'
      ? `${FLAG},${unit},${record.variation},,,${time}`
      : `,${unit},,purchase,${record.metricValue ?? ''},${time}`;
  });
}

describe('statistics by day since first exposure', () => {
  it('counts each unit through day k, for the units the data reach k days after exposure', async () => {
    const data = await aggregateExperimentData([file(jsonLines(records), 'events.jsonl')], spec);
    expectHandCount(data, 'in file order');
    // The last day is the totals over the units observed 29 days or more (a, b, c): every event counted.
    const last = byDaysSinceExposure(data)!.cells[29];
    expect(last.metrics.revenue[1]).toEqual(data.metrics.revenue[1]);
  });

  it('gives the same counts from the fast path and JSON.parse, in any order and chunking', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const order = seed === 1 ? [...records].reverse() : shuffled(records, seed);
      const cut = (seed * 3) % order.length;
      const sources = [order.slice(0, cut), order.slice(cut)]
        .filter((part) => part.length > 0)
        .map((part, i) => file(jsonLines(part), `part-${i}.jsonl`));
      for (const disableFastPath of [false, true])
        for (const maxStashedEvents of [undefined, 2, 0])
          expectHandCount(
            await aggregateExperimentData(sources, spec, undefined, undefined, {
              disableFastPath,
              maxStashedEvents,
            }),
            `seed ${seed}, fast path ${!disableFastPath}, stash ${maxStashedEvents}`,
          );
    }
  });

  it('reads event-level CSV with times the same way', async () => {
    for (const { name, importEvents } of PARSING_MODES)
      for (const seed of [1, 2]) {
        const rows = csvRows(shuffled(records, seed));
        const data = await importEvents(
          [file([csvHeader, ...rows].join('\n'), 'events.csv')],
          spec,
          csvMapping,
        );
        expectHandCount(data, `CSV ${name}, seed ${seed}`);
      }
  });

  it('is left out unless asked for, and for unit-level files and data without times', async () => {
    const source = [file(jsonLines(records), 'events.jsonl')];
    const without = await aggregateExperimentData(source, { ...spec, daysSinceExposure: false });
    expect(byDaysSinceExposure(without)).toBeUndefined();
    const units = file('user,arm,revenue\nu1,0,3\nu2,1,5\n', 'units.csv');
    const unitLevel = await aggregateCsvUnits(
      [units],
      { ...spec, metrics: [spec.metrics[2]] },
      { unitKey: 'user', variation: 'arm', metrics: { revenue: 'revenue' } },
    );
    expect(byDaysSinceExposure(unitLevel)).toBeUndefined();
  });

  it('stops at the last day the data reach, and caps it at the window end', async () => {
    // Two units exposed at T0 and T0 + 12 h; the data end at T0 + 2 days + 1 h: the first is
    // observed on days 0–2, the second on days 0–1.
    const short = [
      exposure('p', 0, T0),
      exposure('q', 1, T0 + 12 * HOUR),
      track('p', 'purchase', T0 + 2 * DAY + HOUR, 2),
    ];
    const data = await aggregateExperimentData([file(jsonLines(short), 'short.jsonl')], spec);
    const cells = byDaysSinceExposure(data)!.cells;
    expect(cells.map((cell) => cell.arms.map((arm) => arm.units))).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
    expect(cells.map((cell) => cell.metrics.revenue[0].sum)).toEqual([0, 0, 2]);
    // A window ending at T0 + 1 day + 1 h: p is observed on days 0–1, q on day 0; p's purchase is out.
    const windowed = await aggregateExperimentData([file(jsonLines(short), 'short.jsonl')], {
      ...spec,
      window: { end: T0 + DAY + HOUR },
    });
    expect(
      byDaysSinceExposure(windowed)!.cells.map((cell) => cell.arms.map((arm) => arm.units)),
    ).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });

  it('adds a unit’s events again from its earlier exposure: in one reading while they are recent, else in two', async () => {
    // z: exposed at T0 + 1 day, buys 5 an hour later, then an exposure at T0 is read: the purchase is
    // on day 1. Between the two exposures, `filler` purchases of 1 by y (exposed at T0) on day 0.
    for (const filler of [10, 5000]) {
      const lines = [exposure('z', 1, T0 + DAY), track('z', 'purchase', T0 + DAY + HOUR, 5)];
      lines.push(exposure('y', 0, T0));
      for (let i = 0; i < filler; i++) lines.push(track('y', 'purchase', T0 + i, 1));
      lines.push(exposure('z', 1, T0), track('z', 'purchase', T0 + 2 * DAY, 0));
      let passes = 1;
      const data = await aggregateExperimentData(
        [file(jsonLines(lines), 'grouped.jsonl')],
        spec,
        (progress) => (passes = Math.max(passes, progress.pass ?? 1)),
      );
      expect(passes, `filler ${filler}`).toBe(filler < 4096 ? 1 : 2);
      const cells = byDaysSinceExposure(data)!.cells;
      expect(cells.map((cell) => cell.metrics.revenue[1].sum)).toEqual([0, 5, 5]);
      expect(cells.map((cell) => cell.metrics.revenue[0].sum)).toEqual([filler, filler, filler]);
    }
  });

  it('breaks a ratio metric down by numerator and denominator through day k', async () => {
    // r (arm 0): exposed at T0 + 36 h, then at T0 (read after a visit at T0 + 60 h: day 2); buys
    // 10 on day 0 and once without a value on day 1 (1 for a ratio's numerator); visits twice on
    // day 0. s (arm 1, exposed T0): visits on day 1, never buys. t (arm 1): exposed at T0 + 3 days
    // + 1 h, the end of the data, so observed on day 0 only. r and s are observed on days 0–3.
    const ratioRecords = [
      exposure('r', 0, T0 + 36 * HOUR),
      track('r', 'visit', T0 + 60 * HOUR),
      exposure('r', 0, T0),
      track('r', 'purchase', T0 + HOUR, 10),
      track('r', 'purchase', T0 + DAY + HOUR),
      track('r', 'visit', T0 + 2 * HOUR),
      track('r', 'visit', T0 + 3 * HOUR),
      exposure('s', 1, T0),
      track('s', 'visit', T0 + DAY + 5),
      exposure('t', 1, T0 + 3 * DAY + HOUR),
    ];
    const ratioSpec = { ...spec, metrics: [spec.metrics[4]] };
    // Arm 0 (r): y = 10, 11, 11, 11 and d = 2, 2, 3, 3 through days 0–3.
    // Arm 1: s has y = 0 and d = 0, 1, 1, 1; t (day 0 only) nothing.
    const want = [
      [
        { units: 1, conversions: 1, sum: 10, sumSquares: 100, d: [2, 4, 20] },
        { units: 2, conversions: 0, sum: 0, sumSquares: 0, d: [0, 0, 0] },
      ],
      [
        { units: 1, conversions: 1, sum: 11, sumSquares: 121, d: [2, 4, 22] },
        { units: 1, conversions: 0, sum: 0, sumSquares: 0, d: [1, 1, 0] },
      ],
      [
        { units: 1, conversions: 1, sum: 11, sumSquares: 121, d: [3, 9, 33] },
        { units: 1, conversions: 0, sum: 0, sumSquares: 0, d: [1, 1, 0] },
      ],
      [
        { units: 1, conversions: 1, sum: 11, sumSquares: 121, d: [3, 9, 33] },
        { units: 1, conversions: 0, sum: 0, sumSquares: 0, d: [1, 1, 0] },
      ],
    ].map((arms) =>
      arms.map(({ d, ...rest }, variation) => ({
        variation,
        ...rest,
        denominatorSum: d[0],
        denominatorSumSquares: d[1],
        crossSum: d[2],
      })),
    );
    for (const [index, order] of [
      ratioRecords,
      shuffled(ratioRecords, 5),
      [...ratioRecords].reverse(),
    ].entries()) {
      const data = await aggregateExperimentData(
        [file(jsonLines(order), 'ratio.jsonl')],
        ratioSpec,
      );
      expect(
        byDaysSinceExposure(data)!.cells.map((cell) => cell.metrics['per-visit']),
        `order ${index}`,
      ).toEqual(want);
    }
  });

  it('keeps a unit with events on many days in bounded state', async () => {
    // One unit buying 1 every 6 hours for 60 days: its per-day totals fill one block of 30 days.
    const many = [exposure('m', 0, T0), exposure('n', 1, T0)];
    for (let i = 0; i < 240; i++) many.push(track('m', 'purchase', T0 + i * 6 * HOUR + 1, 1));
    const data = await aggregateExperimentData([file(jsonLines(many), 'many.jsonl')], spec);
    const cells = byDaysSinceExposure(data)!.cells;
    expect(cells).toHaveLength(30);
    // Day k holds 4(k + 1) orders; the last day everything: 240.
    expect(cells.map((cell) => cell.metrics.orders[0].sum)).toEqual(
      Array.from({ length: 30 }, (_, k) => (k === 29 ? 240 : 4 * (k + 1))),
    );
  });
});

describe('statistics by day since exposure against a direct count (property test)', () => {
  type Unit = {
    arms: Set<number>;
    first: number;
    purchases: { time: number; value: number }[];
    visits: number[];
  };

  /** Random units: 1–3 exposures (one in ten also in another arm), 0–6 purchases, some duplicated. */
  function randomRecords(seed: number): Json[] {
    const random = seededRandom(seed);
    const records: Json[] = [];
    for (let u = 0; u < 40; u++) {
      const arm = Math.floor(random() * 2);
      const exposures = 1 + Math.floor(random() * 3);
      for (let e = 0; e < exposures; e++)
        records.push(exposure(`u${u}`, arm, T0 + Math.floor(random() * 40 * DAY)));
      if (random() < 0.1) records.push(exposure(`u${u}`, 1 - arm, T0 + Math.floor(random() * DAY)));
      const purchases = Math.floor(random() * 7);
      for (let p = 0; p < purchases; p++) {
        const record = track(
          `u${u}`,
          'purchase',
          T0 + Math.floor(random() * 45 * DAY),
          1 + Math.floor(random() * 20),
        );
        records.push(record);
        if (random() < 0.1) records.push({ ...record });
      }
      const visits = Math.floor(random() * 4);
      for (let v = 0; v < visits; v++)
        records.push(track(`u${u}`, 'visit', T0 + Math.floor(random() * 45 * DAY)));
    }
    return records;
  }

  /** The cells worked out directly from the records: every unit's events kept, nothing streamed. */
  function directCells(records: Json[]) {
    const units = new Map<string, Unit>();
    const seen = new Set<string>();
    let last = -Infinity;
    const unitOf = (key: string) => {
      let unit = units.get(key);
      if (!unit)
        units.set(key, (unit = { arms: new Set(), first: Infinity, purchases: [], visits: [] }));
      return unit;
    };
    for (const record of records) {
      const time = record.creationDate as number;
      last = Math.max(last, time);
      const unit = unitOf((record.contextKeys as { user: string }).user);
      if (record.kind === 'feature') {
        unit.arms.add(record.variation as number);
        unit.first = Math.min(unit.first, time);
      } else if (!seen.has(JSON.stringify(record))) {
        seen.add(JSON.stringify(record));
        if (record.key === 'visit') unit.visits.push(time);
        else unit.purchases.push({ time, value: record.metricValue as number });
      }
    }
    const cells = Array.from({ length: 30 }, () => ({
      units: [0, 0],
      // The ratio metric's Σd, Σd², Σyd per arm.
      ratio: [0, 1].map(() => [0, 0, 0]),
      metrics: Object.fromEntries(
        ['buyer', 'revenue', 'order-value'].map((key) => [
          key,
          [0, 1].map(() => ({ conversions: 0, sum: 0, sumSquares: 0 })),
        ]),
      ),
    }));
    let days = 0;
    for (const unit of units.values()) {
      if (unit.arms.size !== 1 || !Number.isFinite(unit.first)) continue;
      const [arm] = unit.arms;
      const observed = Math.min(29, Math.floor((last - unit.first) / DAY));
      days = Math.max(days, observed + 1);
      for (let k = 0; k <= observed; k++) {
        const cell = cells[k];
        cell.units[arm]++;
        const inDays = (time: number) =>
          time >= unit.first && (k === 29 || Math.floor((time - unit.first) / DAY) <= k);
        const through = unit.purchases.filter((p) => inDays(p.time));
        const total = through.reduce((sum, p) => sum + p.value, 0);
        const d = unit.visits.filter(inDays).length;
        cell.ratio[arm][0] += d;
        cell.ratio[arm][1] += d * d;
        cell.ratio[arm][2] += total * d;
        if (through.length === 0) continue;
        for (const [key, y] of [
          ['buyer', 1],
          ['revenue', total],
          ['order-value', total / through.length],
        ] as const) {
          const stats = cell.metrics[key][arm];
          stats.conversions++;
          stats.sum += y;
          stats.sumSquares += y * y;
        }
      }
    }
    return cells.slice(0, days);
  }

  const threeMetrics: ExperimentSpec = {
    ...spec,
    metrics: [spec.metrics[0], spec.metrics[2], spec.metrics[3], spec.metrics[4]],
  };

  it('matches it for random units, in any order, file cut and reading', async () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const records = randomRecords(seed);
      const want = directCells(records);
      for (const round of [0, 1, 2]) {
        const order = shuffled(records, seed * 10 + round);
        const cut = Math.floor(order.length * (round / 3));
        const sources = [order.slice(0, cut), order.slice(cut)]
          .filter((part) => part.length > 0)
          .map((part, i) => file(jsonLines(part), `part-${i}.jsonl`));
        for (const options of [{}, { disableFastPath: true }, { maxStashedEvents: 3 }]) {
          const label = `seed ${seed}, round ${round}, ${JSON.stringify(options)}`;
          const data = await aggregateExperimentData(sources, threeMetrics, undefined, undefined, {
            ...options,
          });
          const cells = byDaysSinceExposure(data)!.cells;
          expect(cells.length, label).toBe(want.length);
          cells.forEach((cell, k) => {
            expect(
              cell.arms.map((a) => a.units),
              `${label}, day ${k}`,
            ).toEqual(want[k].units);
            for (const key of ['buyer', 'revenue', 'order-value'])
              cell.metrics[key].forEach((stats, arm) => {
                const expected = want[k].metrics[key][arm];
                expect(stats.units, `${label}, day ${k}, ${key}`).toBe(want[k].units[arm]);
                expect(stats.conversions, `${label}, day ${k}, ${key}`).toBe(expected.conversions);
                expect(stats.sum, `${label}, day ${k}, ${key}`).toBeCloseTo(expected.sum, 8);
                expect(stats.sumSquares, `${label}, day ${k}, ${key}`).toBeCloseTo(
                  expected.sumSquares,
                  6,
                );
              });
            // The ratio metric: its numerator is revenue's sum, its denominator the visits.
            cell.metrics['per-visit'].forEach((stats, arm) => {
              const revenue = cell.metrics.revenue[arm];
              expect([stats.conversions, stats.sum], `${label}, day ${k}, per-visit`).toEqual([
                revenue.conversions,
                revenue.sum,
              ]);
              const [sum, squares, cross] = want[k].ratio[arm];
              expect(stats.denominatorSum, `${label}, day ${k}, Σd`).toBe(sum);
              expect(stats.denominatorSumSquares, `${label}, day ${k}, Σd²`).toBe(squares);
              expect(stats.crossSum, `${label}, day ${k}, Σyd`).toBeCloseTo(cross, 8);
            });
          });
        }
      }
    }
  });
});

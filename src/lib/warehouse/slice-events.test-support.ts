// Test support: seeded Data Export lines that exercise every slice rule — two slicing attributes,
// one with more than 50 values (skewed, so the 50 most frequent are not all of them), numbers,
// booleans, objects, empty strings and absent values as attribute values, units whose attributes
// change after their first exposure, ties between two first exposures at the same time, units in
// two arms, exposures before the window, metric events before exposure (CUPED) and duplicates.
import type { WarehouseDesign } from './query.ts';

const at = (day: number, hour: number) => Date.UTC(2026, 2, day, hour);

export const SLICE_DESIGN: WarehouseDesign = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  window: { start: at(2, 0), end: at(9, 0) },
  metrics: [
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
    { key: 'order-value', eventKey: 'purchase', kind: 'numeric', aggregation: 'average' },
    { key: 'signup', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
    {
      key: 'revenue-per-signup',
      eventKey: 'purchase',
      kind: 'ratio',
      aggregation: 'sum',
      denominatorEventKey: 'signup',
    },
  ],
  sliceAttributes: ['country', 'plan'],
  cupedPreDays: 7,
};

/** mulberry32: a small seeded generator. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plan values: strings, numbers, booleans, and values that are no value (empty, null, object, array). */
const PLANS: unknown[] = [
  'pro',
  'free',
  'team',
  3,
  2.5,
  0.1,
  -7,
  true,
  false,
  '',
  null,
  { tier: 1 },
  ['a'],
];

export function sliceEvents({ units, seed }: { units: number; seed: number }): string[] {
  const random = generator(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const start = SLICE_DESIGN.window!.start!;
  const span = SLICE_DESIGN.window!.end! - start;
  const records: object[] = [];
  const attributes = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    // 70 countries, skewed: the first ones are frequent, the last ones rare.
    if (random() > 0.08)
      out.country = `c${String(Math.floor(70 * random() ** 2)).padStart(2, '0')}`;
    if (random() > 0.1) out.plan = pick(PLANS);
    return out;
  };
  const exposure = (unit: string, variation: number, time: number, extra: object) => ({
    kind: 'feature',
    key: SLICE_DESIGN.flagKey,
    creationDate: time,
    contextKeys: { user: unit },
    context: { kind: 'user', key: unit, ...extra },
    variation,
    reason: { kind: 'RULE_MATCH', inExperiment: true },
  });
  let eventId = 0;
  const metricEvent = (unit: string, key: string, time: number, value?: number) => ({
    kind: 'custom',
    key,
    creationDate: time,
    contextKeys: { user: unit },
    id: `e${eventId++}`,
    ...(value === undefined ? {} : { metricValue: value }),
  });
  for (let index = 0; index < units; index++) {
    const unit = `u${index}`;
    const arm = random() < 0.5 ? 0 : 1;
    // Whole minutes, so that two exposures can share a time.
    const first = start + Math.floor((random() * span * 0.9) / 60_000) * 60_000;
    records.push(exposure(unit, arm, first, attributes()));
    const kind = random();
    if (kind < 0.12)
      records.push(exposure(unit, arm, first, attributes())); // a tie
    else if (kind < 0.27) records.push(exposure(unit, arm, first + 3_600_000, attributes()));
    else if (kind < 0.32) records.push(exposure(unit, 1 - arm, first + 60_000, attributes()));
    else if (kind < 0.37) records.push(exposure(unit, arm, start - 3_600_000, attributes()));
    const purchases = Math.floor(random() * 4);
    for (let p = 0; p < purchases; p++) {
      const time = first + Math.floor(random() * 86_400_000);
      const value = random() < 0.1 ? undefined : Math.round(random() * 10_000) / 100;
      const event = metricEvent(unit, 'purchase', time, value);
      records.push(event);
      if (random() < 0.1) records.push(event); // a duplicate
    }
    const signups = Math.floor(random() * 2.5);
    for (let s = 0; s < signups; s++)
      records.push(metricEvent(unit, 'signup', first + Math.floor(random() * 86_400_000)));
    // Before exposure: the CUPED pre-period (within 7 days) or earlier.
    if (random() < 0.4)
      records.push(
        metricEvent(unit, 'purchase', first - Math.floor(random() * 9 * 86_400_000) - 1, 5),
      );
  }
  // Fixed ties: per attribute the smaller value wins, and any value wins over none (country c05 and
  // plan 'pro' for t0; 'a' and 'free' for t1, whatever the order).
  const tie = start + 86_400_000;
  records.push(
    exposure('t0', 0, tie, { plan: 'pro' }),
    exposure('t0', 0, tie, { country: 'c05' }),
    exposure('t1', 1, tie, { country: 'b', plan: 'pro' }),
    exposure('t1', 1, tie, { country: 'a', plan: 'free' }),
    exposure('t1', 1, tie + 1, { country: '0', plan: '0' }),
  );
  // Shuffled: the results must not depend on the order of the records.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [records[i], records[j]] = [records[j], records[i]];
  }
  return records.map((record) => JSON.stringify(record));
}

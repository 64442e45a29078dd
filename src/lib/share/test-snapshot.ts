// A snapshot built from the worked examples of docs/statistics.md, shared by unit and browser tests.
import type { Snapshot } from './snapshot-types.ts';

export function testSnapshot(): Snapshot {
  return {
    formatVersion: 1,
    design: {
      name: 'Checkout button colour',
      hypothesis: 'A green button raises the order value without hurting conversion.',
      arms: [
        { name: 'Blue (control)', split: 50 },
        { name: 'Green', split: 50 },
      ],
      control: 0,
      metrics: [
        {
          key: 'order-value',
          name: 'Order value',
          kind: 'numeric',
          direction: 'higher',
          aggregation: 'sum',
          primary: true,
        },
        {
          key: 'purchase',
          name: 'Purchase',
          kind: 'conversion',
          direction: 'higher',
          aggregation: 'average',
          primary: false,
        },
      ],
    },
    iteration: { startedAt: Date.UTC(2025, 2, 1), endedAt: Date.UTC(2025, 2, 15) },
    settings: { credibleMass: 0.9, prior: 'informative', method: 'exact' },
    statistics: [
      {
        // Control N=1000, mean 10, sd 5; treatment N=1000, mean 10.5, sd 5.2: Σy² = (N−1)·sd² + N·mean².
        metric: 'order-value',
        arms: [
          { units: 1000, sum: 10_000, sumSquares: 124_975 },
          { units: 1000, sum: 10_500, sumSquares: 137_262.96 },
        ],
      },
      {
        metric: 'purchase',
        arms: [
          { units: 1000, conversions: 100 },
          { units: 1000, conversions: 120 },
        ],
      },
    ],
    srmLooks: [
      { at: Date.UTC(2025, 2, 2), units: [480, 470] },
      { at: Date.UTC(2025, 2, 8), units: [760, 755] },
      { at: Date.UTC(2025, 2, 15), units: [1000, 1000] },
    ],
  };
}

/** The same experiment with the Slices section's chosen attribute: country, Green compared. */
export function testSnapshotWithSlices(): Snapshot {
  // Each arm's order value: Σy² chosen so that (Σy)² ≤ N·Σy² (a possible set of values).
  const cell = (
    value: string,
    units: [number, number],
    orders: [number, number, number, number],
    purchases: [number, number],
    group?: 'other' | 'missing',
  ) => ({
    value,
    ...(group ? { group } : {}),
    units,
    statistics: [
      [
        { units: units[0], sum: orders[0], sumSquares: orders[1] },
        { units: units[1], sum: orders[2], sumSquares: orders[3] },
      ],
      [
        { units: units[0], conversions: purchases[0] },
        { units: units[1], conversions: purchases[1] },
      ],
    ],
  });
  return {
    ...testSnapshot(),
    slices: {
      attribute: 'country',
      otherValues: 3,
      comparedArm: 1,
      cells: [
        cell('US', [500, 500], [5000, 62_500, 5400, 70_000], [50, 65]),
        cell('DE', [300, 310], [3000, 37_500, 3200, 41_000], [30, 33]),
        cell('', [150, 140], [1500, 18_750, 1450, 19_000], [15, 16], 'other'),
        cell('', [50, 50], [500, 6250, 530, 7000], [5, 6], 'missing'),
      ],
    },
  };
}

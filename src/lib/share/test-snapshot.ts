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

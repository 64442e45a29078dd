// The design whose query is shown in the docs and kept, per dialect, in __fixtures__/<dialect>.sql.
import type { WarehouseDesign } from './query.ts';

export const EXAMPLE_DESIGN: WarehouseDesign = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  window: { start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 16) },
  iterationId: 'a1b2c3d4',
  variationIds: ['off-6f1c', 'on-2b9e'],
  metrics: [
    { key: 'signup-rate', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
    {
      key: 'revenue-per-signup',
      eventKey: 'purchase',
      kind: 'numeric',
      aggregation: 'sum',
      denominator: { eventKey: 'signup', kind: 'conversion', aggregation: 'sum' },
    },
  ],
  sliceAttributes: ['country'],
  cupedPreDays: 14,
};

/** The smaller design whose query docs/data-import.md prints in full. */
export const DOCS_DESIGN: WarehouseDesign = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  window: { start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 16) },
  metrics: [{ key: 'revenue-per-user', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
};

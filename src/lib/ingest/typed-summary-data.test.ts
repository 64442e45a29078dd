// Typed per-arm statistics matched onto the design's variations like any import.
import { describe, expect, it } from 'vitest';
import { typedSummaryData } from './index.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'f',
  randomizationUnit: 'user',
  metrics: [{ key: 'bought', eventKey: 'buy', kind: 'conversion', aggregation: 'average' }],
};

describe('typedSummaryData', () => {
  it('places typed arms by name, whatever their order', () => {
    // Typed treatment first (50 units, 7 conversions), then control (40, 4).
    const data = typedSummaryData(
      spec,
      {
        bought: [
          { name: 'Treatment', units: 50, conversions: 7 },
          { name: 'control', units: 40, conversions: 4 },
        ],
      },
      { variations: ['Control', 'Treatment'] },
    );
    expect(data.metrics.bought).toEqual([
      { variation: 0, units: 40, conversions: 4, sum: 4, sumSquares: 4 },
      { variation: 1, units: 50, conversions: 7, sum: 7, sumSquares: 7 },
    ]);
  });

  it('refuses one arm typed twice (case aside) and a number that is no index', () => {
    expect(() =>
      typedSummaryData(spec, {
        bought: [
          { name: 'A', units: 1, conversions: 0 },
          { name: ' a', units: 1, conversions: 0 },
        ],
      }),
    ).toThrow(/arm "a" is given twice \(the same as "A"\)/);
    expect(() =>
      typedSummaryData(spec, {
        bought: [
          { name: '-1', units: 1, conversions: 0 },
          { name: '1', units: 1, conversions: 0 },
        ],
      }),
    ).toThrow(/"-1" is not a variation index/);
  });
});

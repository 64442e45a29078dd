// The worked examples of docs/statistics.md#worked-examples, shown before any experiment exists and
// used by the Methodology page: a visitor sees the engine answer at once.
import type { ResultsInput } from './results/results-input.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5);

export const EXAMPLE_INPUT: ResultsInput = {
  viewKey: 'example',
  hypothesis: 'A shorter checkout raises the conversion rate and the order value.',
  armNames: ['control', 'treatment'],
  controlIndex: 0,
  weights: [50, 50],
  unitsInSeveralArms: 0,
  exposures: Array.from({ length: 10 }, (_, hour) => ({
    start: START + hour * HOUR,
    counts: [100, 100],
  })),
  metrics: [
    {
      key: 'conversion',
      name: 'Checkout conversion',
      kind: 'conversion',
      aggregation: 'average',
      direction: 'higher',
      primary: true,
      arms: [
        { name: 'control', units: 1000, conversions: 100 },
        { name: 'treatment', units: 1000, conversions: 120 },
      ],
    },
    {
      key: 'order-value',
      name: 'Order value',
      kind: 'numeric',
      aggregation: 'average',
      direction: 'higher',
      primary: false,
      // ȳ = 10, σ̂ = 5 and ȳ = 10.5, σ̂ = 5.2 with N = 1000 (docs/statistics.md#worked-examples).
      arms: [
        { name: 'control', units: 1000, mean: 10, sd: 5 },
        { name: 'treatment', units: 1000, mean: 10.5, sd: 5.2 },
      ],
    },
  ],
};

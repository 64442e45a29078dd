// A flagless two-arm iteration (as the quick path builds it) for the typed-data tests.
import { testDeps } from '../../lib/domain/test-builders.ts';
import { quickExperimentRecords } from '../../lib/domain/propose-experiment.ts';
import type { Iteration } from '../../lib/domain/types.ts';

export function calculatorIteration(): Iteration {
  return quickExperimentRecords(
    {
      name: 'Calculator',
      arms: [
        { index: 0, label: 'a', units: 0, name: 'Control' },
        { index: 1, label: 'b', units: 0, name: 'Treatment' },
      ],
      controlIndex: 0,
      metrics: [
        {
          source: 'converted',
          key: 'converted',
          name: 'Converted',
          kind: 'conversion',
          included: true,
        },
        { source: 'revenue', key: 'revenue', name: 'Revenue', kind: 'numeric', included: true },
      ],
      window: null,
      randomizationUnit: 'user',
    },
    { environmentKey: 'production', takenKeys: new Set() },
    testDeps(),
  ).iteration;
}

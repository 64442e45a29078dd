// Deterministic model objects for tests (this module is imported by tests only).

import {
  createEnvironment,
  createExperiment,
  createFlag,
  createHoldout,
  createLayer,
  createMetric,
} from './create.ts';
import { sequentialIds, type Deps } from './ids.ts';
import type { Experiment, Flag } from './types.ts';
import type { WorkspaceView } from './workspace-view.ts';

export function testDeps(start = 1_700_000_000_000): Deps & { advance(ms: number): void } {
  let time = start;
  return { newId: sequentialIds('t'), now: () => time, advance: (ms) => (time += ms) };
}

export function buildScenario(deps: Deps = testDeps()) {
  const production = createEnvironment({ key: 'production', name: 'Production' }, deps);
  const flag: Flag = createFlag(
    {
      key: 'checkout-button',
      name: 'Checkout button',
      variations: [
        { name: 'Grey', value: 'grey' },
        { name: 'Green', value: 'green' },
        { name: 'Blue', value: 'blue' },
      ],
      salt: 'salt123',
      environmentKeys: ['production', 'staging'],
    },
    deps,
  );
  flag.environments.production.on = true;
  flag.environments.production.rules.push({
    id: 'rule-canada',
    description: 'Customers in Canada',
    clauses: [],
    serve: { variation: 0 },
  });
  const [grey, green] = flag.variations;
  const layer = createLayer({ key: 'checkout-layer', name: 'Checkout flow' }, deps);
  const holdout = createHoldout({ key: 'q3-holdout', name: 'Q3 holdout', holdoutPercent: 5 }, deps);
  const experiment: Experiment = createExperiment(
    {
      key: 'green-button',
      name: 'Green checkout button',
      environmentKey: 'production',
      hypothesis: 'A green button increases checkout conversion',
      randomizationUnit: 'user',
      flagKey: flag.key,
      audienceRuleId: 'fallthrough',
      notInExperimentVariationId: grey.id,
      splitMode: 'equal',
      treatments: [
        { variationId: grey.id, name: 'Grey', allocationPercent: 50 },
        { variationId: green.id, name: 'Green', allocationPercent: 50 },
      ],
      controlVariationId: grey.id,
      metrics: [
        createMetric({
          key: 'checkout',
          name: 'Checkout',
          eventKey: 'checkout-completed',
          primary: true,
        }),
        createMetric({
          key: 'revenue',
          name: 'Revenue',
          kind: 'numeric',
          eventKey: 'purchase',
          aggregation: 'sum',
        }),
      ],
    },
    deps,
  );
  const view: WorkspaceView = {
    flags: [flag],
    layers: [layer],
    holdouts: [holdout],
    experiments: [experiment],
    iterations: [],
  };
  return { deps, production, flag, layer, holdout, experiment, view };
}

export const codes = (violations: { code: string }[]) => violations.map((v) => v.code);

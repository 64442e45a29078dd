import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDesign } from './design-rules.ts';
import { importRestExperiment } from './rest-experiment-import.ts';
import { buildScenario, codes, testDeps } from './test-builders.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../test/fixtures/platform/rest-api-examples.json', import.meta.url),
    'utf8',
  ),
) as {
  examples: Record<string, { required: string[]; example: Record<string, unknown> }>;
};
const example = (name: string) => structuredClone(fixture.examples[name].example);

/** The platform's example document made self-consistent: one flag named the same in "flags" and the treatments. */
function consistentExperiment() {
  const doc = example('Experiment') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const it of [doc.currentIteration, doc.draftIteration, ...doc.previousIterations]) {
    it.flags = { 'checkout-button': it.flags.key };
    it.treatments = [
      {
        ...it.treatments[0],
        _id: 'treat-control',
        name: 'Grey',
        baseline: true,
        allocationPercent: '50',
        parameters: [{ flagKey: 'checkout-button', variationId: 'var-grey' }],
      },
      {
        ...it.treatments[1],
        _id: 'treat-green',
        name: 'Green',
        baseline: false,
        allocationPercent: '50',
        parameters: [{ flagKey: 'checkout-button', variationId: 'var-green' }],
      },
    ];
    it.winningTreatmentId = 'treat-green';
  }
  doc.previousIterations = [
    {
      ...doc.previousIterations[0],
      status: 'stopped',
      startedAt: 1,
      endedAt: 3,
      hypothesis: 'First idea',
    },
  ];
  doc.currentIteration.startedAt = 4;
  delete doc.holdoutId;
  return doc;
}

describe('importRestExperiment', () => {
  it("imports the platform's Experiment example: identity, design from the draft, iterations, layer", () => {
    const result = importRestExperiment(example('Experiment'), { deps: testDeps() });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const { experiment, iterations, layer, warnings } = result.value;
    expect(experiment).toMatchObject({
      key: 'experiment-key-123abc',
      name: 'Example experiment',
      description: 'An example experiment, used in testing',
      tags: ['experiment', 'feature'],
      maintainer: '12ab3c45de678910fgh12345',
      environmentKey: 'environmentKey',
      randomizationUnit: 'user',
      flagKey: 'key',
      audienceRuleId: 'fallthrough',
      holdoutId: 'f3b74309-d581-44e1-8a2b-bb2933b4fe40',
      layer: { layerKey: 'checkout-flow', reservationPercent: 10 },
      notInExperimentVariationId: 'e432f62b-55f6-49dd-a02f-eb24acf39d05',
      variationReassignment: true,
      attributes: ['attributes'],
      createdAt: 0,
    });
    expect(experiment.treatments).toEqual([
      { variationId: 'variationId', name: 'Treatment 1', allocationPercent: 10 },
      { variationId: 'variationId', name: 'Treatment 1', allocationPercent: 10 },
    ]);
    expect(experiment.metrics).toEqual([
      {
        key: 'metric-key-123abc',
        name: 'Example metric',
        kind: 'numeric',
        eventKey: 'event-key-123abc',
        aggregation: 'sum',
        direction: 'higher',
        primary: true,
      },
    ]);
    // Two previous iterations and the current one; a "previous" iteration cannot still run.
    expect(iterations.map((it) => it.status)).toEqual(['stopped', 'stopped', 'running']);
    expect(iterations.map((it) => it.number)).toEqual([1, 2, 3]);
    expect(iterations[2]).toMatchObject({
      startedAt: 5,
      endedAt: null,
      flagKey: 'key',
      winnerReason: expect.stringContaining('two weeks'),
    });
    expect(layer).toMatchObject({
      key: 'checkout-flow',
      name: 'Checkout Flow',
      environments: { environmentKey: { reservations: [{ reservationPercent: 70 }] } },
    });
    expect(codes(warnings)).toEqual(
      expect.arrayContaining([
        'flag-key-mismatch',
        'previous-iteration-running',
        'flag-not-in-workspace',
      ]),
    );
  });

  it("leaves the example's contradictions to the design rules, which report them", () => {
    const result = importRestExperiment(example('Experiment'), { deps: testDeps() });
    if (!result.ok) throw new Error('setup');
    const layer = result.value.layer!;
    const found = codes(
      checkDesign(result.value.experiment, {
        flags: [],
        layers: [layer],
        holdouts: [],
        experiments: [],
        iterations: [],
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'holdout-and-layer',
        'unknown-holdout',
        'unknown-flag',
        'duplicate-arm',
        'split-not-100',
      ]),
    );
  });

  it('imports the ExperimentPost body, using the given environment', () => {
    const result = importRestExperiment(example('ExperimentPost'), {
      deps: testDeps(),
      environmentKey: 'production',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const { experiment, iterations, warnings } = result.value;
    expect(experiment).toMatchObject({
      environmentKey: 'production',
      hypothesis: 'Example hypothesis, the new button placement will increase conversion',
      audienceRuleId: 'e432f62b-55f6-49dd-a02f-eb24acf39d05',
      attributes: ['country', 'device', 'os'],
      tags: ['tags'].concat('tags'),
      metrics: [],
    });
    expect(iterations).toEqual([]);
    expect(codes(warnings)).toContain('metric-group-unresolved');
  });

  it('imports a consistent document: control, winner, split mode and snapshots with the workspace flag', () => {
    const s = buildScenario();
    s.flag.variations[0].id = 'var-grey';
    s.flag.variations[1].id = 'var-green';
    const result = importRestExperiment(consistentExperiment(), {
      deps: testDeps(),
      flags: [s.flag],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const { experiment, iterations, warnings } = result.value;
    expect(experiment).toMatchObject({
      flagKey: 'checkout-button',
      controlVariationId: 'var-grey',
      splitMode: 'equal',
      holdoutId: null,
    });
    expect(iterations.map((it) => [it.number, it.status, it.design.hypothesis])).toEqual([
      [1, 'stopped', 'First idea'],
      [2, 'running', 'The new button placement will increase conversion'],
    ]);
    expect(iterations[0]).toMatchObject({
      startedAt: 1,
      endedAt: 3,
      endReason: 'imported',
      winnerVariationId: 'var-green',
    });
    expect(iterations[1].design.flagVariations.map((v) => v.value)).toEqual([
      'grey',
      'green',
      'blue',
    ]);
    expect(warnings).toEqual([]);
  });

  it('reports missing required fields with their paths and imports nothing', () => {
    const doc = consistentExperiment();
    delete doc.name;
    delete doc.currentIteration.hypothesis;
    delete doc.currentIteration.status;
    doc.currentIteration.treatments[1].allocationPercent = 'fifty';
    delete doc.draftIteration.treatments[0].parameters;
    const result = importRestExperiment(doc, { deps: testDeps() });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.violations.map((v) => v.field)).toEqual([
        'name',
        'currentIteration.hypothesis',
        'currentIteration.status',
        'currentIteration.treatments[1].allocationPercent',
        'draftIteration.treatments[0].parameters',
      ]);
      expect(result.violations[0].message).toBe('name is missing; it must be text.');
    }
  });

  it('ignores unknown fields and needs an environment', () => {
    const doc: Record<string, unknown> = {
      ...consistentExperiment(),
      somethingNew: { nested: true },
    };
    expect(importRestExperiment(doc, { deps: testDeps() }).ok).toBe(true);
    const { environmentKey: _e, ...noEnv } = doc;
    const result = importRestExperiment(noEnv, { deps: testDeps() });
    expect(!result.ok && result.violations.map((v) => v.field)).toEqual(['environmentKey']);
  });

  it('reads metric kind, aggregation and success direction from MetricV2/MetricPost fields', () => {
    const doc = consistentExperiment();
    const post = example('MetricPost');
    doc.draftIteration.metrics = [
      { ...post, successCriteria: 'LowerThanBaseline' },
      { key: 'clicks', kind: 'click', name: 'Clicks' },
    ];
    doc.draftIteration.primarySingleMetric = undefined;
    doc.draftIteration.primaryMetric = undefined;
    doc.draftIteration.secondaryMetrics = [];
    const result = importRestExperiment(doc, { deps: testDeps() });
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    expect(result.value.experiment.metrics).toEqual([
      {
        key: 'metric-key-123abc',
        name: 'Example metric',
        kind: 'conversion',
        eventKey: 'Order placed',
        aggregation: 'average',
        direction: 'lower',
        primary: false,
      },
      {
        key: 'clicks',
        name: 'Clicks',
        kind: 'conversion',
        eventKey: 'clicks',
        aggregation: 'average',
        direction: 'higher',
        primary: false,
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkSavable } from './design-rules.ts';
import { checkRecord } from './record-shapes.ts';
import {
  draftProblems,
  isControlLabel,
  orderArms,
  proposeExperiment,
  quickExperimentRecords,
  rekeyArms,
  type DataSummary,
} from './propose-experiment.ts';
import { testDeps } from './test-builders.ts';

const summary = (over: Partial<DataSummary> = {}): DataSummary => ({
  fileName: 'checkout_test.csv',
  arms: [
    { index: 0, label: 'treatment', units: 3 },
    { index: 1, label: 'control', units: 2 },
  ],
  metrics: [
    { source: 'converted', kind: 'conversion' },
    { source: 'Revenue (EUR)', kind: 'numeric' },
  ],
  firstTimestamp: null,
  lastTimestamp: null,
  ...over,
});

const arms = (...labels: string[]) => labels.map((label, index) => ({ index, label, units: 1 }));

describe('isControlLabel', () => {
  it('knows the usual names of a control, in any case and spacing', () => {
    for (const label of ['control', ' Control ', 'BASELINE', 'A', '0', 'control group', 'ctrl'])
      expect(isControlLabel(label), label).toBe(true);
    for (const label of ['treatment', 'B', '1', 'variant a', 'uncontrolled'])
      expect(isControlLabel(label), label).toBe(false);
  });
});

describe('orderArms', () => {
  it('puts a control-like label first, whatever order the file lists them in', () => {
    expect(orderArms(arms('treatment', 'control')).map((a) => a.label)).toEqual([
      'control',
      'treatment',
    ]);
    expect(orderArms(arms('B', 'C', 'A')).map((a) => a.label)).toEqual(['A', 'B', 'C']);
  });

  it('sorts numbers as numbers and otherwise keeps a natural order', () => {
    expect(orderArms(arms('10', '2', '1')).map((a) => a.label)).toEqual(['1', '2', '10']);
    expect(orderArms(arms('variant 10', 'variant 2')).map((a) => a.label)).toEqual([
      'variant 2',
      'variant 10',
    ]);
  });
});

describe('proposeExperiment', () => {
  it('names the experiment after the file, orders arms with the control first and keeps every metric', () => {
    const draft = proposeExperiment(summary());
    expect(draft.name).toBe('checkout test');
    expect(draft.arms.map((a) => [a.index, a.name])).toEqual([
      [1, 'control'],
      [0, 'treatment'],
    ]);
    expect(draft.controlIndex).toBe(1);
    expect(draft.metrics.map((m) => [m.key, m.kind, m.included])).toEqual([
      ['converted', 'conversion', true],
      ['revenue-eur', 'numeric', true],
    ]);
    expect(draft.window).toBeNull();
    expect(draft.randomizationUnit).toBe('user');
  });

  it("takes the data's first and last timestamps as the window, the last one inside it", () => {
    const draft = proposeExperiment(
      summary({ firstTimestamp: 1_700_000_000_000, lastTimestamp: 1_700_086_400_000 }),
    );
    expect(draft.window).toEqual({ start: 1_700_000_000_000, end: 1_700_086_400_001 });
  });

  it('names numbered arms "Variation n"', () => {
    const draft = proposeExperiment(summary({ arms: arms('0', '1') }));
    expect(draft.arms.map((a) => a.name)).toEqual(['Variation 0', 'Variation 1']);
  });

  it("uses the file's own variation names where it has them", () => {
    const found = [
      { index: 1, label: '1', units: 5, name: 'Green button' },
      { index: 0, label: '0', units: 4, name: ' Grey button ' },
    ];
    const draft = proposeExperiment(summary({ arms: found }));
    expect(draft.arms.map((a) => [a.label, a.name])).toEqual([
      ['0', 'Grey button'],
      ['1', 'Green button'],
    ]);
  });
});

describe('draftProblems', () => {
  it('accepts the proposal and refuses one arm, duplicate names and no metric', () => {
    expect(draftProblems(proposeExperiment(summary()))).toEqual([]);
    const one = proposeExperiment(summary({ arms: arms('only') }));
    expect(draftProblems(one)).toEqual([
      'The file has 1 arm; an experiment compares at least two.',
    ]);
    const draft = proposeExperiment(summary());
    draft.arms[1].name = ' CONTROL';
    draft.metrics.forEach((m) => (m.included = false));
    expect(draftProblems(draft)).toEqual([
      'Two arms have the same name.',
      'Keep at least one metric.',
    ]);
  });
});

describe('quickExperimentRecords', () => {
  it('builds a flagless experiment and an iteration whose snapshot has one variation per arm, control first', () => {
    const deps = testDeps();
    const draft = proposeExperiment(
      summary({ firstTimestamp: 1_000_000, lastTimestamp: 2_000_000 }),
    );
    draft.controlIndex = 0; // the user picks "treatment" as the control
    draft.metrics[1].included = false;
    const { experiment, iteration } = quickExperimentRecords(
      draft,
      { environmentKey: 'production', takenKeys: new Set(['checkout-test']) },
      deps,
    );
    expect(experiment.key).toBe('checkout-test-2');
    expect(experiment.flagKey).toBeNull();
    expect(experiment.treatments.map((t) => [t.name, t.allocationPercent])).toEqual([
      ['treatment', 50],
      ['control', 50],
    ]);
    expect(experiment.controlVariationId).toBe(experiment.treatments[0].variationId);
    expect(experiment.metrics.map((m) => [m.key, m.eventKey, m.primary])).toEqual([
      ['converted', 'converted', true],
    ]);
    expect(iteration.design.flagVariations.map((v) => [v.id, v.name])).toEqual(
      experiment.treatments.map((t) => [t.variationId, t.name]),
    );
    expect([iteration.startedAt, iteration.endedAt, iteration.status]).toEqual([
      1_000_000,
      2_000_001,
      'stopped',
    ]);
    expect(checkRecord('experiments', experiment)).toEqual([]);
    expect(checkRecord('iterations', iteration)).toEqual([]);
    const view = { flags: [], layers: [], holdouts: [], experiments: [], iterations: [] };
    expect(checkSavable(experiment, view)).toEqual([]);
  });
});

describe('quickExperimentRecords metrics', () => {
  it('keeps how each metric was aggregated when the file was read', () => {
    const draft = proposeExperiment(
      summary({ metrics: [{ source: 'purchase', kind: 'numeric', aggregation: 'sum' }] }),
    );
    const { experiment } = quickExperimentRecords(
      draft,
      { environmentKey: 'production', takenKeys: new Set() },
      testDeps(),
    );
    expect(experiment.metrics.map((m) => [m.key, m.kind, m.aggregation])).toEqual([
      ['purchase', 'numeric', 'sum'],
    ]);
  });
});

describe('rekeyArms', () => {
  it('moves every statistic to the stored arm order and keeps only the metrics kept', () => {
    const draft = proposeExperiment(summary());
    draft.metrics[1].included = false;
    const stats = (variation: number, units: number, conversions: number) => ({
      variation,
      units,
      conversions,
      sum: conversions,
      sumSquares: conversions,
    });
    const data = {
      arms: [
        { variation: 0, units: 3 },
        { variation: 1, units: 2 },
        { variation: 2, units: 9 }, // a label left out of the draft
      ],
      metrics: {
        converted: [stats(0, 3, 2), stats(1, 2, 1)],
        'Revenue (EUR)': [stats(0, 3, 5)],
      },
      exposuresByHour: [{ hourStart: 0, counts: { 0: 3, 1: 2, 2: 9 } }],
    };
    const rekeyed = rekeyArms(data, draft);
    // control (data index 1) becomes variation 0, treatment (data index 0) variation 1
    expect(rekeyed.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 3 },
    ]);
    expect({ ...rekeyed.metrics }).toEqual({ converted: [stats(0, 2, 1), stats(1, 3, 2)] });
    expect(rekeyed.exposuresByHour).toEqual([{ hourStart: 0, counts: { 0: 2, 1: 3 } }]);
  });

  it('moves the breakdowns’ cells the same way (a day of the quick path is not read under the wrong arm)', () => {
    const draft = proposeExperiment(summary());
    const stats = (variation: number, units: number, conversions: number) => ({
      variation,
      units,
      conversions,
      sum: conversions,
      sumSquares: conversions,
    });
    const cell = (value: string) => ({
      value,
      arms: [
        { variation: 0, units: 3 },
        { variation: 1, units: 2 },
      ],
      metrics: {
        converted: [stats(0, 3, 2), stats(1, 2, 1)],
        'Revenue (EUR)': [stats(0, 3, 5), stats(1, 2, 4)],
      },
    });
    const data = {
      arms: [
        { variation: 0, units: 3 },
        { variation: 1, units: 2 },
      ],
      metrics: { converted: [stats(0, 3, 2), stats(1, 2, 1)] },
      exposuresByHour: [],
      breakdowns: [
        { by: 'day' as const, cells: [cell('1772323200000')] },
        { by: 'days-since-exposure' as const, cells: [cell('0')] },
      ],
    };
    const revenueKey = draft.metrics[1].key;
    const rekeyed = rekeyArms(data, draft);
    for (const breakdown of rekeyed.breakdowns) {
      const [only] = breakdown.cells;
      expect(only.arms).toEqual([
        { variation: 0, units: 2 },
        { variation: 1, units: 3 },
      ]);
      expect({ ...only.metrics }).toEqual({
        converted: [stats(0, 2, 1), stats(1, 3, 2)],
        [revenueKey]: [stats(0, 2, 4), stats(1, 3, 5)],
      });
    }
  });
});

// Arm labels → the design's variations: proposals, assignment, and every import's `variations` option.
// Each expected value is worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  aggregateExperimentData,
  aggregateSummaryCsv,
  assignArms,
  IngestError,
  proposeArmAssignment,
} from './index.ts';
import { exposure, file, FLAG, jsonLines, PARSING_MODES, track } from './test-events.ts';
import { emptyDiagnostics, type ExperimentData, type ExperimentSpec } from './types.ts';

/** Per-label data as an import returns it: labels "Treatment" (arm 0) and "control" (arm 1). */
function perLabel(labels: string[], units: number[]): ExperimentData {
  return {
    arms: units.map((count, variation) => ({ variation, units: count })),
    metrics: {
      bought: units.map((count, variation) => ({
        variation,
        units: count,
        conversions: variation + 1,
        sum: variation + 1,
        sumSquares: variation + 1,
      })),
    },
    exposuresByHour: [
      { hourStart: 0, counts: Object.fromEntries(units.map((count, arm) => [arm, count])) },
    ],
    diagnostics: emptyDiagnostics(),
    armLabels: labels,
    armLabelKind: 'labels',
  };
}

describe('proposeArmAssignment', () => {
  it('places labels by name, case and spaces aside, whatever their order in the file', () => {
    const data = perLabel(['Treatment', ' CONTROL '], [5, 7]);
    expect(proposeArmAssignment(data, ['control', 'treatment'])).toEqual([
      { label: 'Treatment', units: 5, proposed: 1, match: 'name' },
      { label: ' CONTROL ', units: 7, proposed: 0, match: 'name' },
    ]);
  });

  it('places index labels by index when every label is an index of the design', () => {
    const data = perLabel(['0', '2', '1'], [1, 2, 3]);
    expect(proposeArmAssignment(data, ['a', 'b', 'c']).map((found) => found.proposed)).toEqual([
      0, 2, 1,
    ]);
    expect(proposeArmAssignment(data, ['a', 'b', 'c'])[0].match).toBe('index');
  });

  it('proposes labels 1..k one-based for k variations, flagged for confirmation', () => {
    const data = perLabel(['1', '2', '3'], [4, 5, 6]);
    expect(proposeArmAssignment(data, ['a', 'b', 'c'])).toEqual([
      { label: '1', units: 4, proposed: 0, match: 'one-based' },
      { label: '2', units: 5, proposed: 1, match: 'one-based' },
      { label: '3', units: 6, proposed: 2, match: 'one-based' },
    ]);
  });

  it('leaves unplaced what matches nothing: unknown names, indices beyond the design, a mix', () => {
    const names = proposeArmAssignment(perLabel(['control', 'blue'], [1, 1]), ['control', 'green']);
    expect(names.map((found) => [found.proposed, found.match])).toEqual([
      [0, 'name'],
      [null, null],
    ]);
    const beyond = proposeArmAssignment(perLabel(['0', '5'], [1, 1]), ['a', 'b']);
    expect(beyond.map((found) => found.proposed)).toEqual([null, null]);
    // "treatment" mixed with indices: the indices are not guessed (they might be the same arm).
    const mixed = proposeArmAssignment(perLabel(['0', '1', 'treatment'], [1, 1, 1]), [
      'control',
      'treatment',
    ]);
    expect(mixed.map((found) => found.proposed)).toEqual([null, null, 1]);
  });

  it('places the platform’s variation indices by index only, never by a variation named "1"', () => {
    const data = { ...perLabel(['0', '1'], [3, 4]), armLabelKind: 'indices' as const };
    expect(proposeArmAssignment(data, ['1', '2']).map((found) => found.proposed)).toEqual([0, 1]);
  });
});

describe('assignArms', () => {
  it('re-keys arms, metrics and hourly exposures onto the variations', () => {
    // Treatment (5 units, 1 conversion) → variation 1; control (7 units, 2 conversions) → 0.
    const assigned = assignArms(perLabel(['Treatment', 'control'], [5, 7]), [
      'Control',
      'Treatment',
    ]);
    expect(assigned.arms).toEqual([
      { variation: 0, units: 7 },
      { variation: 1, units: 5 },
    ]);
    expect(assigned.metrics.bought).toEqual([
      { variation: 0, units: 7, conversions: 2, sum: 2, sumSquares: 2 },
      { variation: 1, units: 5, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
    expect(assigned.exposuresByHour).toEqual([{ hourStart: 0, counts: { 0: 7, 1: 5 } }]);
    expect(assigned.armLabels).toEqual(['Control', 'Treatment']);
  });

  it('adds labels assigned to one variation and counts excluded units', () => {
    // "blue" (2 units, 1 conv) and "navy" (3 units, 2 conv) → variation 1: 5 units, 3 conversions.
    // "qa" (4 units) excluded: 4 units in skipped['arm-excluded'].
    const data = perLabel(['control', 'blue', 'navy', 'qa'], [1, 2, 3, 4]);
    const assigned = assignArms(
      data,
      ['control', 'treatment'],
      new Map<string, number | 'excluded'>([
        ['blue', 1],
        ['NAVY', 1],
        ['qa', 'excluded'],
      ]),
    );
    expect(assigned.arms).toEqual([
      { variation: 0, units: 1 },
      { variation: 1, units: 5 },
    ]);
    expect(assigned.metrics.bought[1]).toEqual({
      variation: 1,
      units: 5,
      conversions: 5,
      sum: 5,
      sumSquares: 5,
    });
    expect(assigned.diagnostics.skipped['arm-excluded']).toBe(4);
    expect(assigned.exposuresByHour[0].counts).toEqual({ 0: 1, 1: 5 });
  });

  it('refuses labels it cannot place, naming each with its units', () => {
    const data = perLabel(['control', 'blue', 'green'], [1, 2, 3]);
    let error: unknown;
    try {
      assignArms(data, ['control', 'treatment']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('unplaced-arms');
    expect((error as IngestError).message).toContain('"blue" (2 units)');
    expect((error as IngestError).message).toContain('"green" (3 units)');
  });

  it('refuses an assignment to a variation the design does not have', () => {
    const data = perLabel(['a', 'b'], [1, 1]);
    expect(() =>
      assignArms(
        data,
        ['a', 'b'],
        new Map([
          ['a', 0],
          ['b', 2],
        ]),
      ),
    ).toThrow(/Arm "b" is assigned to variation 2/);
  });
});

const spec: ExperimentSpec = {
  flagKey: FLAG,
  randomizationUnit: 'user',
  metrics: [{ key: 'bought', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' }],
};

describe.each(PARSING_MODES)('event-level CSV arms by name, $name', ({ importEvents }) => {
  // The first row is treatment's: today its data became variation 0 (the control's).
  // t1, t2: treatment, t1 buys. c1: control, no purchase.
  // → variation 0 (control): 1 unit, 0 conversions; variation 1 (treatment): 2 units, 1 conversion.
  const csv = [
    'user_id,group,event,timestamp',
    't1,treatment,,2026-01-01T10:00:00Z',
    'c1,Control ,,2026-01-01T10:01:00Z',
    't2,Treatment,,2026-01-01T10:02:00Z',
    't1,,purchase,2026-01-01T10:03:00Z',
  ].join('\n');
  const mapping = {
    unitKey: 'user_id',
    variation: 'group',
    eventKey: 'event',
    timestamp: 'timestamp',
  };

  it('keeps the labels as read (trimmed), one label per spelling case and spaces aside', async () => {
    const data = await importEvents([file(csv, 'ab.csv')], spec, mapping);
    expect(data.armLabels).toEqual(['treatment', 'Control']);
    expect(data.arms).toEqual([
      { variation: 0, units: 2 },
      { variation: 1, units: 1 },
    ]);
  });

  it('with `variations`, puts each arm on its variation by name', async () => {
    const data = await importEvents([file(csv, 'ab.csv')], spec, mapping, {
      variations: ['control', 'treatment'],
    });
    expect(data.arms).toEqual([
      { variation: 0, units: 1 },
      { variation: 1, units: 2 },
    ]);
    expect(data.metrics.bought).toEqual([
      { variation: 0, units: 1, conversions: 0, sum: 0, sumSquares: 0 },
      { variation: 1, units: 2, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
    expect(data.armLabels).toEqual(['control', 'treatment']);
  });
});

describe('Data Export JSON with `variations`', () => {
  it('places variation indices by index', async () => {
    // u1 → variation 1 and buys; u2 → variation 0. Variation 0: 1 unit 0 conv; 1: 1 unit 1 conv.
    const records = [
      exposure('u1', 1, 1000),
      exposure('u2', 0, 1000),
      track('u1', 'purchase', 2000),
    ];
    const data = await aggregateExperimentData(
      [file(jsonLines(records), 'e.jsonl')],
      spec,
      undefined,
      undefined,
      { variations: ['old', 'new'] },
    );
    expect(data.metrics.bought).toEqual([
      { variation: 0, units: 1, conversions: 0, sum: 0, sumSquares: 0 },
      { variation: 1, units: 1, conversions: 1, sum: 1, sumSquares: 1 },
    ]);
    expect(data.armLabels).toEqual(['old', 'new']);
  });
});

describe('summary CSV with one-based arm numbers', () => {
  it('maps arms 1/2/3 onto variations 0..2 of a three-variation design', async () => {
    const csv = ['arm,units,conversions', '1,10,1', '2,20,2', '3,30,3'].join('\n');
    const data = await aggregateSummaryCsv([file(csv, 's.csv')], spec, {
      variations: ['a', 'b', 'c'],
    });
    expect(data.metrics.bought.map((arm) => [arm.variation, arm.units])).toEqual([
      [0, 10],
      [1, 20],
      [2, 30],
    ]);
  });
});

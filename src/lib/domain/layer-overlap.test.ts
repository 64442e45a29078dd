import { describe, expect, it } from 'vitest';
import { layerMembers, layerOverlaps, type LayerMember } from './layer-overlap.ts';
import { trackedRanges } from '../bucketing/ranges.ts';
import { buildScenario } from './test-builders.ts';
import type { Experiment, Rollout } from './types.ts';

/** An experiment rollout with seed 77 tracking [from, to) (weights out of 100000). */
function reserving(from: number, to: number, seed = 77): Rollout {
  const variations = [
    { variation: 0, weight: from, untracked: true },
    { variation: 0, weight: (to - from) / 2 },
    { variation: 1, weight: (to - from) / 2 },
    { variation: 0, weight: 100_000 - to, untracked: true },
  ].filter((slice) => slice.weight > 0);
  return { kind: 'experiment', seed, variations };
}

const member = (key: string, rollout: Rollout): LayerMember => ({
  experimentKey: key,
  hashPrefix: String(rollout.seed),
  rollout,
});

describe('layer reservations in bucket space', () => {
  it('merges adjacent tracked slices into ranges; the last slice takes the tail', () => {
    expect(trackedRanges(reserving(20_000, 50_000))).toEqual([[0.2, 0.5]]);
    expect(
      trackedRanges({
        kind: 'experiment',
        variations: [
          { variation: 0, weight: 40_000 },
          { variation: 1, weight: 40_000 },
        ],
      }),
    ).toEqual([[0, 1]]);
  });

  it('finds two overlapping reservations of one layer, and only those', () => {
    const result = layerOverlaps([
      member('a', reserving(0, 30_000)),
      member('b', reserving(20_000, 50_000)),
      member('c', reserving(50_000, 70_000)),
    ]);
    expect(result.overlaps).toEqual([{ experimentKeys: ['a', 'b'], ranges: [[0.2, 0.3]] }]);
    expect(result.notComparable).toEqual([]);
  });

  it('cannot compare experiments hashed with different seeds', () => {
    const result = layerOverlaps([
      member('a', reserving(0, 30_000)),
      member('b', reserving(50_000, 70_000, 78)),
    ]);
    expect(result).toEqual({ overlaps: [], notComparable: [['a', 'b']] });
  });

  it("collects the layer's experiments whose flag rollout the workspace knows, the experiment first", () => {
    const { flag, experiment } = buildScenario();
    flag.environments.production.fallthrough = { rollout: reserving(0, 30_000) };
    const other: Experiment = {
      ...experiment,
      id: 'other',
      key: 'other',
      audienceRuleId: 'rule-canada',
      layer: { layerKey: 'checkout-layer', reservationPercent: 30 },
    };
    flag.environments.production.rules[0].serve = { rollout: reserving(20_000, 50_000) };
    const first: Experiment = {
      ...experiment,
      layer: { layerKey: 'checkout-layer', reservationPercent: 30 },
    };
    const members = layerMembers(first, 'production', [other, first], [flag]);
    expect(members.map((m) => [m.experimentKey, m.hashPrefix])).toEqual([
      ['green-button', '77'],
      ['other', '77'],
    ]);
    expect(layerOverlaps(members).overlaps[0].ranges).toEqual([[0.2, 0.3]]);
  });
});

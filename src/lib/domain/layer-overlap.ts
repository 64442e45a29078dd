// Exclusion layers in bucket space (docs/assignment-audit.md#layers): experiments of one layer share
// the hash (the layer's experiments use one seed), so each experiment's tracked part of bucket space —
// its reservation — must not overlap another's. Two experiments hashed differently cannot be compared
// this way: their units are independent draws, and the layer cannot keep them apart.
import { bucketPrefix } from '../bucketing/bucket.ts';
import { overlapOf, trackedRanges, type BucketRange } from '../bucketing/ranges.ts';
import { assignmentSource } from './assignment-source.ts';
import type { Experiment, Flag, Rollout } from './types.ts';

export type LayerMember = { experimentKey: string; hashPrefix: string; rollout: Rollout };

export type LayerOverlaps = {
  /** Pairs hashed alike whose tracked ranges overlap, with the overlap. */
  overlaps: { experimentKeys: [string, string]; ranges: BucketRange[] }[];
  /** Pairs hashed differently (another seed or salt): not kept apart by bucket space. */
  notComparable: [string, string][];
};

export function layerOverlaps(members: readonly LayerMember[]): LayerOverlaps {
  const result: LayerOverlaps = { overlaps: [], notComparable: [] };
  members.forEach((a, i) => {
    for (const b of members.slice(i + 1)) {
      const keys: [string, string] = [a.experimentKey, b.experimentKey];
      if (a.hashPrefix !== b.hashPrefix) {
        result.notComparable.push(keys);
        continue;
      }
      const ranges = overlapOf(trackedRanges(a.rollout), trackedRanges(b.rollout));
      if (ranges.length > 0) result.overlaps.push({ experimentKeys: keys, ranges });
    }
  });
  return result;
}

/**
 * The experiments of `experiment`'s layer in one environment whose flag rollout the workspace knows
 * (the experiment itself first), as layer members.
 */
export function layerMembers(
  experiment: Pick<Experiment, 'key' | 'layer'>,
  environmentKey: string,
  experiments: readonly Experiment[],
  flags: readonly Flag[],
): LayerMember[] {
  const layerKey = experiment.layer?.layerKey;
  if (!layerKey) return [];
  const inLayer = experiments
    .filter((e) => e.layer?.layerKey === layerKey && e.environmentKey === environmentKey)
    .sort((a, b) => (a.key === experiment.key ? -1 : b.key === experiment.key ? 1 : 0));
  const members: LayerMember[] = [];
  for (const e of inLayer) {
    const flag = flags.find((f) => f.key === e.flagKey);
    const source = assignmentSource(
      { environmentKey, flagKey: e.flagKey, design: { ...e, flagVariations: [] } },
      flag,
    );
    if (!source.ok || !flag) continue;
    members.push({
      experimentKey: e.key,
      hashPrefix: bucketPrefix(flag.key, source.value.salt, source.value.rollout.seed),
      rollout: source.value.rollout,
    });
  }
  return members;
}

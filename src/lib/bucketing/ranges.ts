// The parts of bucket space [0, 1) a rollout puts in its experiment, and where two such sets overlap.
// Experiments in one exclusion layer share the hash (one seed), so each must track a part of bucket space
// no other experiment of the layer tracks.
import type { BucketRollout } from './bucket.ts';

const TOTAL_WEIGHT = 100_000;

/** [from, to) in bucket space. */
export type BucketRange = readonly [number, number];

/** The bucket ranges of the rollout's tracked slices (adjacent ones merged), in weight units out of 100000 / 100000. */
export function trackedRanges(rollout: BucketRollout): BucketRange[] {
  const ranges: [number, number][] = [];
  let cumulative = 0;
  rollout.variations.forEach((slice, index) => {
    const from = cumulative;
    cumulative += slice.weight;
    // The last slice takes the tail too (see sliceForBucket).
    const to = index === rollout.variations.length - 1 ? TOTAL_WEIGHT : cumulative;
    if (slice.untracked === true || to <= from) return;
    const last = ranges.at(-1);
    if (last && last[1] === from / TOTAL_WEIGHT) last[1] = to / TOTAL_WEIGHT;
    else ranges.push([from / TOTAL_WEIGHT, to / TOTAL_WEIGHT]);
  });
  return ranges;
}

/** Where two sets of ranges overlap. */
export function overlapOf(a: readonly BucketRange[], b: readonly BucketRange[]): BucketRange[] {
  const out: BucketRange[] = [];
  for (const [aFrom, aTo] of a)
    for (const [bFrom, bTo] of b) {
      const from = Math.max(aFrom, bFrom);
      const to = Math.min(aTo, bTo);
      if (to > from) out.push([from, to]);
    }
  return out.sort((x, y) => x[0] - y[0]);
}

export function inRanges(ranges: readonly BucketRange[], bucket: number): boolean {
  for (const [from, to] of ranges) if (bucket >= from && bucket < to) return true;
  return false;
}

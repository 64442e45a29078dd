// How the platform's SDKs assign a unit to an arm (docs/design-model.md, bucketing). Pure arithmetic on
// a hash, with no design records: the design model and the importer's assignment audit both use it.

import { sha1Hex } from './sha1.ts';

// 15 hex digits, 2^60 - 1: not exact as a double, but the SDKs divide by this same double.
export const BUCKET_SCALE = 2 ** 60 - 1;
const TOTAL_WEIGHT = 100_000;
const BUCKET_SCALE_32 = Math.fround(BUCKET_SCALE);

/** One slice of a rollout; weights are integers out of 100000. */
export type BucketSlice = { variation: number; weight: number; untracked?: boolean };

/** What bucketing needs of a rollout (the design model's Rollout has this shape). */
export type BucketRollout = {
  kind: 'rollout' | 'experiment';
  /** Part of the hash input (bucketPrefix), not of the walk. */
  seed?: number | null;
  variations: readonly BucketSlice[];
};

/** The hash input: "seed.unitKey" when the rollout has a seed, else "flagKey.salt.unitKey". */
export function bucketInput(
  flagKey: string,
  salt: string,
  seed: number | null | undefined,
  unitKey: string,
): string {
  return `${bucketPrefix(flagKey, salt, seed)}.${unitKey}`;
}

/** What comes before ".unitKey" in the hash input. */
export function bucketPrefix(
  flagKey: string,
  salt: string,
  seed: number | null | undefined,
): string {
  return seed === null || seed === undefined ? `${flagKey}.${salt}` : String(seed);
}

/** The unit's bucket in [0, 1). */
export function bucket(
  flagKey: string,
  salt: string,
  seed: number | null | undefined,
  unitKey: string,
): number {
  const hex = sha1Hex(bucketInput(flagKey, salt, seed, unitKey)).slice(0, 15);
  return parseInt(hex, 16) / BUCKET_SCALE;
}

/**
 * The bucket as the SDKs that compute in 32-bit floats have it (Go, Java, .NET): the 60-bit hash value
 * and the scale rounded to float32, their quotient rounded to float32. `hash60` is the hash value as a
 * double (already rounded to 53 bits; rounding it again to 24 bits differs from one rounding only at
 * an exact float32 tie, about once in 2^29 keys).
 */
export function bucket32(hash60: number): number {
  return Math.fround(Math.fround(hash60) / BUCKET_SCALE_32);
}

export type BucketAssignment = { variation: number; inExperiment: boolean };

function checkRollout(rollout: BucketRollout): void {
  if (rollout.variations.length === 0)
    throw new RangeError('variationForBucket: the rollout has no variations');
}

/**
 * Walks the rollout's weighted variations and takes the first whose cumulative weight exceeds the
 * bucket. Weights that fall short of 100000 leave the tail to the last variation, as the SDKs do.
 * Only an experiment rollout's tracked variations count as experiment exposures.
 */
export function variationForBucket(rollout: BucketRollout, bucketValue: number): BucketAssignment {
  checkRollout(rollout);
  return assignment(rollout, sliceForBucket(rollout, bucketValue));
}

/** The same walk with the cumulative weights summed in float32, as the 32-bit SDKs do. */
export function variationForBucket32(
  rollout: BucketRollout,
  bucketValue: number,
): BucketAssignment {
  checkRollout(rollout);
  return assignment(rollout, sliceForBucket32(rollout, bucketValue));
}

/** The index of the rollout slice the bucket falls in (float64 arithmetic). */
export function sliceForBucket(rollout: BucketRollout, bucketValue: number): number {
  const slices = rollout.variations;
  let cumulative = 0;
  for (let i = 0; i < slices.length; i++) {
    cumulative += slices[i].weight / TOTAL_WEIGHT;
    if (bucketValue < cumulative) return i;
  }
  return slices.length - 1;
}

/** The index of the rollout slice the bucket falls in (float32 arithmetic). */
export function sliceForBucket32(rollout: BucketRollout, bucketValue: number): number {
  const slices = rollout.variations;
  let cumulative = 0;
  for (let i = 0; i < slices.length; i++) {
    cumulative = Math.fround(cumulative + Math.fround(slices[i].weight / TOTAL_WEIGHT));
    if (bucketValue < cumulative) return i;
  }
  return slices.length - 1;
}

function assignment(rollout: BucketRollout, slice: number): BucketAssignment {
  const chosen = rollout.variations[slice];
  return {
    variation: chosen.variation,
    inExperiment: rollout.kind === 'experiment' && chosen.untracked !== true,
  };
}

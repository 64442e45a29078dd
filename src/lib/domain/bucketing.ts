// How the platform's SDKs assign a unit to an arm (docs/design-model.md, bucketing).

import { sha1Hex } from './sha1.ts';
import type { Rollout } from './types.ts';

// 15 hex digits, 2^60 - 1: not exact as a double, but the SDKs divide by this same double.
const LONG_SCALE = 2 ** 60 - 1;
const TOTAL_WEIGHT = 100_000;

/** The hash input: "seed.unitKey" when the rollout has a seed, else "flagKey.salt.unitKey". */
export function bucketInput(
  flagKey: string,
  salt: string,
  seed: number | null | undefined,
  unitKey: string,
): string {
  const prefix = seed === null || seed === undefined ? `${flagKey}.${salt}` : String(seed);
  return `${prefix}.${unitKey}`;
}

/** The unit's bucket in [0, 1). */
export function bucket(
  flagKey: string,
  salt: string,
  seed: number | null | undefined,
  unitKey: string,
): number {
  const hex = sha1Hex(bucketInput(flagKey, salt, seed, unitKey)).slice(0, 15);
  return parseInt(hex, 16) / LONG_SCALE;
}

export type BucketAssignment = { variation: number; inExperiment: boolean };

/**
 * Walks the rollout's weighted variations and takes the first whose cumulative weight exceeds the
 * bucket. Weights that fall short of 100000 leave the tail to the last variation, as the SDKs do.
 * Only an experiment rollout's tracked variations count as experiment exposures.
 */
export function variationForBucket(rollout: Rollout, bucketValue: number): BucketAssignment {
  if (rollout.variations.length === 0)
    throw new RangeError('variationForBucket: the rollout has no variations');
  let cumulative = 0;
  let chosen = rollout.variations[rollout.variations.length - 1];
  for (const weighted of rollout.variations) {
    cumulative += weighted.weight / TOTAL_WEIGHT;
    if (bucketValue < cumulative) {
      chosen = weighted;
      break;
    }
  }
  return {
    variation: chosen.variation,
    inExperiment: rollout.kind === 'experiment' && chosen.untracked !== true,
  };
}

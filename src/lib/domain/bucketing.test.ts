import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bucket, bucketInput, variationForBucket } from './bucketing.ts';
import type { Rollout } from './types.ts';
import reference from './bucketing.reference.json' with { type: 'json' };

type ConformanceCase = {
  flagKey: string;
  salt: string;
  seed: number | null;
  unitKey: string;
  hashInput: string;
  bucket: number;
};
type SelectionRow = {
  flagOrSegmentKey: string;
  salt: string;
  value: string;
  seed: number | null;
  bucket: number;
  expectedVariation: number;
  expectedInExperiment: boolean;
};
const conformance = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/platform/bucketing.json', import.meta.url), 'utf8'),
) as {
  cases: ConformanceCase[];
  variationSelection: {
    name: string;
    rollout: { kind: 'rollout' | 'experiment'; variations: Rollout['variations'] };
    rows: SelectionRow[];
  }[];
};

describe('bucket', () => {
  it.each(conformance.cases)('SDK conformance: $hashInput → $bucket', (c) => {
    expect(bucketInput(c.flagKey, c.salt, c.seed, c.unitKey)).toBe(c.hashInput);
    expect(bucket(c.flagKey, c.salt, c.seed, c.unitKey)).toBeCloseTo(c.bucket, 15);
  });

  it.each(reference.cases)('hashlib reference: $hashInput', (c) => {
    expect(bucketInput(c.flagKey, c.salt, c.seed, c.unitKey)).toBe(c.hashInput);
    expect(bucket(c.flagKey, c.salt, c.seed, c.unitKey)).toBeCloseTo(c.bucket, 15);
  });

  it('treats seed 0 as a seed, not as "no seed"', () => {
    expect(bucketInput('f', 's', 0, 'u')).toBe('0.u');
  });
});

describe('variationForBucket', () => {
  for (const group of conformance.variationSelection) {
    const rollout: Rollout = {
      kind: group.rollout.kind,
      seed: null,
      variations: group.rollout.variations,
    };
    it.each(group.rows)(`${group.name}: $value (seed $seed)`, (row) => {
      const value = bucket(row.flagOrSegmentKey, row.salt, row.seed, row.value);
      expect(value).toBeCloseTo(row.bucket, 15);
      expect(variationForBucket(rollout, value)).toEqual({
        variation: row.expectedVariation,
        inExperiment: row.expectedInExperiment,
      });
    });
  }

  const experiment: Rollout = {
    kind: 'experiment',
    seed: 12345,
    variations: [
      { variation: 0, weight: 75000 },
      { variation: 1, weight: 25000, untracked: true },
    ],
  };

  it('takes the first variation whose cumulative weight exceeds the bucket (boundary belongs to the next)', () => {
    expect(variationForBucket(experiment, 0)).toEqual({ variation: 0, inExperiment: true });
    expect(variationForBucket(experiment, 0.7499999)).toEqual({ variation: 0, inExperiment: true });
    expect(variationForBucket(experiment, 0.75)).toEqual({ variation: 1, inExperiment: false });
  });

  it('gives the tail to the last variation when weights fall short of 100000', () => {
    const short: Rollout = {
      kind: 'rollout',
      seed: null,
      variations: [
        { variation: 2, weight: 10000 },
        { variation: 1, weight: 10000 },
      ],
    };
    expect(variationForBucket(short, 0.99)).toEqual({ variation: 1, inExperiment: false });
  });

  it('refuses an empty rollout with a clear error', () => {
    expect(() => variationForBucket({ kind: 'rollout', seed: null, variations: [] }, 0.5)).toThrow(
      /no variations/,
    );
  });
});

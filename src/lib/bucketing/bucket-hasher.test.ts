import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bucketPrefix } from './bucket.ts';
import { BucketHasher } from './bucket-hasher.ts';

type ConformanceCase = {
  flagKey: string;
  salt: string;
  seed: number | null;
  unitKey: string;
  bucket: number;
};
const conformance = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/platform/bucketing.json', import.meta.url), 'utf8'),
) as { cases: ConformanceCase[] };

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The bucket computed independently: Node's SHA-1, the first 15 hex digits as a BigInt. */
function nodeBucket(input: string): number {
  const hex = createHash('sha1').update(input, 'utf8').digest('hex').slice(0, 15);
  return Number(BigInt(`0x${hex}`)) / (2 ** 60 - 1);
}

describe('BucketHasher', () => {
  it.each(conformance.cases)('SDK conformance: $flagKey $seed $unitKey → $bucket', (c) => {
    const hasher = new BucketHasher(`${bucketPrefix(c.flagKey, c.salt, c.seed)}.`);
    const key = utf8(`xx${c.unitKey}yy`);
    expect(hasher.bucketOf(key, 2, key.length - 2)).toBeCloseTo(c.bucket, 15);
  });

  it("equals Node's SHA-1 for keys of every length around the padding boundaries, one hasher reused", () => {
    const hasher = new BucketHasher('flag.salt.');
    for (let length = 0; length <= 300; length++) {
      const key = 'k'.repeat(length);
      const bytes = utf8(key);
      expect(hasher.bucketOf(bytes, 0, bytes.length), `length ${length}`).toBe(
        nodeBucket(`flag.salt.${key}`),
      );
    }
  });

  it('hashes non-ASCII keys by their UTF-8 bytes and long prefixes', () => {
    const prefix = `${'p'.repeat(70)}.`;
    const hasher = new BucketHasher(prefix);
    for (const key of ['über-nutzer-ß', 'unit-😀', '中文键']) {
      const bytes = utf8(key);
      expect(hasher.bucketOf(bytes, 0, bytes.length)).toBe(nodeBucket(prefix + key));
    }
  });
});

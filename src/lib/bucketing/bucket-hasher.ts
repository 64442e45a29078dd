// The bucket of many unit keys under one hash prefix, straight from the UTF-8 bytes of each key (as the
// importer's scanner finds them): no string and no array is made per key. Only the first 60 bits of
// the SHA-1 digest are kept (all a bucket needs).
import { BUCKET_SCALE } from './bucket.ts';
import { sha1Digest, sha1PaddedLength, writeSha1Padding } from './sha1.ts';

const encoder = new TextEncoder();
const TWO_28 = 2 ** 28;

export class BucketHasher {
  /** The hash input being built: the prefix, then each key in turn, then SHA-1's padding. */
  private message: Uint8Array;
  private readonly prefixLength: number;
  private readonly w = new Int32Array(80);
  private readonly state = new Int32Array(5);
  /** The first 60 bits of the last digest, as a double (rounded to 53 bits, as parseInt would). */
  hash60 = 0;

  /** `prefix`: what comes before the unit key, "seed." or "flagKey.salt." (see bucketPrefix). */
  constructor(prefix: string) {
    const bytes = encoder.encode(prefix);
    this.prefixLength = bytes.length;
    this.message = new Uint8Array(Math.max(256, bytes.length * 2 + 128));
    this.message.set(bytes);
  }

  /** The bucket in [0, 1) of the key written in bytes[start, end). */
  bucketOf(bytes: Uint8Array, start: number, end: number): number {
    const length = this.prefixLength + (end - start);
    const padded = sha1PaddedLength(length);
    if (padded > this.message.length) {
      const bigger = new Uint8Array(padded * 2);
      bigger.set(this.message.subarray(0, this.prefixLength));
      this.message = bigger;
    }
    const message = this.message;
    let at = this.prefixLength;
    for (let i = start; i < end; i++) message[at++] = bytes[i];
    writeSha1Padding(message, length);
    sha1Digest(message, padded, this.w, this.state);
    // The first 15 hex digits: the 32 bits of h0 and the high 28 of h1. h0 · 2^28 is exact; adding the
    // 28 bits rounds once to the nearest double, as parseInt of the 15 digits does.
    this.hash60 = (this.state[0] >>> 0) * TWO_28 + (this.state[1] >>> 4);
    return this.hash60 / BUCKET_SCALE;
  }
}

// The bucket of many unit keys under one hash prefix, straight from the UTF-8 bytes of each key (as the
// importer's scanner finds them): no string and no array is made per key. SHA-1 as in sha1.ts, but
// only the first 60 bits of the digest are kept (all a bucket needs).
import { BUCKET_SCALE } from './bucket.ts';

const encoder = new TextEncoder();
const TWO_28 = 2 ** 28;

export class BucketHasher {
  /** The hash input being built: the prefix, then each key in turn, then SHA-1's padding. */
  private message: Uint8Array;
  private readonly prefixLength: number;
  private readonly w = new Int32Array(80);
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
    const padded = (((length + 9 + 63) / 64) | 0) * 64;
    if (padded > this.message.length) {
      const bigger = new Uint8Array(padded * 2);
      bigger.set(this.message.subarray(0, this.prefixLength));
      this.message = bigger;
    }
    const message = this.message;
    let at = this.prefixLength;
    for (let i = start; i < end; i++) message[at++] = bytes[i];
    message[at++] = 0x80;
    while (at < padded - 4) message[at++] = 0;
    const bits = length * 8; // keys are far below 2^29 bytes: the high length word is 0
    message[at++] = bits >>> 24;
    message[at++] = (bits >>> 16) & 0xff;
    message[at++] = (bits >>> 8) & 0xff;
    message[at] = bits & 0xff;
    return this.digest(padded);
  }

  private digest(padded: number): number {
    const message = this.message;
    const w = this.w;
    let h0 = 0x67452301;
    let h1 = 0xefcdab89 | 0;
    let h2 = 0x98badcfe | 0;
    let h3 = 0x10325476;
    let h4 = 0xc3d2e1f0 | 0;
    for (let offset = 0; offset < padded; offset += 64) {
      for (let t = 0; t < 16; t++) {
        const p = offset + t * 4;
        w[t] = (message[p] << 24) | (message[p + 1] << 16) | (message[p + 2] << 8) | message[p + 3];
      }
      for (let t = 16; t < 80; t++) {
        const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
        w[t] = (x << 1) | (x >>> 31);
      }
      let a = h0;
      let b = h1;
      let c = h2;
      let d = h3;
      let e = h4;
      let t = 0;
      for (; t < 20; t++) {
        const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]) | 0;
        e = d;
        d = c;
        c = (b << 30) | (b >>> 2);
        b = a;
        a = temp;
      }
      for (; t < 40; t++) {
        const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]) | 0;
        e = d;
        d = c;
        c = (b << 30) | (b >>> 2);
        b = a;
        a = temp;
      }
      for (; t < 60; t++) {
        const temp =
          (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[t]) | 0;
        e = d;
        d = c;
        c = (b << 30) | (b >>> 2);
        b = a;
        a = temp;
      }
      for (; t < 80; t++) {
        const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[t]) | 0;
        e = d;
        d = c;
        c = (b << 30) | (b >>> 2);
        b = a;
        a = temp;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + b) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
    }
    // The first 15 hex digits: the 32 bits of h0 and the high 28 of h1. h0 · 2^28 is exact; adding the
    // 28 bits rounds once to the nearest double, as parseInt of the 15 digits does.
    this.hash60 = (h0 >>> 0) * TWO_28 + (h1 >>> 4);
    return this.hash60 / BUCKET_SCALE;
  }
}

// A small synchronous SHA-1 (FIPS 180-4). WebCrypto's digest is async, and bucketing is called per
// unit inside tight loops, so the hash has to be synchronous. Used for bucketing only, not security.

const encoder = new TextEncoder();

/** SHA-1 of the UTF-8 bytes of `text`, as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  return sha1HexOfBytes(encoder.encode(text));
}

export function sha1HexOfBytes(bytes: Uint8Array): string {
  const paddedLength = sha1PaddedLength(bytes.length);
  const padded = new Uint8Array(paddedLength);
  padded.set(bytes);
  writeSha1Padding(padded, bytes.length);
  const state = new Int32Array(5);
  sha1Digest(padded, paddedLength, new Int32Array(80), state);
  return [...state].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/** Message + 0x80 + zero padding + 64-bit length: the next multiple of 64 bytes. */
export function sha1PaddedLength(length: number): number {
  return Math.ceil((length + 9) / 64) * 64;
}

/**
 * Writes SHA-1's padding after `length` message bytes of `message`, up to sha1PaddedLength(length).
 * Messages here are far below 2^29 bytes, so the high word of the bit length is 0.
 */
export function writeSha1Padding(message: Uint8Array, length: number): void {
  const padded = sha1PaddedLength(length);
  let at = length;
  message[at++] = 0x80;
  while (at < padded - 4) message[at++] = 0;
  const bits = length * 8;
  message[at++] = bits >>> 24;
  message[at++] = (bits >>> 16) & 0xff;
  message[at++] = (bits >>> 8) & 0xff;
  message[at] = bits & 0xff;
}

/**
 * SHA-1 over the first `padded` bytes of an already padded `message`, into `state` (h0…h4 as signed
 * 32-bit words). `w` is an 80-word scratch array, passed in so a hot loop allocates nothing; the
 * rounds are written out per quarter because a branch per round costs the bucketing loop.
 */
export function sha1Digest(
  message: Uint8Array,
  padded: number,
  w: Int32Array,
  state: Int32Array,
): void {
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
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
}

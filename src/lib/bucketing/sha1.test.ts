import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex, sha1HexOfBytes } from './sha1.ts';

const nodeSha1 = (input: string | Uint8Array) => createHash('sha1').update(input).digest('hex');

describe('sha1Hex', () => {
  it('matches the FIPS 180 test vectors', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
  });

  it("matches Node's crypto around every padding boundary", () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'x'.repeat(length);
      expect(sha1Hex(text), `length ${length}`).toBe(nodeSha1(text));
    }
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    for (const text of ['über-nutzer-ß', 'unit-😀', '中文键', 'a\u0000b']) {
      expect(sha1Hex(text)).toBe(nodeSha1(Buffer.from(text, 'utf8')));
    }
  });

  it('hashes arbitrary bytes', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 131 + 7) % 256);
    expect(sha1HexOfBytes(bytes)).toBe(nodeSha1(bytes));
  });
});

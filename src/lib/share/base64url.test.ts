import { describe, expect, test } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.ts';

// Node's own base64url codec is the independent reference.
const samples = [0, 1, 2, 3, 4, 5, 31, 32, 33, 255, 256, 1000].map((length) =>
  Uint8Array.from({ length }, (_, i) => (i * 73 + length * 11) & 0xff),
);

describe('base64url', () => {
  test.each(samples.map((bytes) => [bytes.length, bytes] as const))(
    'encodes %i bytes like Node',
    (_, bytes) => {
      expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    },
  );

  test.each(samples.map((bytes) => [bytes.length, bytes] as const))(
    'decodes %i bytes back',
    (_, bytes) => {
      expect(decodeBase64url(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    },
  );

  test('refuses characters outside the alphabet, padding and impossible lengths', () => {
    expect(decodeBase64url('ab+c')).toBeNull();
    expect(decodeBase64url('ab/c')).toBeNull();
    expect(decodeBase64url('abc=')).toBeNull();
    expect(decodeBase64url('abcde')).toBeNull();
    expect(decodeBase64url('ab c')).toBeNull();
  });

  test('refuses a last character whose unused bits are set (one spelling per byte string)', () => {
    expect(decodeBase64url('AQ')).toEqual(Uint8Array.of(1));
    expect(decodeBase64url('AR')).toBeNull();
  });
});

import { expect, test } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from './crc32.ts';

test('matches the published check value of CRC-32/ISO-HDLC', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
});

test('matches zlib on assorted inputs', () => {
  for (const length of [0, 1, 7, 64, 1000]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  }
});

import { describe, expect, test } from 'vitest';
import { crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.ts';
import { SnapshotError, type SnapshotErrorCode } from './snapshot-error.ts';
import { SNAPSHOT_LIMITS } from './snapshot-limits.ts';
import { testSnapshot } from './test-snapshot.ts';

/** A token built with Node's zlib, independently of the codec: CRC-32 (big-endian) ‖ deflate-raw(bytes). */
function tokenOf(content: string | Uint8Array, prefix = 'v1.'): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(zlibCrc32(bytes));
  return prefix + Buffer.concat([checksum, deflateRawSync(bytes)]).toString('base64url');
}

async function errorOf(token: string): Promise<SnapshotError> {
  const result = await decodeSnapshot(token);
  if (result.ok) throw new Error('expected the token to be refused');
  expect(result.error).toBeInstanceOf(SnapshotError);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error;
}

async function expectCode(token: string, code: SnapshotErrorCode): Promise<SnapshotError> {
  const error = await errorOf(token);
  expect(error.code).toBe(code);
  return error;
}

describe('round trip', () => {
  test('decoding an encoded snapshot gives it back unchanged', async () => {
    const token = await encodeSnapshot(testSnapshot());
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(await decodeSnapshot(token)).toEqual({ ok: true, value: testSnapshot() });
  });

  test('the token is the documented layout: Node zlib reads it', async () => {
    const payload = Buffer.from((await encodeSnapshot(testSnapshot())).slice(3), 'base64url');
    const json = inflateRawSync(payload.subarray(4));
    expect(payload.readUInt32BE(0)).toBe(zlibCrc32(json));
    expect(JSON.parse(json.toString('utf8'))).toEqual(testSnapshot());
  });

  test('a token written by another deflate implementation decodes', async () => {
    expect(await decodeSnapshot(tokenOf(JSON.stringify(testSnapshot())))).toEqual({
      ok: true,
      value: testSnapshot(),
    });
  });

  test('text of every script survives, including emoji and markup-like names', async () => {
    const snapshot = testSnapshot();
    snapshot.design.name = 'Тест 実験 🧪 <img src=x onerror=alert(1)> "quoted" | pipe';
    snapshot.design.arms[1].name = '{{7*7}} javascript:alert(1)';
    const result = await decodeSnapshot(await encodeSnapshot(snapshot));
    expect(result.ok && result.value.design.name).toBe(snapshot.design.name);
    expect(result.ok && result.value.design.arms[1].name).toBe(snapshot.design.arms[1].name);
  });

  test('the link stays short for a typical experiment', async () => {
    expect((await encodeSnapshot(testSnapshot())).length).toBeLessThan(1200);
  });

  test('fields the format does not define are dropped', async () => {
    const withExtras = JSON.stringify({
      ...testSnapshot(),
      rawEvents: [{ userKey: 'secret-user' }],
    }).replace('"design":{', '"design":{"__proto__":{"polluted":true},');
    expect(withExtras).toContain('"__proto__"');
    const result = await decodeSnapshot(tokenOf(withExtras));
    expect(result).toEqual({ ok: true, value: testSnapshot() });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('refused tokens', () => {
  test('an empty fragment', async () => {
    await expectCode('', 'missing');
    await expectCode('   ', 'missing');
  });

  test('something that is not a snapshot token at all', async () => {
    await expectCode('hello', 'bad-encoding');
    await expectCode('v1.abc$def', 'bad-encoding');
    await expectCode('v1.abc=', 'bad-encoding');
  });

  test('another format version, in the prefix or inside', async () => {
    const error = await expectCode(
      `v2.${(await encodeSnapshot(testSnapshot())).slice(3)}`,
      'unsupported-version',
    );
    expect(error.message).toContain('version 2');
    await expectCode(
      tokenOf(JSON.stringify({ ...testSnapshot(), formatVersion: 2 })),
      'unsupported-version',
    );
    await expectCode(
      tokenOf(JSON.stringify({ ...testSnapshot(), formatVersion: '1' })),
      'unsupported-version',
    );
  });

  test('every truncation', async () => {
    const token = await encodeSnapshot(testSnapshot());
    for (let length = 3; length < token.length; length++) {
      const error = await errorOf(token.slice(0, length));
      expect(['missing', 'bad-encoding', 'corrupt']).toContain(error.code);
    }
  });

  test('every single-character change is refused or decodes to the very same snapshot', async () => {
    const token = await encodeSnapshot(testSnapshot());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let refused = 0;
    for (let i = 3; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]) + 1 + (i % 63)) % 64];
      const result = await decodeSnapshot(token.slice(0, i) + replacement + token.slice(i + 1));
      if (result.ok) expect(result.value).toEqual(testSnapshot());
      else refused++;
    }
    // Only the padding bits after deflate's end-of-block marker can change without effect.
    expect(refused).toBeGreaterThanOrEqual(token.length - 3 - 2);
  });

  test('every single bit flipped in the payload', async () => {
    const payload = Buffer.from((await encodeSnapshot(testSnapshot())).slice(3), 'base64url');
    for (let bit = 0; bit < payload.length * 8; bit += 5) {
      const flipped = Buffer.from(payload);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      const result = await decodeSnapshot(`v1.${flipped.toString('base64url')}`);
      if (result.ok) expect(result.value).toEqual(testSnapshot());
    }
  });

  test('a wrong checksum, though the data inflates', async () => {
    const payload = Buffer.from(tokenOf(JSON.stringify(testSnapshot())).slice(3), 'base64url');
    payload[0] ^= 0x01;
    await expectCode(`v1.${payload.toString('base64url')}`, 'corrupt');
  });

  test('content that is not JSON, or not UTF-8', async () => {
    await expectCode(tokenOf('{"formatVersion": 1, "design": '), 'bad-json');
    await expectCode(tokenOf(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)), 'bad-json');
  });

  test('JSON that is not an object', async () => {
    const error = await expectCode(tokenOf('[1,2,3]'), 'invalid-content');
    expect(error.field).toBe('snapshot');
  });

  test('an encoded token over the size cap, before any work is done', async () => {
    await expectCode(`v1.${'A'.repeat(SNAPSHOT_LIMITS.maxEncodedChars + 4)}`, 'too-large');
  });

  test('a decompression bomb: a small token that inflates past the cap', async () => {
    const bomb = Buffer.alloc(SNAPSHOT_LIMITS.maxJsonBytes * 8, 0x20);
    const token = tokenOf(bomb);
    expect(token.length).toBeLessThan(SNAPSHOT_LIMITS.maxEncodedChars);
    await expectCode(token, 'too-large');
  });

  test('a snapshot too large to share is refused when encoding', async () => {
    const snapshot = testSnapshot();
    snapshot.srmLooks = Array.from({ length: SNAPSHOT_LIMITS.maxLooks + 1 }, (_, i) => ({
      at: i,
      units: [i, i],
    }));
    await expect(encodeSnapshot(snapshot)).rejects.toThrow(SnapshotError);
  });
});

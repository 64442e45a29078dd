// Snapshot ⇄ URL-safe token: "v1." + base64url( CRC-32 of the JSON (4 bytes, big-endian) ‖ deflate-raw(JSON) ).
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { crc32 } from './crc32.ts';
import { deflateRaw, inflateRaw, InflatedTooLargeError } from './deflate.ts';
import { SnapshotError, type SnapshotResult } from './snapshot-error.ts';
import { SNAPSHOT_LIMITS } from './snapshot-limits.ts';
import { SNAPSHOT_FORMAT_VERSION, type Snapshot } from './snapshot-types.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const TOKEN_PREFIX = `v${SNAPSHOT_FORMAT_VERSION}.`;
const CHECKSUM_BYTES = 4;

/** Validates, then encodes. Throws SnapshotError when the snapshot itself is invalid or too large to share. */
export async function encodeSnapshot(snapshot: Snapshot): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(validateSnapshot(snapshot)));
  if (json.byteLength > SNAPSHOT_LIMITS.maxJsonBytes) {
    throw new SnapshotError('too-large', 'This experiment has too much data to fit in a link.');
  }
  const compressed = await deflateRaw(json);
  const payload = new Uint8Array(CHECKSUM_BYTES + compressed.byteLength);
  new DataView(payload.buffer).setUint32(0, crc32(json));
  payload.set(compressed, CHECKSUM_BYTES);
  const token = TOKEN_PREFIX + encodeBase64url(payload);
  if (token.length - TOKEN_PREFIX.length > SNAPSHOT_LIMITS.maxEncodedChars) {
    throw new SnapshotError('too-large', 'This experiment has too much data to fit in a link.');
  }
  return token;
}

const DAMAGED =
  'The snapshot link is damaged (it may have been cut short or altered when it was copied).';

/** Never throws: every failure comes back as a SnapshotError with a message for the person holding the link. */
export async function decodeSnapshot(token: string): Promise<SnapshotResult<Snapshot>> {
  try {
    return { ok: true, value: await decodeOrThrow(token) };
  } catch (error) {
    if (error instanceof SnapshotError) return { ok: false, error };
    return { ok: false, error: new SnapshotError('corrupt', DAMAGED) };
  }
}

async function decodeOrThrow(token: string): Promise<Snapshot> {
  const trimmed = token.trim();
  if (trimmed === '') throw new SnapshotError('missing', 'This link holds no snapshot.');
  const version = /^v(\d+)\./.exec(trimmed);
  if (!version)
    throw new SnapshotError(
      'bad-encoding',
      'This is not a Credence snapshot link (it should start with "v1.").',
    );
  if (trimmed.slice(0, version[0].length) !== TOKEN_PREFIX) {
    throw new SnapshotError(
      'unsupported-version',
      `This snapshot is format version ${version[1]}; this version of Credence reads version ${SNAPSHOT_FORMAT_VERSION}. Open it in a matching version of Credence.`,
    );
  }
  const encoded = trimmed.slice(TOKEN_PREFIX.length);
  if (encoded.length > SNAPSHOT_LIMITS.maxEncodedChars) {
    throw new SnapshotError(
      'too-large',
      `The snapshot is larger than the ${SNAPSHOT_LIMITS.maxEncodedChars} characters a link may hold.`,
    );
  }
  const payload = decodeBase64url(encoded);
  if (!payload)
    throw new SnapshotError(
      'bad-encoding',
      `${DAMAGED} It contains characters a snapshot never has.`,
    );
  if (payload.byteLength <= CHECKSUM_BYTES) throw new SnapshotError('corrupt', DAMAGED);
  const expectedChecksum = new DataView(payload.buffer, payload.byteOffset).getUint32(0);
  const json = await inflate(payload.subarray(CHECKSUM_BYTES));
  if (crc32(json) !== expectedChecksum) throw new SnapshotError('corrupt', DAMAGED);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new SnapshotError('bad-json', 'The snapshot link does not contain readable data.');
  }
  return validateSnapshot(parsed);
}

async function inflate(compressed: Uint8Array): Promise<Uint8Array> {
  try {
    return await inflateRaw(compressed, SNAPSHOT_LIMITS.maxJsonBytes);
  } catch (error) {
    if (error instanceof InflatedTooLargeError) {
      throw new SnapshotError(
        'too-large',
        `The snapshot expands to more than ${SNAPSHOT_LIMITS.maxJsonBytes} bytes; Credence refuses it.`,
      );
    }
    throw new SnapshotError('corrupt', DAMAGED);
  }
}

// Decoding never throws at its caller: every failure is one of these, with a sentence a person can read.

export type SnapshotErrorCode =
  | 'missing' // no snapshot in the fragment
  | 'unsupported-version' // a version this build does not read
  | 'bad-encoding' // not base64url, or padding bits set
  | 'too-large' // over a size cap, compressed or decompressed
  | 'corrupt' // does not decompress, or fails its checksum (truncated or altered in transit)
  | 'bad-json' // decompressed, but not JSON
  | 'invalid-content'; // JSON, but not a valid snapshot (see `field`)

export class SnapshotError extends Error {
  constructor(
    readonly code: SnapshotErrorCode,
    message: string,
    /** The offending part of the snapshot for 'invalid-content', e.g. "statistics[0].arms[1].conversions". */
    readonly field?: string,
  ) {
    super(field === undefined ? message : `${field}: ${message}`);
    this.name = 'SnapshotError';
  }
}

export type SnapshotResult<T> = { ok: true; value: T } | { ok: false; error: SnapshotError };

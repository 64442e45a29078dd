// Reads one Blob as a stream of byte chunks (plain files in 1 MB chunks, gzip detected by its magic bytes
// and decompressed with DecompressionStream); a file that is mostly binary is refused before any record is read.
import { IngestError, throwIfAborted } from './errors.ts';

const SNIFF_BYTES = 4096;

export type ChunkReader = AsyncGenerator<Uint8Array, void, undefined>;

/** Counts compressed bytes as they are pulled from the Blob (for progress). */
export type BytesReadListener = (bytes: number) => void;

/**
 * Plain files are read in slices this big, READ_AHEAD of them requested ahead of the one being scanned.
 * A slice read runs in the background while the scan keeps this thread busy, but in Node every read
 * still needs this thread now and then (a file Blob is read piecewise), so one read in flight was often
 * not done when the scan wanted it; several small ones are (measured: idle time a quarter of what it
 * was with one 1 MB slice ahead, for 2.5 MB held instead of 2 MB).
 */
export const CHUNK_BYTES = 1 << 19;
export const READ_AHEAD = 4;

async function* blobChunks(
  blob: Blob,
  onBytes: BytesReadListener,
  signal?: AbortSignal,
): ChunkReader {
  const size = blob.size;
  let requested = 0;
  const inFlight: Promise<ArrayBuffer>[] = [];
  const requestMore = () => {
    while (inFlight.length < READ_AHEAD && requested < size) {
      const from = requested;
      requested = Math.min(size, from + CHUNK_BYTES);
      inFlight.push(blob.slice(from, requested).arrayBuffer());
    }
  };
  try {
    requestMore();
    while (inFlight.length > 0) {
      throwIfAborted(signal);
      const buffer = await inFlight.shift()!;
      requestMore();
      onBytes(buffer.byteLength);
      yield new Uint8Array(buffer);
    }
  } finally {
    // Reads still in flight when the caller stops (cancel, error) must not become unhandled rejections.
    for (const read of inFlight) read.catch(() => {});
  }
}

async function* gunzipChunks(
  blob: Blob,
  file: string,
  onBytes: BytesReadListener,
  signal?: AbortSignal,
): ChunkReader {
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  const reader = counted
    .pipeThrough(
      new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .getReader();
  try {
    for (;;) {
      throwIfAborted(signal);
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (error) {
        throw new IngestError(
          'parse-error',
          `${file}: the gzip data is truncated or corrupt (${(error as Error).message}).`,
        );
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** True when the bytes look like binary data rather than text: NUL bytes or many control bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > length * 0.05;
}

async function isGzip(blob: Blob): Promise<boolean> {
  if (blob.size < 2) return false;
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Decompressed byte chunks of one source. Throws IngestError for a binary file or broken gzip; the
 * first yielded chunk is checked for binary content (skipping a UTF-8 byte-order mark is the caller's job).
 */
export async function* readSource(
  blob: Blob,
  file: string,
  onBytes: BytesReadListener,
  signal?: AbortSignal,
): ChunkReader {
  throwIfAborted(signal);
  const chunks = (await isGzip(blob))
    ? gunzipChunks(blob, file, onBytes, signal)
    : blobChunks(blob, onBytes, signal);
  let first = true;
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (first) {
      first = false;
      if (looksBinary(chunk)) {
        throw new IngestError(
          'unsupported-file',
          `${file} looks like a binary file, not JSON or CSV text; it was not imported.`,
        );
      }
    }
    yield chunk;
  }
}

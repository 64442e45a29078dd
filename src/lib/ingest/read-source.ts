// Reads one Blob as a stream of byte chunks (plain files in 1 MB chunks, gzip detected by its magic bytes
// and decompressed with DecompressionStream); a file that is mostly binary is refused before any record is read.
import { IngestError, throwIfAborted } from './errors.ts';

const SNIFF_BYTES = 4096;

export type ChunkReader = AsyncGenerator<Uint8Array, void, undefined>;

/** Counts compressed bytes as they are pulled from the Blob (for progress). */
export type BytesReadListener = (bytes: number) => void;

/**
 * Plain files are read in slices this big, the next one requested before this one is scanned. A slice
 * read runs in the background while the scan keeps this thread busy (a stream read, BYOB or not, needs
 * this thread for every 64 KB and stalls); 1 MB keeps both the per-slice costs and the memory held small.
 */
export const CHUNK_BYTES = 1 << 20;

async function* blobChunks(
  blob: Blob,
  onBytes: BytesReadListener,
  signal?: AbortSignal,
): ChunkReader {
  const size = blob.size;
  const read = (from: number) => blob.slice(from, Math.min(size, from + CHUNK_BYTES)).arrayBuffer();
  let from = 0;
  let next: Promise<ArrayBuffer> | null = size > 0 ? read(0) : null;
  try {
    while (next !== null) {
      throwIfAborted(signal);
      const buffer = await next;
      from += buffer.byteLength;
      next = from < size && buffer.byteLength > 0 ? read(from) : null;
      onBytes(buffer.byteLength);
      yield new Uint8Array(buffer);
    }
  } finally {
    // A read still in flight when the caller stops (cancel, error) must not become an unhandled rejection.
    next?.catch(() => {});
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

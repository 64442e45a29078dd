// Reads one Blob as a stream of byte chunks (plain files in 1 MB chunks, gzip detected by its magic bytes
// and decompressed with DecompressionStream); a file that is mostly binary is refused before any record is read.
import { IngestError, throwIfAborted } from './errors.ts';

const SNIFF_BYTES = 4096;

export type ChunkReader = AsyncGenerator<Uint8Array, void, undefined>;

/** Counts compressed bytes as they are pulled from the Blob (for progress). */
export type BytesReadListener = (bytes: number) => void;

/** Plain files come in chunks this big (the next one is requested before this one is scanned). */
export const CHUNK_BYTES = 1 << 20;

/** How many chunks are read ahead of the one being scanned (reading goes on while the scan runs). */
const READ_AHEAD = 3;

/**
 * Plain files, where the platform can read a Blob into a caller's buffer (a BYOB reader): a few buffers
 * are reused for the whole file, so reading leaves no garbage behind (a fresh buffer per chunk piles up
 * tens of MB before the garbage collector frees it).
 */
async function* reusedBufferChunks(
  reader: ReadableStreamBYOBReader,
  onBytes: BytesReadListener,
  signal?: AbortSignal,
): ChunkReader {
  const fill = async (buffer: ArrayBuffer): Promise<Uint8Array> => {
    let offset = 0;
    while (offset < buffer.byteLength) {
      const { done, value } = await reader.read(new Uint8Array(buffer, offset));
      if (value !== undefined) buffer = value.buffer as ArrayBuffer; // the read hands the buffer back
      if (done) break;
      offset += value!.byteLength;
    }
    return new Uint8Array(buffer, 0, offset);
  };
  const free = Array.from({ length: READ_AHEAD + 1 }, () => new ArrayBuffer(CHUNK_BYTES));
  const ahead: Promise<Uint8Array>[] = [];
  // Fills run one after another (they share the reader), each as soon as the previous one is done.
  let previous: Promise<unknown> = Promise.resolve();
  const readAhead = () => {
    while (ahead.length < READ_AHEAD && free.length > 0) {
      const buffer = free.pop()!;
      const filled = previous.then(() => fill(buffer));
      filled.catch(() => {}); // awaited below; an abandoned one must not be an unhandled rejection
      previous = filled.catch(() => {});
      ahead.push(filled);
    }
  };
  try {
    for (;;) {
      throwIfAborted(signal);
      readAhead();
      const chunk = await ahead.shift()!;
      if (chunk.byteLength === 0) return;
      onBytes(chunk.byteLength);
      yield chunk; // the caller is done with the chunk when it asks for the next one
      free.push(chunk.buffer as ArrayBuffer);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Plain files elsewhere: slices read one ahead. */
async function* sliceChunks(
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

function blobChunks(blob: Blob, onBytes: BytesReadListener, signal?: AbortSignal): ChunkReader {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    return sliceChunks(blob, onBytes, signal); // not a byte stream on this platform
  }
  return reusedBufferChunks(reader, onBytes, signal);
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

// A file on disk as the parts of a File that the Data Export import uses (name, size, slice,
// arrayBuffer, stream). Node's file-backed Blob (fs.openAsBlob) cost 2–3× the time of FileHandle reads in a worker
// thread (100 MB in 512 KB slices: 480–930 ms against 220–370 ms, measured on the busy 2-core machine),
// and the parser thread is the busier of the two. The one-thread run uses it too, so that --threads 1
// against 2 compares the threads alone.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

class FileBytes {
  constructor(
    private readonly path: string,
    private readonly start: number,
    readonly size: number,
    /** As a File's: the import names the file by it in diagnostics. */
    readonly name = '',
  ) {}

  slice(start = 0, end = this.size): FileBytes {
    const from = Math.min(Math.max(start, 0), this.size);
    const to = Math.min(Math.max(end, from), this.size);
    return new FileBytes(this.path, this.start + from, to - from);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(this.size);
    const handle = await open(this.path);
    try {
      let at = 0;
      while (at < bytes.length) {
        const { bytesRead } = await handle.read(bytes, at, bytes.length - at, this.start + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return at === bytes.length ? bytes.buffer : bytes.slice(0, at).buffer;
    } finally {
      await handle.close();
    }
  }

  stream(): ReadableStream<Uint8Array> {
    const end = this.size === 0 ? undefined : this.start + this.size - 1;
    if (end === undefined) return new Blob([]).stream();
    return Readable.toWeb(
      createReadStream(this.path, { start: this.start, end }),
    ) as ReadableStream<Uint8Array>;
  }
}

/** The file at `path`, read as a File would be (only what the Data Export import uses), named `name`. */
export async function fileBytes(path: string, name = ''): Promise<File> {
  const { size } = await stat(path);
  return new FileBytes(path, 0, size, name) as unknown as File;
}

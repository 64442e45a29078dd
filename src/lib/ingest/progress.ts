// Byte and record counters for one import, reported through the caller's callback.
import type { IngestProgress, ProgressCallback } from './types.ts';

export class ProgressTracker {
  bytesRead = 0;
  totalBytes: number;
  records = 0;
  pass: 1 | 2 = 1;

  constructor(
    totalBytes: number,
    private readonly onProgress?: ProgressCallback,
  ) {
    this.totalBytes = totalBytes;
  }

  readonly addBytes = (bytes: number): void => {
    this.bytesRead += bytes;
  };

  report(): void {
    if (!this.onProgress) return;
    const progress: IngestProgress = {
      bytesRead: this.bytesRead,
      totalBytes: this.totalBytes,
      records: this.records,
      pass: this.pass,
    };
    this.onProgress(progress);
  }
}

/** Lets other tasks (a cancel message in a worker) run now and then during a long synchronous scan. */
export class Breather {
  private last = Date.now();
  async maybeYield(): Promise<void> {
    const now = Date.now();
    if (now - this.last < 50) return;
    this.last = now;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

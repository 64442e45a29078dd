// The import's side of parsing in another thread: it reads the files and sends their bytes to the
// parser (serveCsvParsing at the other end of a MessagePort), and takes back parsed events in batches
// while the parser goes on with the next bytes. Reading and taking back run as two loops, so neither
// waits for the other: at most CHUNKS_AHEAD chunks are in the parser's hands (memory stays bounded
// however fast either side is), and emptied batch buffers go back with the bytes.
import { yieldToEventLoop } from '../event-loop.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { FromParser, ParserPort, ToParser } from './csv-parser-protocol.ts';
import { IngestError, throwIfAborted } from './errors.ts';
import type { EventBatch } from './event-batch.ts';
import type { ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';
import type { ExperimentSpec } from './types.ts';

/** Chunks sent and not yet parsed: enough for the parser never to wait while the import works. */
const CHUNKS_AHEAD = 4;
/** How long the parser may stay silent while the import waits before the import gives up. */
export const DEFAULT_PARSER_SILENCE_MS = 60_000;

/** Ports serving an import now: a port serves one import at a time. */
const busy = new WeakSet<ParserPort>();
let nextJob = 1;

/** Where the batches of a file go. */
export type BatchSink = { onBatch(batch: EventBatch, chunk: Uint8Array): void };

export class RemoteCsvParser {
  /** The label of each arm slot the parser gave, as of the last file read. */
  armLabels: string[] = [];
  private readonly job = nextJob++;
  private readonly queue: FromParser[] = [];
  /** Wakes whichever loop waits: the one taking messages, or the reading one waiting for room. */
  private wakeTaker: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;
  private readingFailed: { error: unknown } | null = null;
  private ahead = 0;
  /** The chunks in the parser's hands (a copy went there), oldest first, and the oldest one's number. */
  private kept: Uint8Array[] = [];
  private keptFrom = 0;
  private stopped = false;
  private spare: ArrayBuffer[] = [];

  /** The port's parser for one import, or null when another import is using it. */
  static claim(
    port: ParserPort,
    spec: ExperimentSpec,
    mapping: CsvEventMapping,
    delimiter: string | undefined,
    silenceMs = DEFAULT_PARSER_SILENCE_MS,
  ): RemoteCsvParser | null {
    if (busy.has(port)) return null;
    busy.add(port);
    return new RemoteCsvParser(port, spec, mapping, delimiter, silenceMs);
  }

  private constructor(
    private readonly port: ParserPort,
    spec: ExperimentSpec,
    mapping: CsvEventMapping,
    delimiter: string | undefined,
    private readonly silenceMs: number,
  ) {
    port.onmessage = ({ data }) => {
      const message = data as FromParser;
      if (message.job !== this.job) return;
      this.queue.push(message);
      this.wakeTaker?.();
    };
    this.send({ type: 'start', job: this.job, spec, mapping, delimiter });
  }

  /** Streams one file through the parser; its events reach `rows` in order. */
  async readFile(
    blob: Blob,
    file: string,
    rows: BatchSink,
    progress: ProgressTracker,
    signal?: AbortSignal,
  ): Promise<{ empty: boolean }> {
    this.send({ type: 'open', job: this.job, file });
    this.ahead = 0;
    this.kept = [];
    this.keptFrom = 0;
    this.readingFailed = null;
    this.stopped = false;
    const reading = this.sendChunks(blob, file, progress, signal).catch((error: unknown) => {
      this.readingFailed = { error };
      this.wakeTaker?.();
    });
    try {
      for (;;) {
        const message = await this.nextMessage(signal);
        if (message.type === 'batch') {
          rows.onBatch(message.batch, this.kept[message.batch.chunk - this.keptFrom]);
          progress.records += message.batch.count;
          this.spare.push(message.batch.buffer);
          progress.report();
          // Lets the reading loop run between batches (in Node a file Blob is read piecewise on
          // this thread): the parser must never wait for bytes.
          await yieldToEventLoop();
        } else if (message.type === 'consumed') {
          this.ahead--;
          this.kept.shift();
          this.keptFrom++;
          this.wakeReader?.();
        } else if (message.type === 'closed') {
          this.armLabels = message.armLabels;
          return { empty: message.empty };
        } else if (message.type === 'failed') {
          throw message.code
            ? new IngestError(message.code, message.message, message.field)
            : new Error(`the CSV parser failed: ${message.message}`);
        }
      }
    } finally {
      this.stopped = true;
      this.wakeReader?.();
      await reading;
    }
  }

  /** Ends the job (whatever its outcome) and frees the port for the next import. */
  release(): void {
    this.send({ type: 'end', job: this.job });
    this.port.onmessage = null;
    busy.delete(this.port);
  }

  private async sendChunks(
    blob: Blob,
    file: string,
    progress: ProgressTracker,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    for await (const chunk of readSource(blob, file, progress.addBytes, signal)) {
      if (this.stopped) return;
      // The parser gets a copy (transferred) and this thread keeps the chunk, to hash the unit keys
      // the parser leaves to it.
      const bytes = chunk.slice();
      this.kept.push(chunk);
      const spare = this.spare;
      this.spare = [];
      this.send({ type: 'chunk', job: this.job, bytes, spare }, [bytes.buffer, ...spare]);
      this.ahead++;
      while (this.ahead >= CHUNKS_AHEAD && !this.stopped) {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        this.wakeReader = null;
      }
    }
    if (!this.stopped) this.send({ type: 'close', job: this.job });
  }

  private async nextMessage(signal: AbortSignal | undefined): Promise<FromParser> {
    while (this.queue.length === 0) {
      throwIfAborted(signal);
      if (this.readingFailed) throw this.readingFailed.error;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const silent = await new Promise<boolean>((resolve) => {
        this.wakeTaker = () => resolve(false);
        signal?.addEventListener('abort', this.wakeTaker, { once: true });
        timer = setTimeout(() => resolve(true), this.silenceMs);
      });
      clearTimeout(timer);
      if (this.wakeTaker) signal?.removeEventListener('abort', this.wakeTaker);
      this.wakeTaker = null;
      if (silent && this.queue.length === 0 && !this.readingFailed)
        throw new Error(`the CSV parser thread did not answer for ${this.silenceMs / 1000} s`);
    }
    return this.queue.shift()!;
  }

  private send(message: ToParser, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }
}

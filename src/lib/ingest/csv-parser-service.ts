// The parser thread's side of an event-level CSV import: bytes in, parsed events out in batches. It
// applies no rule; the import's thread does (aggregateCsvEvents with a `parser` port), so the two
// threads share the work and the result is the same as reading in one thread.
import { fingerprintBytes } from './bytes.ts';
import { VariationIndex } from './csv-cells.ts';
import { eventRowReader, type EventRowReader } from './csv-event-rows.ts';
import { CsvFileParser, type CsvColumns, type CsvFileHandlers } from './csv-file.ts';
import type { CsvRow } from './csv-reader.ts';
import type { FromParser, ParserPort, ToParser } from './csv-parser-protocol.ts';
import { IngestError } from './errors.ts';
import { BATCH_BYTES, EventBatchWriter } from './event-batch.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { ProgressTracker } from './progress.ts';

/**
 * Serves parse jobs on `port`, one at a time, for as long as the port lives. Says `ready` first, so
 * the other end knows the parser runs before handing it an import.
 */
export function serveCsvParsing(port: ParserPort): void {
  let job: ParseJob | null = null;
  port.onmessage = ({ data }) => {
    const message = data as ToParser;
    if (message.type === 'start') {
      job = new ParseJob(message, port);
      return;
    }
    if (job === null || message.job !== job.id) return;
    if (message.type === 'end') {
      job = null;
      return;
    }
    try {
      job.handle(message);
    } catch (error) {
      const failure: FromParser =
        error instanceof IngestError
          ? {
              type: 'failed',
              job: job.id,
              code: error.code,
              message: error.message,
              field: error.field,
            }
          : { type: 'failed', job: job.id, message: (error as Error)?.message ?? String(error) };
      port.postMessage(failure, []);
      job = null;
    }
  };
  port.postMessage({ type: 'ready' } satisfies FromParser, []);
}

/** One import's parsing: its files in turn, their rows into batches. */
class ParseJob implements CsvFileHandlers {
  readonly id: number;
  private readonly start: Extract<ToParser, { type: 'start' }>;
  private readonly targets: MatchTargets;
  private readonly variations = new VariationIndex();
  private readonly event = new ParsedEvent();
  private readonly writer = new EventBatchWriter();
  private readonly spare: ArrayBuffer[] = [];
  /** Counts nothing anyone reads: the import counts bytes and records itself. */
  private readonly progress = new ProgressTracker(0);
  private file = '';
  /** The chunk being parsed, and its number in the file (from 0). */
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkIndex = -1;
  private parser: CsvFileParser | null = null;
  private rowReader: EventRowReader | null = null;

  constructor(
    start: Extract<ToParser, { type: 'start' }>,
    private readonly port: ParserPort,
  ) {
    this.id = start.job;
    this.start = start;
    this.targets = MatchTargets.forSpec(start.spec);
  }

  handle(message: Exclude<ToParser, { type: 'start' | 'end' }>): void {
    if (message.type === 'open') {
      this.file = message.file;
      this.chunkIndex = -1;
      this.rowReader = null;
      this.parser = new CsvFileParser(this, this.progress, this.start.delimiter);
    } else if (message.type === 'chunk') {
      this.spare.push(...message.spare);
      this.chunk = message.bytes;
      this.chunkIndex++;
      this.parser!.push(message.bytes);
      this.flush();
      this.chunk = new Uint8Array(0);
      this.post({ type: 'consumed', job: this.id });
    } else {
      const { empty } = this.parser!.finish();
      this.flush();
      this.parser = null;
      this.post({ type: 'closed', job: this.id, empty, armLabels: this.variations.labels });
    }
  }

  onHeader(header: CsvColumns): void {
    const { spec, mapping } = this.start;
    this.rowReader = eventRowReader(
      this.file,
      header,
      spec,
      mapping,
      this.targets,
      this.variations,
    );
    this.rowReader.leavePlainUnitKeys = true;
  }

  /**
   * A row's event into the batch. A unit key that lies in the chunk as it came is sent as its byte
   * range: the importing thread, which keeps a copy of the chunk and has time to spare, hashes it
   * (this thread is the busier one). Keys in a row carried over from the previous chunk are hashed here.
   */
  onRow(row: CsvRow): void {
    const reader = this.rowReader!;
    const event = this.event;
    const problem = reader.read(row, event);
    if (problem !== null) this.writer.writeProblem(row.line, problem);
    else {
      const unit = reader.unitColumn;
      if (!event.hasUnit || row.escaped[unit]) this.writer.write(event, row.line);
      else if (row.bytes === this.chunk)
        this.writer.write(event, row.line, row.starts[unit], row.ends[unit]);
      else {
        fingerprintBytes(row.bytes, row.starts[unit], row.ends[unit], event.unit);
        this.writer.write(event, row.line);
      }
    }
    if (this.writer.full) this.flush();
  }

  onProblem(line: number, reason: string): void {
    this.writer.writeProblem(line, reason);
    if (this.writer.full) this.flush();
  }

  private flush(): void {
    if (this.writer.count === 0) return;
    const batch = this.writer.take(
      this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES),
      this.chunkIndex,
    );
    this.port.postMessage({ type: 'batch', job: this.id, batch } satisfies FromParser, [
      batch.buffer,
    ]);
  }

  private post(message: FromParser): void {
    this.port.postMessage(message, []);
  }
}

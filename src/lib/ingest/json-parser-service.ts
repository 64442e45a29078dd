// The parser thread's side of a Data Export import in two threads: it reads a file (decompressing,
// splitting records, the fast path and its JSON.parse fallback, fingerprints) and sends each record's
// fields in batches; the other thread applies the rules (json-parallel.ts). Records go in file order
// and are read exactly as aggregateExperimentData reads them, so the rules see the same events in the
// same order and the result is the same. At most IN_FLIGHT batches are out at a time: the memory a
// file takes stays bounded however fast one side is.
import { IngestError } from './errors.ts';
import {
  JSON_BATCH_BYTES,
  JsonEventBatchWriter,
  type JsonEventBatch,
  type RecordBytes,
} from './json-event-batch.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanLine, scannedContextStart, scanRecord } from './json-fast-path.ts';
import { decodeLossless } from './bytes.ts';
import { MatchTargets } from './match-targets.ts';
import { EventKind, ParsedEvent } from './parsed-event.ts';
import type { ParserPort } from './csv-parser-protocol.ts';
import { readSource } from './read-source.ts';
import { JsonRecordSplitter, type RecordSink } from './record-splitter.ts';
import type { ExperimentSpec } from './types.ts';

/**
 * Batches sent and not yet handed back: the parser waits beyond this many (≈ 1 MB each, so ≈ 32 MB at
 * most). Deep on purpose: on a busy machine either thread may be off its core for tens of ms, and with
 * 4 in flight the other one soon stalled too (a 100 MB file took ≈ 25 % longer at load 14).
 */
export const IN_FLIGHT = 32;
const SIDE_BYTES = 1 << 16;

/** Import → parser. `source` is whatever the parser's opener turns into a Blob (a path in Node). */
export type ToJsonParser =
  | {
      type: 'read';
      spec: ExperimentSpec;
      source: unknown;
      file: string;
      pass: 1 | 2;
      /** Carry flag evaluations' record bytes (slicing) and unit key bytes (the assignment audit). */
      carryRecords: boolean;
      carryUnitKeys: boolean;
      maxRecordBytes?: number;
      /** for tests: send a batch once it holds this many records (default BATCH_AT) */
      batchRecords?: number;
    }
  /** A batch's buffers handed back for reuse. */
  | { type: 'spare'; records: ArrayBuffer; side: ArrayBuffer };

/** Parser → import. `bytesRead`: of the file, compressed, so far. */
export type FromJsonParser =
  | { type: 'batch'; batch: JsonEventBatch; bytesRead: number }
  /** The file is read to its end; `empty`: it held nothing but blanks. */
  | { type: 'done'; empty: boolean; bytesRead: number }
  | { type: 'failed'; code?: IngestError['code']; message: string };

export type BlobOpener = (source: unknown) => Blob | Promise<Blob>;

/** Serves reads on `port`, one file at a time, for as long as the port lives. */
export function serveJsonParsing(port: ParserPort, open: BlobOpener): void {
  const spare: [ArrayBuffer, ArrayBuffer][] = [];
  let outstanding = 0;
  let wake: (() => void) | null = null;
  port.onmessage = ({ data }) => {
    const message = data as ToJsonParser;
    if (message.type === 'spare') {
      spare.push([message.records, message.side]);
      outstanding--;
      wake?.();
      return;
    }
    void readFile(message).catch((error: unknown) => {
      const failure: FromJsonParser =
        error instanceof IngestError
          ? { type: 'failed', code: error.code, message: error.message }
          : { type: 'failed', message: (error as Error)?.message ?? String(error) };
      port.postMessage(failure, []);
    });
  };

  const buffers = (): [ArrayBuffer, ArrayBuffer] =>
    spare.pop() ?? [new ArrayBuffer(JSON_BATCH_BYTES), new ArrayBuffer(SIDE_BYTES)];

  async function readFile(read: Extract<ToJsonParser, { type: 'read' }>): Promise<void> {
    const [records, side] = buffers();
    const sink = new ParseSink(read, new JsonEventBatchWriter(records, side));
    const splitter = new JsonRecordSplitter(sink, read.maxRecordBytes);
    let bytesRead = 0;
    const send = () => {
      const [nextRecords, nextSide] = buffers();
      const batch = sink.writer.take(nextRecords, nextSide);
      outstanding++;
      port.postMessage({ type: 'batch', batch, bytesRead } satisfies FromJsonParser, [
        batch.records,
        batch.side,
      ]);
    };
    const blob = await open(read.source);
    for await (const chunk of readSource(blob, read.file, (bytes) => (bytesRead += bytes))) {
      splitter.push(chunk);
      if (sink.writer.count >= (read.batchRecords ?? BATCH_AT)) {
        while (outstanding >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        send();
      }
    }
    splitter.finish();
    if (sink.writer.count > 0) send();
    port.postMessage({
      type: 'done',
      empty: !splitter.sawContent,
      bytesRead,
    } satisfies FromJsonParser);
  }
}

/** A batch is sent once it holds this many records (checked after each chunk read). */
const BATCH_AT = 4096;

/** Where the splitter's records go: read as json-import.ts reads them, written into the batch. */
class ParseSink implements RecordSink {
  readonly targets: MatchTargets;
  readonly event = new ParsedEvent();
  private readonly record: RecordBytes = {
    bytes: new Uint8Array(0),
    start: 0,
    end: 0,
    contextAt: -2,
  };
  readonly onLine: RecordSink['onLine'];

  constructor(
    private readonly read: Extract<ToJsonParser, { type: 'read' }>,
    readonly writer: JsonEventBatchWriter,
  ) {
    this.targets = MatchTargets.forSpec(read.spec);
    // json-import.ts takes whole lines only in the first reading.
    this.onLine = read.pass === 1 ? this.takeLine.bind(this) : undefined;
  }

  private takeLine(bytes: Uint8Array, start: number, stop: number, line: number): number {
    const newline = scanLine(bytes, start, stop, this.targets, this.event);
    if (newline >= 0) this.write(line, bytes, start, newline, scannedContextStart());
    return newline;
  }

  onRecord(bytes: Uint8Array, start: number, end: number, line: number): void {
    if (this.read.pass === 2 && !this.targets.mayMentionEventKey(bytes, start, end)) return;
    const event = this.event;
    if (scanRecord(bytes, start, end, this.targets, event))
      return this.write(line, bytes, start, end, scannedContextStart());
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeLossless(bytes, start, end));
    } catch (error) {
      return this.onMalformed(line, `not valid JSON (${(error as Error).message})`);
    }
    readParsedRecord(parsed, this.targets, event);
    this.write(line, bytes, start, end, -2);
  }

  onMalformed(line: number, reason: string): void {
    // A second reading reports nothing (json-import.ts): only the first one's problems count.
    if (this.read.pass === 1) this.writer.writeProblem(line, reason);
  }

  private write(line: number, bytes: Uint8Array, start: number, end: number, contextAt: number) {
    const event = this.event;
    const exposure = event.kind === EventKind.Feature && event.isFlag && event.hasUnit;
    let record: RecordBytes | null = null;
    if (exposure && this.read.carryRecords && this.read.pass === 1) {
      record = this.record;
      record.bytes = bytes;
      record.start = start;
      record.end = end;
      record.contextAt = contextAt;
    }
    this.writer.write(event, line, record, exposure && this.read.carryUnitKeys);
  }
}

// The messages between an event-level CSV import and the thread that parses its rows for it
// (csv-parser-service.ts). The import reads the files and sends their bytes; the parser sends back
// the rows as parsed events in batches. Both run the same code in any JavaScript environment: only a
// MessagePort joins them.
import type { EventBatch } from './event-batch.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { IngestErrorCode } from './errors.ts';
import type { ExperimentSpec } from './types.ts';

/**
 * What both ends need of a port: a browser MessagePort, or Node's (worker_threads) MessagePort, has it.
 * Setting `onmessage` starts the port.
 */
export type ParserPort = Pick<MessagePort, 'postMessage' | 'onmessage'>;

/** Import → parser. Every message names its job: messages of an abandoned job are ignored. */
export type ToParser =
  | {
      type: 'start';
      job: number;
      spec: ExperimentSpec;
      mapping: CsvEventMapping;
      delimiter?: string;
    }
  /** A file begins (again, in a second pass). */
  | { type: 'open'; job: number; file: string }
  /** The file's next bytes, and emptied batch buffers handed back for reuse. */
  | { type: 'chunk'; job: number; bytes: Uint8Array; spare: ArrayBuffer[] }
  | { type: 'close'; job: number }
  /** The import is over (done, failed or cancelled): the parser forgets it. */
  | { type: 'end'; job: number };

/** Parser → import. */
export type FromParser =
  /** Sent once when the parser starts serving the port (it belongs to no job). */
  | { type: 'ready'; job?: undefined }
  | { type: 'batch'; job: number; batch: EventBatch }
  /** One chunk is parsed: its events are all in the batches sent before this message. */
  | { type: 'consumed'; job: number }
  /** The file is parsed to its end; `armLabels` (the label of each arm slot) as known so far in the import. */
  | { type: 'closed'; job: number; empty: boolean; armLabels: string[] }
  | { type: 'failed'; job: number; code?: IngestErrorCode; message: string; field?: string };

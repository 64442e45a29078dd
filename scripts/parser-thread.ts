// The command line's second thread: parses Data Export records or event-level CSV rows while the main
// thread applies the import rules. It is started before the command knows which (bin/credence.mjs
// starts it first thing, so its start-up overlaps the main thread's), and told by one message.
import { parentPort, workerData } from 'node:worker_threads';
import { serveCsvParsing } from '../src/lib/ingest/csv-parser-service.ts';
import { serveJsonParsing } from '../src/lib/ingest/json-parser-service.ts';
import { fileOpener } from './open-file-bytes.ts';

const port = (workerData as { port: MessagePort }).port;
parentPort!.once('message', (kind: 'csv' | 'json') => {
  if (kind === 'csv') serveCsvParsing(port);
  else {
    const open = fileOpener();
    serveJsonParsing(port, (path) => open(path as string));
  }
});

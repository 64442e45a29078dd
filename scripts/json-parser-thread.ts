// The command line's parser thread for Data Export files: reads a file from disk by its path and sends
// its records, parsed, to the thread that applies the import rules (src/lib/ingest/json-parallel.ts).
import { openAsBlob } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { serveJsonParsing } from '../src/lib/ingest/json-parser-service.ts';

serveJsonParsing((workerData as { port: MessagePort }).port, (path) => openAsBlob(path as string));

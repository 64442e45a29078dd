// The entry of the worker thread that parses event-level CSV rows for the ingest benchmarks, as the
// app's CSV parser worker does: it serves the port it is given.
import { workerData } from 'node:worker_threads';
import { serveCsvParsing } from '../src/lib/ingest/csv-parser-service.ts';

serveCsvParsing((workerData as { port: MessagePort }).port);

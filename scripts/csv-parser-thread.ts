// The command line's second thread: parses event-level CSV rows (as the app's CSV parser worker does)
// while the main thread applies the import rules.
import { workerData } from 'node:worker_threads';
import { serveCsvParsing } from '../src/lib/ingest/csv-parser-service.ts';

serveCsvParsing((workerData as { port: MessagePort }).port);

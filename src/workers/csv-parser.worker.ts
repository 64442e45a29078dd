// The CSV parser worker: parses event-level CSV rows for the ingest worker, which applies the rules
// meanwhile (see csv-remote-parse.ts). The page starts it and hands it one end of a MessageChannel;
// the ingest worker holds the other.
import { serveCsvParsing } from '../lib/ingest/csv-parser-service.ts';

self.onmessage = ({ data }: MessageEvent<{ port?: MessagePort }>) => {
  if (data?.port) serveCsvParsing(data.port);
};

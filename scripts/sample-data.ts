// npm run sample-data [-- <path>] [--units N] [--seed S] [--gzip]
// Writes a realistic Data Export file (JSON Lines, optionally gzip) from the deterministic generator in
// src/lib/ingest/sample-data.ts, streamed to disk so large benchmark files work too. Default path:
// sample-data/data-export-sample.jsonl (or .jsonl.gz): git-ignored and outside public/, so no build
// ships or precaches it.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import {
  emptyLedger,
  generateSampleLines,
  SAMPLE_EXPERIMENT,
} from '../src/lib/ingest/sample-data.ts';

export type SampleDataArgs = { path: string; units: number; seed: number; gzip: boolean };

export function parseArgs(argv: string[]): SampleDataArgs {
  const args: SampleDataArgs = { path: '', units: 5000, seed: 1, gzip: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--units') args.units = Number(argv[++i]);
    else if (arg === '--seed') args.seed = Number(argv[++i]);
    else if (arg === '--gzip') args.gzip = true;
    else if (!arg.startsWith('--')) args.path = arg;
    else throw new Error(`Unknown option ${arg}`);
  }
  if (!Number.isInteger(args.units) || args.units <= 0)
    throw new Error('--units must be a positive whole number');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be a whole number');
  if (args.path === '') args.path = `sample-data/data-export-sample.jsonl${args.gzip ? '.gz' : ''}`;
  return args;
}

/** Streams the generated file to `path`; resolves with the generator's ledger of what it contains. */
export async function writeSampleData({ path, units, seed, gzip }: SampleDataArgs) {
  await mkdir(dirname(resolve(path)), { recursive: true });
  const ledger = emptyLedger();
  const source = Readable.from(generateSampleLines({ units, seed }, ledger));
  if (gzip) await pipeline(source, createGzip(), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
  return ledger;
}

const isMain =
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const args = parseArgs(process.argv.slice(2));
  const ledger = await writeSampleData(args);
  console.log(`Wrote ${ledger.records} records for ${args.units} units to ${args.path}`);
  console.log(
    `Experiment: flag "${SAMPLE_EXPERIMENT.flagKey}", unit "${SAMPLE_EXPERIMENT.randomizationUnit}", metrics ${SAMPLE_EXPERIMENT.metrics.map((m) => m.key).join(', ')}`,
  );
  console.log(`Analysed units per arm: ${ledger.units.join(' / ')}`);
}

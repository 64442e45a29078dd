// The command line (`npx credence aggregate`) end to end on a Data Export file on disk: a fresh Node
// process (tsx start-up included, as a user runs it), the file streamed, the summary written. The
// figure is file bytes over wall-clock seconds; the in-process library figures are ingest-jsonl's.
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateSampleLines, SAMPLE_EXPERIMENT } from '../../src/lib/ingest/sample-data.ts';
import { median } from '../measure.ts';
import type { BenchCase, BenchContext, BenchMeasurement } from '../types.ts';

const MB = 1e6;
const BIN = fileURLToPath(new URL('../../bin/credence.mjs', import.meta.url));

async function cliCase({ quick, log }: BenchContext): Promise<BenchMeasurement[]> {
  const units = quick ? 20_000 : 400_000;
  // The same file as ingest-jsonl's (generated once, reused).
  const path = join(tmpdir(), `credence-bench-sample-${units}.jsonl`);
  if (!existsSync(path)) {
    log(`generating ${path}…`);
    await pipeline(
      Readable.from(generateSampleLines({ units, seed: 11 })),
      createWriteStream(`${path}.part`),
    );
    renameSync(`${path}.part`, path);
  }
  const size = statSync(path).size;
  const design = join(tmpdir(), 'credence-bench-cli-design.json');
  writeFileSync(design, JSON.stringify(SAMPLE_EXPERIMENT));
  const out = join(tmpdir(), 'credence-bench-cli-summary.csv');
  const seconds: number[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    const started = performance.now();
    await promisify(execFile)(process.execPath, [
      BIN,
      'aggregate',
      path,
      '--design',
      design,
      '--out',
      out,
    ]);
    seconds.push((performance.now() - started) / 1000);
  }
  const value = size / MB / median(seconds);
  return [
    {
      name: `npx credence aggregate, Data Export JSON Lines ${(size / MB).toFixed(0)} MB → summary CSV (fresh process)`,
      value,
      unit: 'MB/s',
      baseline: null,
      ratio: null,
      goal: '≥ 100 MB/s',
      met: value >= 100,
    },
  ];
}

export const cases: BenchCase[] = [{ id: 'cli-aggregate', runtime: 'node', run: cliCase }];

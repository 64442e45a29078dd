// The command line (`npx credence aggregate`) end to end on a Data Export file on disk: a fresh Node
// process (tsx start-up included, as a user runs it), the file streamed, the summary written. The
// figure is file bytes over wall-clock seconds with its default two threads (a parser thread and the
// rules thread); the baseline is the same command with `--threads 1`, run alternately in the same run.
// The in-process library figures are ingest-jsonl's.
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
/** What the two-thread run must gain over one thread (at most 2×; the parser thread has the larger share). */
const GOAL_RATIO = 1.3;

/** One run: wall-clock seconds, and the CPU seconds the command reports (all its threads). */
async function runOnce(
  path: string,
  design: string,
  out: string,
  threads: 1 | 2,
): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const { stderr } = await promisify(execFile)(process.execPath, [
    BIN,
    'aggregate',
    path,
    '--design',
    design,
    '--out',
    out,
    '--threads',
    String(threads),
  ]);
  const wall = (performance.now() - started) / 1000;
  const cpu = Number(/\(CPU ([\d.]+) s\)/.exec(stderr)?.[1] ?? NaN);
  return { wall, cpu };
}

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
  const runs = {
    1: [] as { wall: number; cpu: number }[],
    2: [] as { wall: number; cpu: number }[],
  };
  // Alternating, so a change in the machine's load falls on both sides.
  for (let run = 0; run < (quick ? 1 : 3); run++)
    for (const threads of [1, 2] as const)
      runs[threads].push(await runOnce(path, design, out, threads));
  const speed = (threads: 1 | 2) => size / MB / median(runs[threads].map((r) => r.wall));
  const cpu = (threads: 1 | 2) => median(runs[threads].map((r) => r.cpu));
  log(`CPU seconds (median): --threads 1 ${cpu(1).toFixed(1)}, --threads 2 ${cpu(2).toFixed(1)}`);
  const value = speed(2);
  const baseline = speed(1);
  const ratio = value / baseline;
  return [
    {
      name: `npx credence aggregate, Data Export JSON Lines ${(size / MB).toFixed(0)} MB → summary CSV, 2 threads (baseline: --threads 1)`,
      value,
      unit: 'MB/s',
      baseline,
      ratio,
      goal: `≥ ${GOAL_RATIO}× --threads 1`,
      met: ratio >= GOAL_RATIO,
    },
  ];
}

export const cases: BenchCase[] = [{ id: 'cli-aggregate', runtime: 'node', run: cliCase }];

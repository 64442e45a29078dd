// The contract every benchmark case follows. `npm run bench` (bench/run.ts) discovers the modules in
// bench/cases/ and prints one row per measurement: a table, or with --json one JSON object per line.

export type BenchMeasurement = {
  name: string; // e.g. "monte-carlo best, K=5, normal, 1e6 draws"
  value: number; // our figure, in `unit`
  unit: string; // e.g. "ms", "MB/s", "µs/call", "×"
  baseline: number | null; // the baseline measured in the same run, same unit; null when there is none
  ratio: number | null; // how many times better than the baseline (>1 is better); null without a baseline
  goal: string; // human-readable goal, e.g. "≥ 8× baseline"
  met: boolean;
};

export type BenchCase = {
  /** Short id used by `npm run bench -- --only <id>`. */
  id: string;
  /** Where it runs: plain Node, or headless Chromium (worker parts). */
  runtime: 'node' | 'browser';
  run: (context: BenchContext) => Promise<BenchMeasurement[]>;
};

export type BenchContext = {
  /** true with --quick: fewer repetitions, for smoke tests of the harness. */
  quick: boolean;
  log: (message: string) => void;
};

// Small helpers the benchmark cases share.
import { createRequire } from 'node:module';

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The parts of jStat the naive baselines use. jStat ships no type declarations, hence the cast. */
export type JStatBaseline = {
  normal: { sample: (mean: number, sd: number) => number };
  beta: { sample: (alpha: number, beta: number) => number };
  ibetainv: (p: number, a: number, b: number) => number;
};

export const jStat = createRequire(import.meta.url)('jstat') as JStatBaseline;

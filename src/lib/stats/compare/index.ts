// Probability to be best, probability to beat control and expected loss: exact (quadrature) and
// Monte Carlo (seeded, chunked). See docs/statistics.md#comparisons-in-depth-srclibstatscompare.
export type { ComparisonInput, Comparison } from './validate.ts';
export { compareExact } from './exact.ts';
export {
  compareMonteCarlo,
  monteCarloChunk,
  mergeTallies,
  summarizeTally,
  chunkCount,
  chunkLength,
  MONTE_CARLO_CHUNK_DRAWS,
  DEFAULT_MONTE_CARLO_DRAWS,
  type MonteCarloTally,
} from './monte-carlo.ts';

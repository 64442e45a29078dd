// Probability to be best, probability to beat control and expected loss: exact (quadrature) and
// Monte Carlo (seeded, chunked). See the README, section "Comparisons".
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

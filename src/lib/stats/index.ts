export {
  analyzeMetric,
  prepareAnalysis,
  compareAnalysis,
  finishAnalysis,
  DEFAULT_CREDIBLE_MASS,
  DEFAULT_GAMMA_SQUARED,
  DEFAULT_DRAWS,
  DEFAULT_SEED,
} from './analyze.ts';
export type { PreparedAnalysis, ResolvedOptions, ArmModel } from './analyze.ts';
export { DEFAULT_CONCENTRATION, DEFAULT_PRIOR_ODDS, DEFAULT_SRM_THRESHOLD } from './srm.ts';
export { sampleRatioMismatch } from './srm.ts';
export { hdiBeta, hdiNormal } from './hdi.ts';
export { relativeDifference, posteriorMoments } from './relative-difference.ts';
export { compareExact, compareMonteCarlo } from './compare/index.ts';
export type { ComparisonInput, Comparison } from './compare/index.ts';
export * from './special/index.ts';
export * from './types.ts';
export type { ArmStatistics, OptionalArmStatistic } from './arm-statistics.ts';
export { OPTIONAL_ARM_STATISTICS } from './arm-statistics.ts';
export * from './frequentist/index.ts';
export { poolSlices, MAX_POOLED_SLICES } from './pooling/index.ts';
export type {
  SliceEstimate,
  NormalSummary,
  PooledSlice,
  PoolingStatus,
  PoolingResult,
} from './pooling/index.ts';

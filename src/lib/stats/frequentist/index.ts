export {
  compareFrequentist,
  DEFAULT_FREQUENTIST_ALPHA,
  DEFAULT_SEQUENTIAL_TUNING,
} from './compare-frequentist.ts';
export { adjustPValues } from './adjust-p-values.ts';
export type { PValueCorrection } from './adjust-p-values.ts';
export { ratioMoments } from './ratio-moments.ts';
export type { RatioArm } from './ratio-moments.ts';
export { ratioMomentStats } from './ratio-moment-stats.ts';
export { planSampleSize } from './plan-sample-size.ts';
export type { SampleSizeInput } from './plan-sample-size.ts';
export { minimumDetectableEffect } from './minimum-detectable-effect.ts';
export type { MdeInput } from './minimum-detectable-effect.ts';
export { DEFAULT_PLAN_POWER } from './plan-critical.ts';
export { pooledTheta } from './pooled-theta.ts';
export { DegenerateInputError } from './types.ts';
export type {
  MomentStats,
  Alternative,
  DifferenceScale,
  TestDistribution,
  FrequentistOptions,
  FrequentistResult,
  DegenerateReason,
} from './types.ts';
export { cupedAdjustedMoments } from './cuped-adjusted-moments.ts';

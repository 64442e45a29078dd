export { analyzeMetric } from './analyze.ts';
export { sampleRatioMismatch } from './srm.ts';
export { hdiBeta, hdiNormal } from './hdi.ts';
export { relativeDifference, posteriorMoments } from './relative-difference.ts';
export { compareExact, compareMonteCarlo } from './compare/index.ts';
export type { ComparisonInput, Comparison } from './compare/index.ts';
export * from './special/index.ts';
export * from './types.ts';

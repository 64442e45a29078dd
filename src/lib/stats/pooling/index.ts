export { poolSlices, MAX_POOLED_SLICES } from './pool.ts';
export type {
  SliceEstimate,
  NormalSummary,
  PooledSlice,
  PoolingStatus,
  PoolingResult,
} from './types.ts';

// Partial pooling of slices' relative differences: the inputs and the result.

/** One slice's estimate (e.g. an arm's relative difference in one slice) and its standard error. */
export type SliceEstimate = { label: string; mean: number; sd: number };

/** A normal summary: mean, standard deviation and the central (= highest-density) credible interval. */
export type NormalSummary = { mean: number; sd: number; credibleInterval: [number, number] };

export type PooledSlice = {
  label: string;
  /** The slice on its own: its estimate, its standard error and the normal interval around it. */
  raw: NormalSummary;
  /** The slice's effect θᵢ after partial pooling (empirical Bayes posterior given τ̂²). */
  pooled: NormalSummary;
  /** Bᵢ = sᵢ² / (sᵢ² + τ̂²): 0 keeps the raw estimate, 1 replaces it by the overall mean. */
  shrinkage: number;
};

/**
 * 'pooled': τ̂² > 0, every slice moves part of the way to μ̂.
 * 'no-heterogeneity': τ̂² = 0, the data show no spread beyond noise; every slice is pooled fully to μ̂.
 * 'single-slice': one slice, τ² cannot be estimated; the pooled estimate is the raw one, τ² is null.
 */
export type PoolingStatus = 'pooled' | 'no-heterogeneity' | 'single-slice';

export type PoolingResult = {
  status: PoolingStatus;
  estimator: 'reml';
  /** The overall mean effect μ (a flat prior on μ, given τ̂²). */
  mu: NormalSummary;
  /** The between-slice variance τ̂² (REML); null for a single slice. */
  tauSquared: number | null;
  slices: PooledSlice[];
};

// Partial pooling of slices' relative differences (docs/statistics.md#partial-pooling-of-slices):
// dᵢ ~ N(θᵢ, sᵢ²), θᵢ ~ N(μ, τ²), τ² by REML, then each θᵢ's posterior given τ̂² with μ integrated
// out under a flat prior (empirical Bayes).
import { hdiNormal } from '../hdi.ts';
import { StatsInputError } from '../types.ts';
import { requireFinite, requireOpenUnit } from '../validate.ts';
import { remlTauSquared, weightedMean } from './reml.ts';
import type { NormalSummary, PooledSlice, PoolingResult, SliceEstimate } from './types.ts';

/** At most this many slices are pooled (an attribute keeps its 50 most frequent values and "other"). */
export const MAX_POOLED_SLICES = 1000;

/** The hierarchical normal model over the slices' estimates; `mass` is the credible mass of every interval. */
export function poolSlices(slices: readonly SliceEstimate[], mass: number): PoolingResult {
  requireOpenUnit(mass, 'mass');
  checkSlices(slices);
  const means = slices.map((s) => s.mean);
  const variances = slices.map((s) => s.sd * s.sd);
  const summary = (mean: number, sd: number): NormalSummary => ({
    mean,
    sd,
    credibleInterval: hdiNormal(mean, sd, mass),
  });

  if (slices.length === 1) {
    const only = summary(means[0], slices[0].sd);
    return {
      status: 'single-slice',
      estimator: 'reml',
      mu: only,
      tauSquared: null,
      slices: [{ label: slices[0].label, raw: only, pooled: only, shrinkage: 0 }],
    };
  }

  const tauSquared = remlTauSquared(means, variances);
  const { mean: mu, weightSum } = weightedMean(means, variances, tauSquared);
  const muVariance = 1 / weightSum;
  const pooled: PooledSlice[] = slices.map((slice, i) => {
    const variance = variances[i];
    const shrinkage = variance / (variance + tauSquared);
    // Var(θᵢ | d, τ̂²) = (1 − Bᵢ)sᵢ² + Bᵢ²·Var(μ̂): the conditional variance given μ plus μ's own.
    const pooledVariance = (1 - shrinkage) * variance + shrinkage * shrinkage * muVariance;
    return {
      label: slice.label,
      raw: summary(slice.mean, slice.sd),
      pooled: summary(shrinkage * mu + (1 - shrinkage) * slice.mean, Math.sqrt(pooledVariance)),
      shrinkage,
    };
  });
  return {
    status: tauSquared > 0 ? 'pooled' : 'no-heterogeneity',
    estimator: 'reml',
    mu: summary(mu, Math.sqrt(muVariance)),
    tauSquared,
    slices: pooled,
  };
}

function checkSlices(slices: readonly SliceEstimate[]): void {
  if (!Array.isArray(slices) || slices.length === 0)
    throw new StatsInputError('slices', 'at least one slice is needed to pool');
  if (slices.length > MAX_POOLED_SLICES)
    throw new StatsInputError(
      'slices',
      `at most ${MAX_POOLED_SLICES} slices are pooled (got ${slices.length})`,
    );
  slices.forEach((slice, i) => {
    requireFinite(slice.mean, `slices[${i}].mean`);
    const sd = requireFinite(slice.sd, `slices[${i}].sd`);
    // A zero standard error claims the slice's effect is known exactly: no model can pool that [ours].
    if (!(sd > 0))
      throw new StatsInputError(
        `slices[${i}].sd`,
        `the standard error must be above 0 (got ${sd}); a slice without spread cannot be pooled`,
      );
    // sd² must stay a finite, non-zero double for the weights.
    if (!(sd * sd > 0) || !Number.isFinite(sd * sd))
      throw new StatsInputError(`slices[${i}].sd`, `the standard error ${sd} is out of range`);
  });
}

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
  // The model is unchanged by measuring every d and s in other units; a power of two near the
  // largest s keeps the weights 1/s² and their squares finite for any magnitude, and rescales exactly.
  const scale = 2 ** Math.round(Math.log2(Math.max(...slices.map((s) => s.sd))));
  const means = slices.map((s, i) => checkedMean(s.mean / scale, i));
  const variances = slices.map((s, i) => checkedVariance(s.sd / scale, i));
  const summary = (mean: number, sd: number): NormalSummary => ({
    mean: mean * scale,
    sd: sd * scale,
    credibleInterval: hdiNormal(mean * scale, sd * scale, mass),
  });

  if (slices.length === 1) {
    const only = summary(means[0], Math.sqrt(variances[0]));
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
      raw: summary(means[i], Math.sqrt(variance)),
      pooled: summary(shrinkage * mu + (1 - shrinkage) * means[i], Math.sqrt(pooledVariance)),
      shrinkage,
    };
  });
  return {
    status: tauSquared > 0 ? 'pooled' : 'no-heterogeneity',
    estimator: 'reml',
    mu: summary(mu, Math.sqrt(muVariance)),
    tauSquared: tauSquared * scale * scale,
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
  });
}

/** s² of a rescaled slice, refused when it underflows or its weight 1/s⁴ would overflow. */
function checkedVariance(sd: number, index: number): number {
  const variance = sd * sd;
  if (!(variance > 0) || !Number.isFinite(1 / (variance * variance)))
    throw new StatsInputError(
      `slices[${index}].sd`,
      'the standard error is too small beside the others to be pooled with them (more than 1e75 times smaller)',
    );
  return variance;
}

/** d of a rescaled slice, refused when it is beyond any sensible multiple of the standard errors. */
function checkedMean(mean: number, index: number): number {
  if (!(Math.abs(mean) <= 1e100))
    throw new StatsInputError(
      `slices[${index}].mean`,
      'the estimate is out of range beside the standard errors (more than 1e100 times larger)',
    );
  return mean;
}

// The REML estimate of the between-slice variance τ² in dᵢ ~ N(μ, sᵢ² + τ²).

/** Weighted mean μ̂(τ²) with weights wᵢ = 1/(sᵢ² + τ²), and Σwᵢ. */
export function weightedMean(
  means: readonly number[],
  variances: readonly number[],
  tauSquared: number,
): { mean: number; weightSum: number } {
  let weightSum = 0;
  let weighted = 0;
  for (let i = 0; i < means.length; i++) {
    const w = 1 / (variances[i] + tauSquared);
    weightSum += w;
    weighted += w * means[i];
  }
  return { mean: weighted / weightSum, weightSum };
}

/**
 * Twice the derivative of the restricted log-likelihood in τ²:
 * Σwᵢ²(dᵢ − μ̂)² − Σwᵢ + Σwᵢ²/Σwᵢ (μ̂ drops out of the derivative: it minimises the weighted squares).
 */
export function remlScore(
  means: readonly number[],
  variances: readonly number[],
  tauSquared: number,
): number {
  const { mean, weightSum } = weightedMean(means, variances, tauSquared);
  let squares = 0;
  let weightSquares = 0;
  for (let i = 0; i < means.length; i++) {
    const w = 1 / (variances[i] + tauSquared);
    const residual = means[i] - mean;
    squares += w * w * residual * residual;
    weightSquares += w * w;
  }
  return squares - weightSum + weightSquares / weightSum;
}

const MAX_STEPS = 2000;

/**
 * τ̂² ≥ 0 maximising the restricted likelihood (needs two or more slices): 0 when the score is not
 * positive at 0, else the root of the score, bracketed by doubling and closed by bisection to the
 * last representable digit.
 */
export function remlTauSquared(means: readonly number[], variances: readonly number[]): number {
  if (remlScore(means, variances, 0) <= 0) return 0;
  const k = means.length;
  const average = means.reduce((a, b) => a + b, 0) / k;
  const spread = means.reduce((a, d) => a + (d - average) ** 2, 0) / (k - 1);
  let high = spread + Math.max(...variances);
  for (let step = 0; step < MAX_STEPS && remlScore(means, variances, high) > 0; step++) high *= 2;
  let low = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    if (remlScore(means, variances, middle) > 0) low = middle;
    else high = middle;
  }
  return low + (high - low) / 2;
}

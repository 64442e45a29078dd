import type { Posterior, RelativeDifference } from './types.ts';
import { hdiNormal } from './hdi.ts';

/** Mean and variance of a posterior (a Beta is replaced by the normal with the same two moments). */
export function posteriorMoments(posterior: Posterior): { mean: number; variance: number } {
  if (posterior.family === 'normal')
    return { mean: posterior.mean, variance: posterior.sd * posterior.sd };
  const { alpha: a, beta: b } = posterior;
  const total = a + b;
  return { mean: a / total, variance: (a * b) / (total * total * (total + 1)) };
}

/**
 * Relative difference μ_v/μ_0 − 1 by the delta method, with its normal HDI.
 * Returns null when the control posterior mean is 0 (undefined).
 */
export function relativeDifference(
  treatment: Posterior,
  control: Posterior,
  mass: number,
): RelativeDifference | null {
  const t = posteriorMoments(treatment);
  const c = posteriorMoments(control);
  if (c.mean === 0) return null;
  const ratio = t.mean / c.mean;
  // (α_v²/α_0²)(ω_v²/α_v² + ω_0²/α_0²), expanded so a treatment mean of 0 stays finite.
  const variance =
    t.variance / (c.mean * c.mean) + (ratio * ratio * c.variance) / (c.mean * c.mean);
  const sd = Math.sqrt(variance);
  const mean = ratio - 1;
  return { mean, sd, credibleInterval: hdiNormal(mean, sd, mass) };
}

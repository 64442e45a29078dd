// Probability densities for drawing posteriors. Log-space Beta so large counts (α, β in the millions)
// neither overflow nor lose all precision.
import type { Posterior } from '../stats/types.ts';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7): about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

export function normalDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
}

export function betaDensity(x: number, alpha: number, beta: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return alpha < 1 ? Infinity : alpha === 1 ? beta : 0;
  if (x === 1) return beta < 1 ? Infinity : beta === 1 ? alpha : 0;
  const logNorm = logGamma(alpha + beta) - logGamma(alpha) - logGamma(beta);
  return Math.exp(logNorm + (alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x));
}

export function posteriorDensity(posterior: Posterior, x: number): number {
  return posterior.family === 'normal'
    ? normalDensity(x, posterior.mean, posterior.sd)
    : betaDensity(x, posterior.alpha, posterior.beta);
}

/** Mean and standard deviation of a posterior (Beta moments for the Beta family). */
export function posteriorMoments(posterior: Posterior): { mean: number; sd: number } {
  if (posterior.family === 'normal') return { mean: posterior.mean, sd: posterior.sd };
  const { alpha, beta } = posterior;
  const total = alpha + beta;
  return { mean: alpha / total, sd: Math.sqrt((alpha * beta) / (total * total * (total + 1))) };
}

/**
 * An x range that shows every posterior's bulk: mean ± `spread` sd for each, united, and clipped to
 * [0, 1] for Beta posteriors. Never empty: a zero-width range is widened around its centre.
 */
export function densityDomain(posteriors: readonly Posterior[], spread = 4.5): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const posterior of posteriors) {
    const { mean, sd } = posteriorMoments(posterior);
    if (!Number.isFinite(mean) || !Number.isFinite(sd)) continue;
    let from = mean - spread * sd;
    let to = mean + spread * sd;
    if (posterior.family === 'beta') {
      from = Math.max(0, from);
      to = Math.min(1, to);
    }
    low = Math.min(low, from);
    high = Math.max(high, to);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (high - low <= 0) {
    const pad = Math.abs(low) * 0.1 || 1;
    return [low - pad, high + pad];
  }
  return [low, high];
}

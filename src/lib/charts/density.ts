// Probability densities for drawing posteriors. Log-space Beta (the engine's log B) so large counts
// (α, β in the millions) neither overflow nor lose all precision.
import { posteriorMoments } from '../stats/relative-difference.ts';
import { logBeta } from '../stats/special/index.ts';
import type { Posterior } from '../stats/types.ts';

export function normalDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
}

export function betaDensity(x: number, alpha: number, beta: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return alpha < 1 ? Infinity : alpha === 1 ? beta : 0;
  if (x === 1) return beta < 1 ? Infinity : beta === 1 ? alpha : 0;
  return Math.exp(-logBeta(alpha, beta) + (alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x));
}

export function posteriorDensity(posterior: Posterior, x: number): number {
  return posterior.family === 'normal'
    ? normalDensity(x, posterior.mean, posterior.sd)
    : betaDensity(x, posterior.alpha, posterior.beta);
}

/** Mean and standard deviation of a posterior: the engine's moments (Beta moments for the Beta family). */
export function posteriorMeanSd(posterior: Posterior): { mean: number; sd: number } {
  const { mean, variance } = posteriorMoments(posterior);
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * An x range that shows every posterior's bulk: mean ± `spread` sd for each, united, and clipped to
 * [0, 1] for Beta posteriors. Never empty: a zero-width range is widened around its centre.
 */
export function densityDomain(posteriors: readonly Posterior[], spread = 4.5): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const posterior of posteriors) {
    const { mean, sd } = posteriorMeanSd(posterior);
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

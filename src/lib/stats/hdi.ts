import { betaQuantile, normalQuantile } from './special/index.ts';
import { newtonBetaHdi } from './hdi-beta-newton.ts';
import { quantileSearchBetaHdi } from './hdi-beta-quantile-search.ts';
import { requireFinite, requireOpenUnit, requirePositive } from './validate.ts';
import { StatsInputError } from './types.ts';

/** Normal highest-density interval: mean ± z·sd with z = Φ⁻¹((1 + mass)/2), evaluated as −Φ⁻¹((1 − mass)/2) (exact argument). */
export function hdiNormal(mean: number, sd: number, mass: number): [number, number] {
  requireFinite(mean, 'mean');
  requireFinite(sd, 'sd');
  if (sd < 0) throw new StatsInputError('sd', `must be ≥ 0 (got ${sd})`);
  requireOpenUnit(mass, 'mass');
  const halfWidth = -normalQuantile((1 - mass) / 2) * sd;
  return [mean - halfWidth, mean + halfWidth];
}

/**
 * Beta(alpha, beta) highest-density interval (the shortest interval holding `mass`).
 * Unimodal shapes: the interval whose ends have equal density; a Newton solve with quadrature for the
 * mass when both shapes are ≥ 2, else (or if it does not settle) a root search over quantiles.
 */
export function hdiBeta(alpha: number, beta: number, mass: number): [number, number] {
  requirePositive(alpha, 'alpha');
  requirePositive(beta, 'beta');
  requireOpenUnit(mass, 'mass');
  if (alpha === 1 && beta === 1) return [(1 - mass) / 2, (1 + mass) / 2]; // uniform: every interval ties; central [ours]
  if (alpha <= 1 && beta <= 1) {
    // U-shaped or monotone: an interval touching 0 or 1 is shortest; on a tie (alpha = beta) the lower one [ours].
    const lower: [number, number] = [0, betaQuantile(mass, alpha, beta)];
    const upper: [number, number] = [betaQuantile(1 - mass, alpha, beta), 1];
    return upper[1] - upper[0] < lower[1] - lower[0] ? upper : lower;
  }
  if (alpha <= 1) return [0, betaQuantile(mass, alpha, beta)];
  if (beta <= 1) return [betaQuantile(1 - mass, alpha, beta), 1];
  return newtonBetaHdi(alpha, beta, mass) ?? quantileSearchBetaHdi(alpha, beta, mass);
}

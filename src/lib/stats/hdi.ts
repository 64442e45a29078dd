import { betaQuantile, logBetaPdf, normalQuantile } from './special/index.ts';
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
 * Unimodal shapes: the interval [F⁻¹(p), F⁻¹(p + mass)] whose ends have equal density, found by a
 * bracketed root search on p of log f(upper) − log f(lower) (decreasing in p).
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
  return unimodalBetaHdi(alpha, beta, mass);
}

type Candidate = { p: number; lower: number; upper: number; gap: number };

function unimodalBetaHdi(alpha: number, beta: number, mass: number): [number, number] {
  const evaluate = (p: number): Candidate => {
    const lower = betaQuantile(p, alpha, beta);
    const upper = betaQuantile(Math.min(1, p + mass), alpha, beta);
    return { p, lower, upper, gap: logBetaPdf(upper, alpha, beta) - logBetaPdf(lower, alpha, beta) };
  };
  // gap > 0: the lower end sits where the density is lower, so p must grow.
  let left = evaluate(0); // gap = +∞ (density 0 at x = 0)
  let right = evaluate(1 - mass); // gap = −∞ (density 0 at x = 1)
  let leftGap = left.gap;
  let rightGap = right.gap;
  let lastMoved: 'left' | 'right' | null = null;
  for (let iteration = 0; iteration < 300; iteration++) {
    if (Math.abs(right.lower - left.lower) <= 1e-15 && Math.abs(right.upper - left.upper) <= 1e-15) break;
    let p = left.p + (right.p - left.p) / 2;
    if (Number.isFinite(leftGap) && Number.isFinite(rightGap)) {
      // Illinois false position: the end that keeps surviving has its weight halved.
      const secant = (left.p * rightGap - right.p * leftGap) / (rightGap - leftGap);
      if (secant > left.p && secant < right.p) p = secant;
    }
    if (p <= left.p || p >= right.p) break; // p cannot be refined further in floating point
    const middle = evaluate(p);
    if (Math.abs(middle.gap) < 1e-13) return [middle.lower, middle.upper];
    if (middle.gap > 0) {
      left = middle;
      leftGap = middle.gap;
      if (lastMoved === 'left') rightGap /= 2;
      lastMoved = 'left';
    } else {
      right = middle;
      rightGap = middle.gap;
      if (lastMoved === 'right') leftGap /= 2;
      lastMoved = 'right';
    }
  }
  const best = Math.abs(left.gap) <= Math.abs(right.gap) ? left : right;
  return [best.lower, best.upper];
}

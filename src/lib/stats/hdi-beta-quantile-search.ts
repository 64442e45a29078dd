import { betaQuantile, logBetaPdf } from './special/index.ts';

type Candidate = { p: number; lower: number; upper: number; gap: number };

/**
 * Unimodal Beta HDI as [F⁻¹(p), F⁻¹(p + mass)] whose ends have equal density, found by a bracketed
 * root search on p of log f(upper) − log f(lower) (decreasing in p). Slow (two quantiles per step) but
 * valid for every unimodal shape; the reference for the fast path.
 */
export function quantileSearchBetaHdi(alpha: number, beta: number, mass: number): [number, number] {
  const evaluate = (p: number): Candidate => {
    const lower = betaQuantile(p, alpha, beta);
    const upper = betaQuantile(Math.min(1, p + mass), alpha, beta);
    return {
      p,
      lower,
      upper,
      gap: logBetaPdf(upper, alpha, beta) - logBetaPdf(lower, alpha, beta),
    };
  };
  // gap > 0: the lower end sits where the density is lower, so p must grow.
  let left = evaluate(0); // gap = +∞ (density 0 at x = 0)
  let right = evaluate(1 - mass); // gap = −∞ (density 0 at x = 1)
  let leftGap = left.gap;
  let rightGap = right.gap;
  let lastMoved: 'left' | 'right' | null = null;
  for (let iteration = 0; iteration < 300; iteration++) {
    if (Math.abs(right.lower - left.lower) <= 1e-15 && Math.abs(right.upper - left.upper) <= 1e-15)
      break;
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

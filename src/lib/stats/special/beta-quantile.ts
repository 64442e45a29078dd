import { betaCdf, betaSf, logBetaPdf } from './beta.ts';
import { logBeta } from './log-gamma.ts';
import { normalQuantile } from './normal.ts';

const MAX_ITERATIONS = 200;
const SMALLEST = Number.MIN_VALUE;
const SMALLEST_GAP_BELOW_ONE = Number.EPSILON / 2;

/**
 * Inverse of the regularized incomplete beta: the x with P(X ≤ x) = p for X ~ Beta(a, b).
 * Newton steps on log scales (log x against log F for p ≤ ½, log(1 − x) against log(1 − F) above),
 * kept inside a bracket that every evaluation narrows, with bisection whenever a step leaves it.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0 && b > 0 && a < Infinity && b < Infinity)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lowerTarget = p <= 0.5;
  const target = lowerTarget ? p : 1 - p; // exact: p ≥ ½
  const logTarget = Math.log(target);
  // The tail probability being matched, and its sign convention (true when x is too small).
  const tail = (x: number): number => (lowerTarget ? betaCdf(x, a, b) : betaSf(x, a, b));
  const tooSmall = (value: number): boolean => (lowerTarget ? value < target : value > target);

  let lo = 0;
  let hi = 1;
  const narrow = (x: number, value: number): void => {
    if (tooSmall(value)) lo = Math.max(lo, x);
    else hi = Math.min(hi, x);
  };

  let x = bestStart(p, a, b, tail, logTarget, narrow);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const value = tail(x);
    if (value === target) return x;
    narrow(x, value);
    const logDensity = logBetaPdf(x, a, b);
    let next: number;
    if (value > 0 && Number.isFinite(logDensity)) {
      // d log(tail)/d log(side) = side·f/tail; a Newton step in those coordinates.
      const side = lowerTarget ? x : 1 - x;
      const slope = Math.exp(Math.log(side) + logDensity - Math.log(value));
      // log of the ratio, not a difference of two large logs.
      const ratio = value / target;
      const logRatio = Number.isFinite(ratio) ? Math.log(ratio) : Math.log(value) - logTarget;
      const logStep = -logRatio / slope;
      next = lowerTarget ? x * Math.exp(logStep) : x - side * Math.expm1(logStep);
    } else {
      next = NaN;
    }
    if (Math.abs(next - x) <= 2 * Number.EPSILON * Math.min(x, 1 - x)) return Math.min(Math.max(next, lo), hi);
    if (!(next > lo && next < hi)) next = bisect(lo, hi);
    if (hi - lo <= 2 * Number.EPSILON * Math.min(hi, 1 - lo)) return next;
    x = next;
  }
  return x;
}

/** Midpoint that halves the bracket on the scale that matters: geometric near 0 or 1, arithmetic elsewhere. */
function bisect(lo: number, hi: number): number {
  if (hi <= 0.5 && lo < hi / 4) return Math.sqrt(Math.max(lo, SMALLEST)) * Math.sqrt(hi);
  if (lo >= 0.5 && 1 - hi < (1 - lo) / 4) return 1 - Math.sqrt(Math.max(1 - hi, SMALLEST_GAP_BELOW_ONE)) * Math.sqrt(1 - lo);
  return lo + (hi - lo) / 2;
}

/** Of three classic starting points (lower power tail, upper power tail, normal), the one whose tail probability is closest in log. */
function bestStart(
  p: number,
  a: number,
  b: number,
  tail: (x: number) => number,
  logTarget: number,
  narrow: (x: number, value: number) => void,
): number {
  const logB = logBeta(a, b);
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  const candidates = [
    Math.exp((Math.log(p) + Math.log(a) + logB) / a),
    -Math.expm1((Math.log1p(-p) + Math.log(b) + logB) / b),
    mean + normalQuantile(p) * sd,
  ].filter((x) => x > 0 && x < 1);
  let best = 0.5;
  let bestDistance = Infinity;
  for (const x of candidates) {
    const value = tail(x);
    narrow(x, value);
    const distance = Math.abs(Math.log(value) - logTarget);
    if (distance < bestDistance) {
      best = x;
      bestDistance = distance;
    }
  }
  return best;
}

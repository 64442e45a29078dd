/* eslint-disable no-loss-of-precision -- constants are kept at their published / mpmath precision; the parser rounds them to the nearest double. */
import { binomialDeviance } from './binomial-deviance.ts';
import { logBeta, stirlingCorrection } from './log-gamma.ts';

const LOG_2PI = 1.8378770664093454835606594728112;
const CONTINUED_FRACTION_LIMIT = 1_000_000;
const TINY = 1e-300;

function invalidShapes(a: number, b: number): boolean {
  return !(a > 0 && b > 0 && a < Infinity && b < Infinity);
}

/**
 * log[x^a · y^b / B(a, b)] where y = 1 − x is passed separately (so whichever of x, y was given
 * exactly keeps its precision). For large shapes the binomial deviance form avoids the cancellation
 * of a·ln x + b·ln y − log B(a, b).
 */
export function logBetaKernel(x: number, y: number, a: number, b: number): number {
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  if (Math.min(a, b) < 10) return a * logX + b * logY - logBeta(a, b);
  const n = a + b;
  return (
    -binomialDeviance(a, n * x) -
    binomialDeviance(b, n * y) +
    0.5 * (Math.log(a) + Math.log(b) - Math.log(n) - LOG_2PI) +
    stirlingCorrection(n) -
    stirlingCorrection(a) -
    stirlingCorrection(b)
  );
}

/**
 * Continued fraction for I_x(a, b) (Abramowitz & Stegun 26.5.8) by the modified Lentz method:
 * I_x(a, b) = x^a y^b / (a B(a, b)) · cf. Converges fast for x < (a + 1)/(a + b + 2).
 */
function incompleteBetaFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  let c = 1;
  let d = 1 - (sum * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CONTINUED_FRACTION_LIMIT; m++) {
    const m2 = 2 * m;
    let coefficient = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    coefficient = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** I_x(a, b) computed directly from the fraction (accurate when x is on the lower side of the mean). */
function lowerRegularized(x: number, y: number, a: number, b: number): number {
  return (betaKernel(x, y, a, b) * incompleteBetaFraction(x, a, b)) / a;
}

/** x^a · y^b / B(a, b); x^a by Math.pow for small shapes, since exp(a·ln x) loses digits when a·ln x is large. */
function betaKernel(x: number, y: number, a: number, b: number): number {
  if (Math.min(a, b) < 10 && x < 0.5) {
    const powerX = Math.pow(x, a);
    if (powerX > 1e-290) return powerX * Math.exp(b * Math.log1p(-x) - logBeta(a, b));
  }
  const logKernel = logBetaKernel(x, y, a, b);
  return logKernel < -745.2 ? 0 : Math.exp(logKernel);
}

/**
 * I_y(b, a) with y = 1 − x, for x on the upper side of the mean, computed from x itself (exact input)
 * rather than from the rounded y. The fraction for I_y(b, a) has odd partial numerators
 * d_{2m+1} = −(b+m)(a+b+m)·y / ((b+2m)(b+2m+1)) close to −1 when b ≫ a, so 1 + d_{2m+1} — the size of
 * the answer — cancels and inherits y's rounding error times b (≈1e-10 relative for b = 1e7). Its odd
 * contraction T_{2m+1} = [(1 + d_{2m+1})·T_{2m+3} + d_{2m+2}] / (T_{2m+3} + d_{2m+2}) needs only
 * e_m = 1 + d_{2m+1} = [b(2m+1−a) + m(3m+2−a) + (b+m)(a+b+m)·x] / ((b+2m)(b+2m+1)), which has no such
 * cancellation. As a continued fraction: T_1 = e_0 + K_{m≥1} [d_{2m}(1 − e_{m−1})] / [d_{2m} + e_m],
 * evaluated by the modified Lentz method; the result is kernel / (b · T_1).
 */
function upperRegularized(x: number, y: number, a: number, b: number): number {
  const oddPlusOne = (m: number): number =>
    (b * (2 * m + 1 - a) + m * (3 * m + 2 - a) + (b + m) * (a + b + m) * x) /
    ((b + 2 * m) * (b + 2 * m + 1));
  let previous = oddPlusOne(0);
  let h = previous;
  if (Math.abs(h) < TINY) h = TINY;
  let c = h;
  let d = 0;
  for (let m = 1; m <= CONTINUED_FRACTION_LIMIT; m++) {
    const even = (m * (a - m) * y) / ((b + 2 * m - 1) * (b + 2 * m));
    const current = oddPlusOne(m);
    const numerator = even * (1 - previous);
    const denominator = even + current;
    d = denominator + numerator * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = denominator + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    h *= delta;
    previous = current;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return betaKernel(y, x, b, a) / (b * h);
}

function lowerSideIsDirect(x: number, a: number, b: number): boolean {
  return x * (a + b + 2) < a + 1;
}

/** Regularized incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || invalidShapes(a, b)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const y = 1 - x;
  if (lowerSideIsDirect(x, a, b)) return lowerRegularized(x, y, a, b);
  return 1 - upperRegularized(x, y, a, b);
}

/** Upper tail 1 − I_x(a, b), accurate when it is tiny. */
export function betaSf(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || invalidShapes(a, b)) return NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const y = 1 - x;
  if (lowerSideIsDirect(x, a, b)) return 1 - lowerRegularized(x, y, a, b);
  return upperRegularized(x, y, a, b);
}

/** log of the Beta(a, b) density at x (−Infinity outside [0, 1]). */
export function logBetaPdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || invalidShapes(a, b)) return NaN;
  if (x < 0 || x > 1) return -Infinity;
  if (x === 0) return a < 1 ? Infinity : a === 1 ? -logBeta(1, b) : -Infinity;
  if (x === 1) return b < 1 ? Infinity : b === 1 ? -logBeta(a, 1) : -Infinity;
  const y = 1 - x;
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  return logBetaKernel(x, y, a, b) - logX - logY;
}

/** Beta(a, b) density at x. */
export function betaPdf(x: number, a: number, b: number): number {
  return Math.exp(logBetaPdf(x, a, b));
}

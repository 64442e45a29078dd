/* eslint-disable no-loss-of-precision -- constants are kept at their published / mpmath precision; the parser rounds them to the nearest double. */
import { ERF_BRANCH_LIMIT, erfSmall, erfcScaled, expNegSquare } from './erfc-rational.ts';

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 0.398942280401432677939946059934;

/** Standard normal upper tail 1 − Φ(x), with full relative accuracy far into the tail. */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = x / SQRT2;
  if (Math.abs(z) <= ERF_BRANCH_LIMIT) return 0.5 - 0.5 * erfSmall(z);
  const ax = Math.abs(x);
  // exp(-x²/2) formed from x itself, not from the rounded z = x/√2.
  const tail = ax > 38.6 ? 0 : 0.5 * expNegSquare(ax, 0.5) * erfcScaled(ax / SQRT2);
  return x > 0 ? tail : 1 - tail;
}

/** Standard normal CDF Φ(x), with full relative accuracy far into the lower tail. */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 38.6) return 0;
  return INV_SQRT_2PI * expNegSquare(ax, 0.5);
}

/** log Φ(x) (finite for every finite x; uses the asymptotic tail for x below −38). */
export function logNormalCdf(x: number): number {
  if (x > -38) return Math.log(normalCdf(x));
  // Mills ratio: Φ(x) ≈ φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸)
  const t = 1 / (x * x);
  const series = 1 - t * (1 - t * (3 - t * (15 - 105 * t)));
  return -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
}

/** Φ⁻¹(p): a rational start (Abramowitz & Stegun 26.2.23) polished by Halley steps on the tail. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerQuantile(1 - p); // 1 − p is exact for p ≥ 0.5
  return lowerQuantile(p);
}

/** Quantile for 0 < p ≤ 0.5 (result ≤ 0). */
function lowerQuantile(p: number): number {
  if (p === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  );
  for (let i = 0; i < 4; i++) {
    const cdf = normalCdf(x);
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    // Halley on Φ(x) − p; the relative residual keeps the step accurate in the far tail.
    const u = (cdf - p) / pdf;
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

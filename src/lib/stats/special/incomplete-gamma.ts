/* eslint-disable no-loss-of-precision -- constants are kept at their published / mpmath precision; the parser rounds them to the nearest double. */
import { binomialDeviance } from './binomial-deviance.ts';
import { logGamma, stirlingCorrection } from './log-gamma.ts';

const LOG_2PI = 1.8378770664093454835606594728112;
const ITERATION_LIMIT = 100_000;
const TINY = 1e-300;

/** log[x^s e^(−x) / Γ(s)], via the binomial deviance for large s to avoid cancellation. */
function logGammaKernel(s: number, x: number): number {
  if (s < 10) return s * Math.log(x) - x - logGamma(s);
  return -binomialDeviance(s, x) + 0.5 * (Math.log(s) - LOG_2PI) - stirlingCorrection(s);
}

/** P(s, x) by its power series (for x < s + 1). */
function lowerSeries(s: number, x: number): number {
  let term = 1 / s;
  let sum = term;
  for (let n = 1; n < ITERATION_LIMIT; n++) {
    term *= x / (s + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return Math.exp(logGammaKernel(s, x)) * sum;
}

/** Q(s, x) by its continued fraction (Lentz; for x ≥ s + 1). */
function upperFraction(s: number, x: number): number {
  let b = x + 1 - s;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < ITERATION_LIMIT; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logGammaKernel(s, x)) * h;
}

/** Regularized upper incomplete gamma Q(s, x) = Γ(s, x)/Γ(s); the χ² survival function is Q(df/2, x/2). */
export function regularizedGammaQ(s: number, x: number): number {
  if (Number.isNaN(s) || Number.isNaN(x) || !(s > 0) || s === Infinity) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < s + 1) return 1 - lowerSeries(s, x);
  return upperFraction(s, x);
}

/** Regularized lower incomplete gamma P(s, x) = 1 − Q(s, x). */
export function regularizedGammaP(s: number, x: number): number {
  if (Number.isNaN(s) || Number.isNaN(x) || !(s > 0) || s === Infinity) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  if (x < s + 1) return lowerSeries(s, x);
  return 1 - upperFraction(s, x);
}

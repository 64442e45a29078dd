// Student's t distribution through the regularized incomplete beta:
// P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) = 1 − I_{t²/(ν+t²)}(½, ν/2).
import { betaCdf, betaSf } from './beta.ts';
import { betaQuantile } from './beta-quantile.ts';
import { logGamma } from './log-gamma.ts';
import { normalPdf, normalQuantile, normalSf } from './normal.ts';

/** Upper tail P(T > t) for ν degrees of freedom (ν = Infinity is the normal), accurate far into the tail. */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalSf(t);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  // Whichever beta argument is below ½ is formed without cancellation.
  const twoSided =
    t2 < df ? betaSf(t2 / (df + t2), 0.5, df / 2) : betaCdf(df / (df + t2), df / 2, 0.5);
  return t > 0 ? 0.5 * twoSided : 1 - 0.5 * twoSided;
}

/** P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** Density of T. */
export function studentTPdf(t: number, df: number): number {
  if (df === Infinity) return normalPdf(t);
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** The t with P(T ≤ t) = p: the beta quantile as a start, polished by Newton steps on the accurate tail. */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -upperQuantile(p, df);
  return upperQuantile(1 - p, df); // 1 − p is exact for p ≥ ½
}

/** The t > 0 with P(T > t) = tail, 0 < tail < ½. */
function upperQuantile(tail: number, df: number): number {
  const x = betaQuantile(2 * tail, df / 2, 0.5); // x = ν/(ν + t²)
  let t = x > 0 ? Math.sqrt((df * (1 - x)) / x) : Infinity;
  if (!Number.isFinite(t)) return t;
  for (let i = 0; i < 3; i++) {
    const pdf = studentTPdf(t, df);
    if (!(pdf > 0)) break;
    const step = (studentTSf(t, df) - tail) / pdf;
    t += step;
    if (Math.abs(step) <= 1e-16 * t) break;
  }
  return t;
}

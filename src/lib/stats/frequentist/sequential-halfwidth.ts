/**
 * Half-width of the asymptotic confidence sequence after n units (both arms), for an estimate with
 * standard error se, so that s² = n·se² is the per-unit variance it stands for
 * (Waudby-Smith et al. 2023: eq. 9 two-sided, eq. 134 one-sided).
 */
export function sequentialHalfwidth(
  se: number,
  units: number,
  rho: number,
  alpha: number,
  twoSided: boolean,
): number {
  const s2 = se * se * units;
  const spread = units * rho * rho + 1;
  const scale = (2 * spread) / (units * rho) ** 2;
  const log = twoSided
    ? Math.log(Math.sqrt(spread) / alpha)
    : Math.log1p(Math.sqrt(spread) / (2 * alpha));
  return Math.sqrt(s2 * scale * log);
}

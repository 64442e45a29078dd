import { sequentialHalfwidth } from './sequential-halfwidth.ts';

/**
 * Two-sided always-valid p-value min(1, 1/E) with the e-value
 * E = exp(ρ²·S / (2(nρ² + 1))) / √(nρ² + 1), S = n·estimate²/se² (Waudby-Smith et al. 2023, eq. 155).
 */
export function sequentialTwoSidedPValue(
  estimate: number,
  se: number,
  units: number,
  rho: number,
): number {
  const spread = units * rho * rho + 1;
  const statistic = (estimate * estimate * units) / (se * se);
  return Math.min(1, Math.sqrt(spread) * Math.exp((-rho * rho * statistic) / (2 * spread)));
}

/** gbstats' search range for the one-sided sequential p-value. */
export const ONE_SIDED_SEQUENTIAL_P_RANGE: readonly [number, number] = [1e-5, 0.4999];
const BOUND_TOLERANCE = 1e-6;
const MAX_STEPS = 100;

/**
 * One-sided sequential p-value as gbstats finds it: the α at which the one-sided bound (ρ held at
 * the analysis α) reaches 0, by bisection on α within [1e-5, 0.4999], stopping once the bound is
 * within 1e-6 of 0 and returning the next midpoint. The ends of the range are returned when the
 * bound is already past 0 there.
 */
export function sequentialOneSidedPValue(
  estimate: number,
  se: number,
  units: number,
  rho: number,
  alternative: 'greater' | 'less',
): number {
  const bound = (alpha: number) => {
    const half = sequentialHalfwidth(se, units, rho, alpha, false);
    return alternative === 'greater' ? estimate - half : estimate + half;
  };
  // "Significant at α": the interval excludes 0.
  const excludesZero = (value: number) => (alternative === 'greater' ? value > 0 : value < 0);
  let [low, high] = ONE_SIDED_SEQUENTIAL_P_RANGE;
  if (excludesZero(bound(low))) return low;
  const atHigh = bound(high);
  if (alternative === 'greater' ? atHigh < 0 : atHigh > 0) return high;
  let alpha = 0.5 * (low + high);
  for (let step = 0; step < MAX_STEPS; step++) {
    const value = bound(alpha);
    if (alternative === 'greater' ? value < 0 : value > 0) low = alpha;
    else high = alpha;
    alpha = 0.5 * (low + high);
    if (Math.abs(value) < BOUND_TOLERANCE) break;
  }
  return alpha;
}

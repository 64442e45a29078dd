import { sequentialHalfwidth } from './sequential-halfwidth.ts';
import { sequentialOneSidedPValue, sequentialTwoSidedPValue } from './sequential-p-value.ts';
import { sequentialRho } from './sequential-rho.ts';
import type { Alternative } from './types.ts';

/**
 * Interval and p-value of the always-valid test after `units` units (both arms) with tuning N*:
 * gbstats' asymptotic confidence sequence, one-sided intervals with an infinite end.
 */
export function sequentialTest(
  estimate: number,
  se: number,
  units: number,
  alpha: number,
  tuning: number,
  alternative: Alternative,
): { ci: [number, number]; pValue: number } {
  const twoSided = alternative === 'two-sided';
  const rho = sequentialRho(alpha, tuning, twoSided);
  const half = sequentialHalfwidth(se, units, rho, alpha, twoSided);
  if (alternative === 'two-sided')
    return {
      ci: [estimate - half, estimate + half],
      pValue: sequentialTwoSidedPValue(estimate, se, units, rho),
    };
  return {
    ci: alternative === 'greater' ? [estimate - half, Infinity] : [-Infinity, estimate + half],
    pValue: sequentialOneSidedPValue(estimate, se, units, rho, alternative),
  };
}

import { studentTQuantile, studentTSf } from '../special/student-t.ts';
import type { Alternative } from './types.ts';

/**
 * Interval and p-value of a fixed-horizon test of estimate/se against 0: Student's t with df degrees
 * of freedom, or the normal when df is Infinity. One-sided intervals have an infinite end.
 */
export function fixedHorizonTest(
  estimate: number,
  se: number,
  df: number,
  alpha: number,
  alternative: Alternative,
): { ci: [number, number]; pValue: number } {
  const statistic = estimate / se;
  if (alternative === 'two-sided') {
    const half = -studentTQuantile(alpha / 2, df) * se; // the upper α/2 point, formed from its tail
    return {
      ci: [estimate - half, estimate + half],
      pValue: Math.min(1, 2 * studentTSf(Math.abs(statistic), df)),
    };
  }
  const half = -studentTQuantile(alpha, df) * se;
  if (alternative === 'greater')
    return { ci: [estimate - half, Infinity], pValue: studentTSf(statistic, df) };
  return { ci: [-Infinity, estimate + half], pValue: studentTSf(-statistic, df) };
}

/**
 * ρ of the asymptotic confidence sequence, chosen so the sequence is tightest at N* units
 * (Waudby-Smith et al. 2023, eq. 161); one-sided sequences use 2α in it, as gbstats does.
 */
export function sequentialRho(alpha: number, tuning: number, twoSided: boolean): number {
  const a = twoSided ? alpha : 2 * alpha;
  const minusTwoLog = -2 * Math.log(a);
  return Math.sqrt((minusTwoLog + Math.log(minusTwoLog + 1)) / tuning);
}

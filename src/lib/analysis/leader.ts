// The plain reading of a metric's analysis: which arm leads, and whether it is the winner.
import type { MetricAnalysis } from './types.ts';

export type Leader = {
  index: number;
  name: string;
  probabilityToBeBest: number;
  isWinner: boolean;
};

/** The arm most likely to be best, and whether it clears the user's threshold. null without usable arms. */
export function leadingArm(analysis: MetricAnalysis, threshold: number): Leader | null {
  let best: Leader | null = null;
  analysis.arms.forEach((arm, index) => {
    if (arm.status !== 'ok' || !Number.isFinite(arm.probabilityToBeBest)) return;
    if (!best || arm.probabilityToBeBest > best.probabilityToBeBest) {
      best = {
        index,
        name: arm.name,
        probabilityToBeBest: arm.probabilityToBeBest,
        isWinner: false,
      };
    }
  });
  if (!best) return null;
  const leader: Leader = best;
  return { ...leader, isWinner: leader.probabilityToBeBest > threshold };
}

// Behaviour of the sequential test on seeded simulated experiments: peeking after every batch keeps the
// false-positive rate at α, where the fixed-horizon test peeked the same way does not.
import { describe, expect, it } from 'vitest';
import { createStream, nextStandardNormal } from '../random/index.ts';
import { compareFrequentist } from './compare-frequentist.ts';
import type { FrequentistOptions, MomentStats } from './types.ts';

const EXPERIMENTS = 300;
const LOOKS = 30;
const BATCH = 50;
const ALPHA = 0.05;

function runNullExperiments(options: FrequentistOptions): { anyLook: number; lastLook: number } {
  const state = createStream(20261206, 0);
  let anyLook = 0;
  let lastLook = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const arms: MomentStats[] = [
      { units: 0, sum: 0, sumSquares: 0 },
      { units: 0, sum: 0, sumSquares: 0 },
    ];
    let rejected = false;
    let rejectedLast = false;
    for (let look = 0; look < LOOKS; look++) {
      for (const arm of arms)
        for (let i = 0; i < BATCH; i++) {
          const y = 10 + 3 * nextStandardNormal(state);
          arm.units += 1;
          arm.sum += y;
          arm.sumSquares += y * y;
        }
      const result = compareFrequentist(arms[0], arms[1], { ...options, alpha: ALPHA });
      const excludesZero = result.ci[0] > 0 || result.ci[1] < 0;
      // The interval and the p-value tell the same story at every look.
      expect(excludesZero).toBe(result.pValue < ALPHA);
      rejectedLast = result.pValue < ALPHA;
      rejected ||= rejectedLast;
    }
    if (rejected) anyLook++;
    if (rejectedLast) lastLook++;
  }
  return { anyLook: anyLook / EXPERIMENTS, lastLook: lastLook / EXPERIMENTS };
}

describe('sequential testing under the null, peeking at 30 looks (seeded)', () => {
  const mcError = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / EXPERIMENTS);

  it('the always-valid test keeps its false-positive rate at any look below α', () => {
    const { anyLook } = runNullExperiments({
      difference: 'absolute',
      sequential: { tuning: 1500 },
    });
    expect(anyLook).toBeLessThanOrEqual(ALPHA + mcError);
  });

  it('the fixed-horizon test is right at one look but not when peeked at', () => {
    const { anyLook, lastLook } = runNullExperiments({
      difference: 'absolute',
      distribution: 'normal',
    });
    expect(Math.abs(lastLook - ALPHA)).toBeLessThanOrEqual(mcError);
    expect(anyLook).toBeGreaterThan(2 * ALPHA);
  });
});

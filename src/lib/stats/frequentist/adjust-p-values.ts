import { StatsInputError } from '../types.ts';
import { requireOneOf } from '../validate.ts';

export type PValueCorrection = 'bonferroni' | 'holm' | 'benjamini-hochberg';
const CORRECTIONS: readonly PValueCorrection[] = ['bonferroni', 'holm', 'benjamini-hochberg'];

/**
 * Multiple-comparison adjusted p-values, in the input's order: Bonferroni min(1, m·p); Holm's
 * step-down (family-wise error); Benjamini–Hochberg's step-up (false discovery rate). Tied p-values
 * get the same adjusted value whatever their order.
 */
export function adjustPValues(pValues: number[], method: PValueCorrection): number[] {
  requireOneOf(method, CORRECTIONS, 'method');
  if (!Array.isArray(pValues)) throw new StatsInputError('pValues', 'must be an array');
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new StatsInputError(
        `pValues[${i}]`,
        `must be a probability between 0 and 1 (got ${String(p)})`,
      );
  });
  const m = pValues.length;
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, m * p));
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j] || i - j);
  const adjusted = new Array<number>(m);
  if (method === 'holm') {
    // Ascending: (m − k)·p_(k), k from 0, made non-decreasing.
    let running = 0;
    order.forEach((index, k) => {
      running = Math.max(running, Math.min(1, (m - k) * pValues[index]));
      adjusted[index] = running;
    });
    return adjusted;
  }
  // Descending: m·p_(k)/k, k the 1-based rank, made non-increasing.
  let running = 1;
  for (let k = m; k >= 1; k--) {
    const index = order[k - 1];
    running = Math.min(running, Math.min(1, (m * pValues[index]) / k));
    adjusted[index] = running;
  }
  return adjusted;
}

// Exact Binomial(n, p) draws in O(log n) Beta draws (Knuth, TAOCP vol. 2, §3.4.1): the a-th smallest of
// n uniforms is Beta(a, n + 1 − a); the uniforms on one side of it are uniform on that side, so the
// count below p recurses into one half. Below a few dozen trials, plain Bernoulli draws are cheaper.
import { createBetaScratch, fillBeta } from './beta.ts';
import { nextOpenUniform, type StreamState } from './stream.ts';

const BERNOULLI_BELOW = 40;

export function nextBinomial(state: StreamState, trials: number, probability: number): number {
  let n = trials;
  let p = probability;
  let count = 0;
  const order = new Float64Array(1);
  const scratch = createBetaScratch(1);
  while (n >= BERNOULLI_BELOW && p > 0 && p < 1) {
    const a = 1 + Math.floor(n / 2);
    const b = n + 1 - a;
    fillBeta(state, order, 1, a, b, scratch);
    const x = order[0];
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      count += a;
      n = b - 1;
      p = (p - x) / (1 - x);
    }
  }
  if (p >= 1) return count + n;
  if (p <= 0) return count;
  for (let i = 0; i < n; i++) if (nextOpenUniform(state) < p) count++;
  return count;
}

import { describe, expect, it } from 'vitest';
import { betaCdf } from '../special/index.ts';
import { createStream, nextBinomial } from './index.ts';

// The binomial CDF by the identity P(X ≤ k) = I_{1−p}(n − k, k + 1) (regularized incomplete beta).
const binomialCdf = (k: number, n: number, p: number) =>
  k >= n ? 1 : k < 0 ? 0 : betaCdf(1 - p, n - k, k + 1);

/** √N · max_k |F_N(k) − F(k)|: conservative for a discrete law, so 1.95 keeps the 0.1% level. */
function discreteKs(draws: number[], n: number, p: number): number {
  const counts = new Array<number>(n + 1).fill(0);
  for (const draw of draws) counts[draw]++;
  let below = 0;
  let distance = 0;
  for (let k = 0; k <= n; k++) {
    below += counts[k];
    distance = Math.max(distance, Math.abs(below / draws.length - binomialCdf(k, n, p)));
  }
  return Math.sqrt(draws.length) * distance;
}

describe('nextBinomial', () => {
  it.each([
    [12, 0.3],
    [1000, 0.1],
    [25_000, 0.031],
    [777, 0.93],
  ])('draws Binomial(%i, %f) exactly (CDF within the KS bound)', (n, p) => {
    const stream = createStream(7, n);
    const draws = Array.from({ length: 20_000 }, () => nextBinomial(stream, n, p));
    expect(draws.every((draw) => Number.isInteger(draw) && draw >= 0 && draw <= n)).toBe(true);
    expect(discreteKs(draws, n, p)).toBeLessThan(1.95);
  });

  it('handles the edges and repeats with the seed', () => {
    const stream = createStream(1, 0);
    expect(nextBinomial(stream, 0, 0.5)).toBe(0);
    expect(nextBinomial(stream, 500, 0)).toBe(0);
    expect(nextBinomial(stream, 500, 1)).toBe(500);
    const run = () => {
      const again = createStream(3, 0);
      return Array.from({ length: 5 }, () => nextBinomial(again, 10_000, 0.2));
    };
    expect(run()).toEqual(run());
  });
});

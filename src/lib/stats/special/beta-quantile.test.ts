import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaCdf, betaSf } from './beta.ts';
import { betaQuantile } from './beta-quantile.ts';

type QuantileCase = { p: number; a: number; b: number; quantile: number; upperGap: number };

// mpmath quantiles (scripts/reference/beta_quantile_reference.py) aimed at the Halley solver's paths:
// small shapes matched on the far side, skewed large/small pairs, deep tails.
const { cases } = JSON.parse(
  readFileSync(new URL('./__fixtures__/beta-quantile.json', import.meta.url), 'utf8'),
) as { cases: QuantileCase[] };

const ULP_BELOW_ONE = Number.EPSILON / 2;

describe('betaQuantile (Halley on log scales) against mpmath', () => {
  it.each(cases)('p = $p, a = $a, b = $b', ({ p, a, b, quantile, upperGap }) => {
    const x = betaQuantile(p, a, b);
    // Error measured on the side that is resolvable: x itself below ½, 1 − x (to the double grid near 1) above.
    // Conditioning: d log x / d log F = F/(x f) ≈ 1/a at the lower end, so allow rounding/a there.
    const conditioning = Math.max(1, 1 / Math.min(a, b));
    if (quantile < 0.5) {
      expect(Math.abs(x - quantile) / quantile).toBeLessThan(1e-13 * conditioning);
    } else {
      expect(Math.abs(1 - x - upperGap)).toBeLessThan(
        1e-13 * conditioning * upperGap + 4 * ULP_BELOW_ONE,
      );
    }
  });

  it('is within two ulps of the point where the matched tail equals the target (round trip through betaCdf / betaSf)', () => {
    // (Shapes like Beta(2e4, 0.06) are left to the mpmath cases: near 1 their CDF itself is noisy at 1e-11 between neighbouring doubles.)
    const shapes = [
      [0.05, 3],
      [0.08, 674],
      [0.12, 1.45],
      [300, 0.7],
      [0.5, 0.5],
      [1.3, 7e4],
      [3e5, 2.5],
    ];
    for (const [a, b] of shapes as [number, number][]) {
      for (const p of [1e-9, 0.05, 0.3, 0.5, 0.6, 0.8, 0.95, 0.999]) {
        const x = betaQuantile(p, a, b);
        const tail = (at: number): number => (p <= 0.5 ? betaCdf(at, a, b) : betaSf(at, a, b));
        const want = p <= 0.5 ? p : 1 - p;
        // x is right to two ulps iff the tail two ulps either side brackets the target (up to the tail's own rounding).
        const twoUlps = 2 * (x < 0.5 ? x * Number.EPSILON : ULP_BELOW_ONE);
        const [left, right] = [tail(x - twoUlps), tail(x + twoUlps)];
        // Either tail may be computed as 1 − the other: its rounding is a few ε of the larger tail.
        const slack = 8 * Number.EPSILON * Math.max(want, 1 - want);
        expect(want, `Beta(${a}, ${b}) at p = ${p}`).toBeGreaterThanOrEqual(
          Math.min(left, right) - slack,
        );
        expect(want, `Beta(${a}, ${b}) at p = ${p}`).toBeLessThanOrEqual(
          Math.max(left, right) + slack,
        );
      }
    }
  });

  it('settles where 1 − x is below the spacing of doubles near 1 (no endless stepping between neighbours)', () => {
    // Beta(681330, 0.71) at p = 0.1: the quantile is 1 − 2.6e-6; earlier code stepped between two
    // neighbouring doubles until its iteration cap. The answer must be the mpmath value to a few ulps.
    const { p, a, b, upperGap } = cases.find((c) => c.a === 681330.3971853848)!;
    const x = betaQuantile(p, a, b);
    expect(Math.abs(1 - x - upperGap)).toBeLessThan(4 * ULP_BELOW_ONE);
  });
});

import { describe, expect, it } from 'vitest';
import { newtonBetaHdi } from './hdi-beta-newton.ts';
import { quantileSearchBetaHdi } from './hdi-beta-quantile-search.ts';

// The fast path against the independent quantile-search method (itself checked against mpmath in
// hdi.test.ts and audit.test.ts) over a dense grid of unimodal shapes.
const SHAPES = [1.01, 1.1, 1.5, 1.9, 2, 2.5, 3, 4.7, 10, 33, 100, 870, 1e4, 1.2e5, 1e6];
const MASSES = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999];

describe('newtonBetaHdi (fast path) against the quantile search', () => {
  for (const mass of MASSES) {
    it(`agrees to 1e-12 at mass ${mass} wherever it answers`, () => {
      let answered = 0;
      for (const a of SHAPES) {
        for (const b of SHAPES) {
          const fast = newtonBetaHdi(a, b, mass);
          if (fast === null) continue; // the caller falls back to the quantile search
          answered++;
          const slow = quantileSearchBetaHdi(a, b, mass);
          expect(Math.abs(fast[0] - slow[0]), `Beta(${a}, ${b}) lower`).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(fast[1] - slow[1]), `Beta(${a}, ${b}) upper`).toBeLessThanOrEqual(1e-12);
        }
      }
      expect(answered).toBeGreaterThanOrEqual(SHAPES.length * SHAPES.length - 2 * SHAPES.length);
    });
  }

  it('answers every shape with both parameters ≥ 2 (the quadrature range)', () => {
    for (const a of SHAPES.filter((shape) => shape >= 2)) {
      for (const b of SHAPES.filter((shape) => shape >= 2)) {
        for (const mass of [0.01, ...MASSES, 0.9999])
          expect(newtonBetaHdi(a, b, mass), `Beta(${a}, ${b}), ${mass}`).not.toBeNull();
      }
    }
  });

  it('declines shapes that are not unimodal', () => {
    expect(newtonBetaHdi(1, 5, 0.9)).toBeNull();
    expect(newtonBetaHdi(3, 0.5, 0.9)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { reference, relativeError } from '../__fixtures__/reference.ts';
import {
  betaCdf,
  betaPdf,
  betaQuantile,
  betaSf,
  logBeta,
  logBetaPdf,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  regularizedGammaQ,
} from './index.ts';

type NormalCase = { x: number; cdf: number; sf: number; pdf: number };
type BetaCase = {
  x: number;
  a: number;
  b: number;
  cdf: number;
  sf: number;
  pdf: number;
  logPdf: number;
  source: string;
};

describe('normal distribution (mpmath, 50 digits)', () => {
  it.each(reference.normal as NormalCase[])('x = $x', ({ x, cdf, sf, pdf }) => {
    expect(relativeError(normalCdf(x), cdf)).toBeLessThan(1e-14);
    expect(relativeError(normalSf(x), sf)).toBeLessThan(1e-14);
    expect(relativeError(normalPdf(x), pdf)).toBeLessThan(1e-14);
  });

  it.each(reference.normalQuantile as { p: number; quantile: number }[])(
    'quantile p = $p',
    ({ p, quantile }) => {
      expect(relativeError(normalQuantile(p), quantile)).toBeLessThan(1e-14);
    },
  );

  it('handles the ends of the domain', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalPdf(Infinity)).toBe(0);
  });
});

describe('log gamma and log beta (mpmath)', () => {
  it.each(reference.logGamma as { x: number; logGamma: number }[])(
    'logGamma($x)',
    ({ x, logGamma: expected }) => {
      // Near the zeros at 1 and 2 only absolute accuracy is meaningful.
      const error =
        Math.abs(expected) < 0.5
          ? Math.abs(logGamma(x) - expected)
          : relativeError(logGamma(x), expected);
      expect(error).toBeLessThan(2e-15);
    },
  );

  it.each(reference.logBeta as { a: number; b: number; logBeta: number }[])(
    'logBeta($a, $b)',
    ({ a, b, logBeta: expected }) => {
      expect(relativeError(logBeta(a, b), expected)).toBeLessThan(1e-14);
    },
  );

  it('logGamma reflects for negative non-integers and is infinite at poles', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-2)).toBe(Infinity);
    // Γ(−0.5) = −2√π
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
  });
});

describe('incomplete beta (mpmath for moderate shapes, scipy for a + b up to 1e7)', () => {
  it.each(reference.beta as BetaCase[])(
    'x = $x, a = $a, b = $b ($source)',
    ({ x, a, b, cdf, sf, pdf, logPdf, source }) => {
      // scipy's large-shape values are themselves only ~1e-11 accurate; mpmath's are exact to 50 digits.
      const tolerance = source === 'mpmath' ? 1e-13 : 5e-11;
      expect(relativeError(betaCdf(x, a, b), cdf)).toBeLessThan(tolerance);
      expect(relativeError(betaSf(x, a, b), sf)).toBeLessThan(tolerance);
      expect(relativeError(betaPdf(x, a, b), pdf)).toBeLessThan(a + b > 1e5 ? 1e-9 : 1e-13);
      expect(Math.abs(logBetaPdf(x, a, b) - logPdf)).toBeLessThan(a + b > 1e5 ? 1e-9 : 1e-13);
    },
  );

  it('treats the support edges and invalid shapes explicitly', () => {
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(betaSf(-1, 2, 3)).toBe(1);
    expect(betaPdf(0, 0.5, 2)).toBe(Infinity);
    expect(betaPdf(0, 1, 4)).toBeCloseTo(4, 14);
    expect(betaPdf(1.5, 2, 2)).toBe(0);
    expect(betaCdf(0.5, -1, 2)).toBeNaN();
  });
});

describe('beta quantile', () => {
  it.each(
    reference.betaQuantile as {
      p: number;
      a: number;
      b: number;
      quantile: number;
      source: string;
    }[],
  )('p = $p, a = $a, b = $b ($source)', ({ p, a, b, quantile }) => {
    // Relative error allowed grows with the condition number 1/a of x in p at the lower end.
    const tolerance = 1e-13 * Math.max(1, 1 / Math.min(a, b));
    expect(relativeError(betaQuantile(p, a, b), quantile)).toBeLessThan(tolerance);
  });

  it('inverts betaCdf across shapes and probabilities', () => {
    for (const [a, b] of [
      [0.2, 0.7],
      [2, 9],
      [60, 40],
      [1e4, 3e4],
      [0.9, 300],
    ]) {
      for (const p of [1e-12, 0.01, 0.3, 0.5, 0.77, 0.999]) {
        const x = betaQuantile(p, a, b);
        const back = p <= 0.5 ? betaCdf(x, a, b) : 1 - betaSf(x, a, b);
        expect(relativeError(back, p)).toBeLessThan(1e-12);
      }
    }
  });

  it('returns the ends for p = 0 and p = 1', () => {
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
    expect(betaQuantile(2, 2, 3)).toBeNaN();
  });
});

describe('regularized upper incomplete gamma (mpmath)', () => {
  it.each(reference.gammaQ as { s: number; x: number; q: number }[])('Q($s, $x)', ({ s, x, q }) => {
    expect(relativeError(regularizedGammaQ(s, x), q)).toBeLessThan(1e-13);
  });
});

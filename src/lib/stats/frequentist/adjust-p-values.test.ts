import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../types.ts';
import { loadFixture, scaledError } from './__fixtures__/load.ts';
import { adjustPValues, type PValueCorrection } from './adjust-p-values.ts';

type Case = { name: string; pValues: number[] } & Record<PValueCorrection, number[]>;
const { cases } = loadFixture<{ cases: Case[] }>('corrections.json');
const METHODS: PValueCorrection[] = ['bonferroni', 'holm', 'benjamini-hochberg'];

describe('adjustPValues against the O(m²) definitions', () => {
  for (const method of METHODS) {
    it.each(cases)(`${method}: $name`, (c) => {
      const adjusted = adjustPValues(c.pValues, method);
      expect(adjusted).toHaveLength(c.pValues.length);
      adjusted.forEach((p, i) => expect(scaledError(p, c[method][i], 1e-300)).toBeLessThan(1e-12));
    });
  }
});

describe('adjustPValues properties', () => {
  const raw = [0.042, 0.001, 0.216, 0.039, 0.06, 0.008, 0.212, 0.041, 0.205, 0.074];

  it('keeps the order of the input and the ranking of the p-values (monotone)', () => {
    for (const method of METHODS) {
      const adjusted = adjustPValues(raw, method);
      for (let i = 0; i < raw.length; i++)
        for (let j = 0; j < raw.length; j++)
          if (raw[i] < raw[j]) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
      adjusted.forEach((p, i) => {
        expect(p).toBeGreaterThanOrEqual(raw[i]);
        expect(p).toBeLessThanOrEqual(1);
      });
    }
  });

  it('orders Bonferroni ≥ Holm ≥ Benjamini–Hochberg', () => {
    const [bonferroni, holm, bh] = METHODS.map((method) => adjustPValues(raw, method));
    raw.forEach((_, i) => {
      expect(bonferroni[i]).toBeGreaterThanOrEqual(holm[i]);
      expect(holm[i]).toBeGreaterThanOrEqual(bh[i]);
    });
  });

  it('gives tied p-values one adjusted value, whatever their positions', () => {
    const tied = [0.02, 0.01, 0.02, 0.04, 0.01, 0.02];
    for (const method of METHODS) {
      const adjusted = adjustPValues(tied, method);
      expect(adjusted[0]).toBe(adjusted[2]);
      expect(adjusted[2]).toBe(adjusted[5]);
      expect(adjusted[1]).toBe(adjusted[4]);
      const permuted = adjustPValues([0.01, 0.02, 0.04, 0.02, 0.01, 0.02], method);
      expect(permuted[0]).toBe(adjusted[1]);
      expect(permuted[1]).toBe(adjusted[0]);
      expect(permuted[2]).toBe(adjusted[3]);
    }
  });

  it('worked example: Holm and BH on four p-values', () => {
    // Holm: sorted 0.01, 0.02, 0.03, 0.04 → 4·0.01, 3·0.02, 2·0.03, 1·0.04 = .04 .06 .06 .06 (running max).
    expect(adjustPValues([0.04, 0.01, 0.03, 0.02], 'holm')).toEqual([0.06, 0.04, 0.06, 0.06]);
    // BH: 4/1·0.01, 4/2·0.02, 4/3·0.03, 4/4·0.04 = .04 .04 .04 .04.
    adjustPValues([0.04, 0.01, 0.03, 0.02], 'benjamini-hochberg').forEach((p) =>
      expect(p).toBeCloseTo(0.04, 15),
    );
  });

  it('does not modify its input and accepts an empty list', () => {
    const input = [0.3, 0.1];
    adjustPValues(input, 'holm');
    expect(input).toEqual([0.3, 0.1]);
    expect(adjustPValues([], 'benjamini-hochberg')).toEqual([]);
  });

  it('rejects p-values outside [0, 1] and unknown methods', () => {
    expect(() => adjustPValues([0.2, NaN], 'holm')).toThrow(StatsInputError);
    expect(() => adjustPValues([1.2], 'bonferroni')).toThrow(/pValues\[0\]/);
    expect(() => adjustPValues([0.2], 'hochberg' as PValueCorrection)).toThrow(/method/);
  });
});

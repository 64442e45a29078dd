import { describe, expect, it } from 'vitest';
import { formatPValue } from '../format/index.ts';
import { frequentistWording } from './frequentist-wording.ts';

describe('the words of each frequentist mode', () => {
  it('names the interval and the p-value', () => {
    const fixed = frequentistWording({
      inference: 'frequentist',
      confidenceLevel: 0.95,
      correction: 'none',
    });
    expect([fixed.interval, fixed.pValue]).toEqual(['95% confidence interval', 'p-value']);
    const sequential = frequentistWording({
      inference: 'sequential',
      confidenceLevel: 0.9,
      correction: 'holm',
    });
    expect([sequential.interval, sequential.pValue]).toEqual([
      '90% always-valid interval (sequential)',
      'always-valid p-value (Holm-adjusted)',
    ]);
    expect(
      frequentistWording({
        inference: 'frequentist',
        confidenceLevel: 0.95,
        correction: 'benjamini-hochberg',
      }).pValue,
    ).toBe('p-value (Benjamini–Hochberg-adjusted)');
  });

  it('writes p-values with four decimals, never a false 0, never NaN', () => {
    expect(formatPValue(0.065684)).toBe('0.0657');
    expect(formatPValue(1)).toBe('1.0000');
    expect(formatPValue(0)).toBe('0.0000');
    expect(formatPValue(3e-9)).toBe('<0.0001');
    expect(formatPValue(Number.NaN)).toBe('—');
  });
});

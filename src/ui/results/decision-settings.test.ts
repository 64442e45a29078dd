import { describe, expect, it } from 'vitest';
import { parseMinimumUnits, parseOpenPercent, percentText } from './decision-settings.ts';

describe('parseOpenPercent', () => {
  it('reads a percentage as a fraction and shows it back', () => {
    expect(parseOpenPercent('0.25')).toEqual({ ok: true, value: 0.0025 });
    expect(parseOpenPercent(' 5 % ')).toEqual({ ok: true, value: 0.05 });
    expect(parseOpenPercent('0.1')).toEqual({ ok: true, value: 0.001 });
    expect(percentText(0.0025)).toBe('0.25');
    expect(percentText(0.05)).toBe('5');
  });

  it('refuses 0, 100, blanks and text', () => {
    for (const text of ['0', '100', '', 'abc', '-1'])
      expect(parseOpenPercent(text).ok, text).toBe(false);
  });
});

describe('parseMinimumUnits', () => {
  it('reads whole numbers, with thousands separators', () => {
    expect(parseMinimumUnits('1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseMinimumUnits('0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses fractions, negatives and blanks', () => {
    for (const text of ['1.5', '-3', '', 'many', '2000000000'])
      expect(parseMinimumUnits(text).ok, text).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createMetric } from '../../lib/domain/create.ts';
import {
  marginPercentText,
  metricRole,
  parseAttributes,
  parseMarginPercent,
  withRole,
} from './metric-role.ts';

const metrics = () => [
  createMetric({ key: 'checkout', name: 'Checkout', eventKey: 'c', primary: true }),
  createMetric({ key: 'revenue', name: 'Revenue', eventKey: 'r' }),
  createMetric({ key: 'latency', name: 'Latency', eventKey: 'l' }),
];

describe('withRole', () => {
  it('makes a guardrail with the default −1% margin, keeping a margin it already had', () => {
    const next = withRole(metrics(), 2, 'guardrail');
    expect(next.map(metricRole)).toEqual(['primary', 'secondary', 'guardrail']);
    expect(next[2].guardrailMargin).toBe(0.01);
    const kept = withRole(
      [...next.slice(0, 2), { ...next[2], guardrailMargin: 0.05 }],
      2,
      'guardrail',
    );
    expect(kept[2].guardrailMargin).toBe(0.05);
  });

  it('a new primary demotes the old one and drops its own margin', () => {
    const guarded = withRole(metrics(), 2, 'guardrail');
    const next = withRole(guarded, 2, 'primary');
    expect(next.map(metricRole)).toEqual(['secondary', 'secondary', 'primary']);
    expect('guardrailMargin' in next[2]).toBe(false);
  });

  it('secondary removes the margin property entirely (the record stays as before roles)', () => {
    const next = withRole(withRole(metrics(), 1, 'guardrail'), 1, 'secondary');
    expect(next[1]).toEqual(metrics()[1]);
  });
});

describe('parseMarginPercent and marginPercentText', () => {
  it('read percent, with or without the sign, and show it back', () => {
    expect(parseMarginPercent('1')).toEqual({ ok: true, value: 0.01 });
    expect(parseMarginPercent(' 2.5 % ')).toEqual({ ok: true, value: 0.025 });
    expect(parseMarginPercent('0')).toEqual({ ok: true, value: 0 });
    expect(marginPercentText(0.025)).toBe('2.5');
    expect(marginPercentText(0.07)).toBe('7');
    expect(marginPercentText(undefined)).toBe('');
  });

  it('refuse blanks, negatives, 100% and beyond, and text', () => {
    for (const text of ['', '-1', '100', 'abc', 'Infinity'])
      expect(parseMarginPercent(text).ok, text).toBe(false);
  });
});

describe('parseAttributes', () => {
  it('trims, drops blanks and keeps repeats for the design rules to name', () => {
    expect(parseAttributes(' country, plan ,, country ,')).toEqual(['country', 'plan', 'country']);
    expect(parseAttributes('')).toEqual([]);
  });
});

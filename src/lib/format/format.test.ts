import { describe, expect, it, test } from 'vitest';
import {
  MISSING,
  columnSpan,
  formatBytes,
  formatLoss,
  lossDecimals,
  formatCount,
  formatDay,
  formatInterval,
  formatMass,
  formatProbability,
  formatRelative,
  formatRelativeInterval,
  formatTick,
  formatTimestamp,
  formatValue,
} from './format.ts';

const BAD = [NaN, Infinity, -Infinity, undefined, null];

describe('nothing shows NaN, Infinity, undefined or null', () => {
  it.each(BAD.map((value) => [String(value), value]))('%s', (_, value) => {
    const outputs = [
      formatCount(value as number),
      formatValue(value as number, 'number'),
      formatValue(value as number, 'rate'),
      formatRelative(value as number),
      formatProbability(value as number),
      formatMass(value as number),
      formatTimestamp(value as number),
      formatDay(value as number),
      formatBytes(value as number),
      formatInterval([value as number, 1], 'number'),
      formatInterval(value as unknown as [number, number], 'rate'),
      formatRelativeInterval([0, value as number]),
    ];
    for (const text of outputs) {
      expect(text).toBe(MISSING);
    }
  });
});

describe('precision and units', () => {
  it('counts with grouping', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
  });

  it('rates as percentages', () => {
    expect(formatValue(0.116911, 'rate')).toBe('11.7%');
    expect(formatValue(0.1, 'rate')).toBe('10.0%');
    expect(formatValue(0.00123, 'rate')).toBe('0.123%');
  });

  it('numbers with four significant digits, or the span’s precision', () => {
    expect(formatValue(10.499158, 'number')).toBe('10.50');
    expect(formatValue(1234.5678, 'number')).toBe('1,235');
    expect(formatValue(0.0012346, 'number')).toBe('0.001235');
    expect(formatValue(10.499158, 'number', 0.54)).toBe('10.499');
  });

  it('intervals share one precision', () => {
    expect(formatInterval([10.228908, 10.769407], 'number')).toBe('10.229 to 10.769');
    expect(formatInterval([0.1, 0.12], 'rate')).toBe('10.00% to 12.00%');
  });

  it('relative differences carry a sign', () => {
    expect(formatRelative(0.049916)).toBe('+4.99%');
    expect(formatRelative(-0.012)).toBe('−1.20%');
    expect(formatRelative(0)).toBe('0.00%');
    expect(formatRelativeInterval([0.011498, 0.088334])).toBe('+1.15% to +8.83%');
  });

  it('never prints negative zero', () => {
    expect(formatValue(-0.0000001, 'number', 1)).toBe('0.00');
    expect(formatRelative(-1e-9, 0.1)).toBe('0.0%');
  });

  it('probabilities never round to certainty', () => {
    expect(formatProbability(0.985704)).toBe('98.6%');
    expect(formatProbability(0.99995)).toBe('>99.9%');
    expect(formatProbability(0.00002)).toBe('<0.1%');
    expect(formatProbability(1)).toBe('100.0%');
    expect(formatProbability(0)).toBe('0.0%');
    expect(formatProbability(1.2)).toBe(MISSING);
  });

  it('ticks use the step’s precision', () => {
    expect(formatTick(0.08, 'rate', 0.01)).toBe('8%');
    expect(formatTick(0.085, 'rate', 0.005)).toBe('8.5%');
    expect(formatTick(0.1, 'relative', 0.05)).toBe('+10%');
    expect(formatTick(-0.05, 'relative', 0.05)).toBe('−5%');
    expect(formatTick(0, 'relative', 0.05)).toBe('0%');
    expect(formatTick(10.25, 'number', 0.25)).toBe('10.25');
    expect(formatTick(NaN, 'number', 1)).toBe(MISSING);
  });

  it('masses, timestamps and sizes', () => {
    expect(formatMass(0.9)).toBe('90%');
    expect(formatMass(0.995)).toBe('99.5%');
    expect(formatTimestamp(Date.UTC(2026, 2, 1, 14, 5))).toBe('2026-03-01 14:05 UTC');
    expect(formatDay(Date.UTC(2026, 2, 1, 23, 59))).toBe('2026-03-01 UTC');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

describe('one precision per column', () => {
  test('the narrowest interval of a column sets the decimals of every mean and interval in it', () => {
    // Control 9.74% (9.49% to 9.99%), treatment 9.474% (9.4% to 9.55%): widths 0.5 and 0.15 points.
    const intervals: [number, number][] = [
      [0.0949, 0.0999],
      [0.094, 0.0955],
    ];
    const span = columnSpan(intervals);
    expect(span).toBeCloseTo(0.0015, 12);
    expect(formatValue(0.0974, 'rate', span)).toBe('9.740%');
    expect(formatValue(0.09474, 'rate', span)).toBe('9.474%');
    expect(formatInterval(intervals[0], 'rate', span)).toBe('9.490% to 9.990%');
    expect(formatInterval(intervals[1], 'rate', span)).toBe('9.400% to 9.550%');
    expect(formatRelativeInterval([-0.05, 0.1], 0.01)).toBe('−5.00% to +10.00%');
  });

  test('a column without intervals falls back to each value', () => {
    expect(columnSpan([null, undefined, [1, 1]])).toBeUndefined();
  });

  test('expected loss of a rate is in percentage points, one precision for the column', () => {
    const decimals = lossDecimals([0.005, 0.00003, 0]);
    // The smallest positive loss, 0.003 points, with two significant digits: 4 decimals.
    expect(decimals).toBe(4);
    expect(formatLoss(0.005, 'rate', decimals)).toBe('0.5000 pp');
    expect(formatLoss(0.00003, 'rate', decimals)).toBe('0.0030 pp');
    expect(formatLoss(0, 'rate', decimals)).toBe('0.0000 pp');
    expect(formatLoss(0.5, 'number', lossDecimals([0.5, 0.001], 'number'))).toBe('0.5000');
    expect(formatLoss(Number.NaN, 'rate', 2)).toBe(MISSING);
    expect(lossDecimals([0, null])).toBe(2);
  });
});

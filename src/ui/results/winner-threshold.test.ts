import { expect, test } from 'vitest';
import { parseWinnerThreshold } from './winner-threshold.ts';

test('a percentage from 50 to below 100 becomes a probability', () => {
  expect(parseWinnerThreshold('95')).toEqual({ ok: true, value: 0.95 });
  expect(parseWinnerThreshold(' 50 ')).toEqual({ ok: true, value: 0.5 });
  expect(parseWinnerThreshold('99.9')).toEqual({ ok: true, value: 0.999 });
});

test.each(['150', '100', '-5', '−5', '49.9', '', '   ', 'abc', 'NaN', 'Infinity'])(
  '"%s" is refused with a message saying what is accepted',
  (text) => {
    const parsed = parseWinnerThreshold(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/50.*99\.9/);
  },
);

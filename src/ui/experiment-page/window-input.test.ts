import { describe, expect, it } from 'vitest';
import { fromUtcInput, toUtcInput, windowOfData } from './window-input.ts';

describe('iteration window fields (UTC)', () => {
  it('write a time as its UTC minute and read it back as UTC', () => {
    expect(toUtcInput(Date.UTC(2026, 2, 2, 13, 45, 59, 999))).toBe('2026-03-02T13:45');
    expect(fromUtcInput('2026-03-02T13:45')).toBe(Date.UTC(2026, 2, 2, 13, 45));
    expect(fromUtcInput('2026-03-02T13:45:30')).toBe(Date.UTC(2026, 2, 2, 13, 45, 30));
  });

  it('an end is rounded up to its minute, so saving unchanged fields never narrows the window', () => {
    expect(toUtcInput(Date.UTC(2026, 2, 5, 0, 59, 59, 1), 'up')).toBe('2026-03-05T01:00');
    expect(toUtcInput(Date.UTC(2026, 2, 5, 1, 0), 'up')).toBe('2026-03-05T01:00');
  });

  it('empty means no time; anything else that is not a time is NaN', () => {
    expect(toUtcInput(null)).toBe('');
    expect(fromUtcInput('  ')).toBeNull();
    expect(fromUtcInput('March 2')).toBeNaN();
    expect(fromUtcInput('2026-13-02T00:00')).toBeNaN();
  });

  it("the data's range covers its last event: [first, last + 1 ms)", () => {
    expect(windowOfData(10, 20)).toEqual({ start: 10, end: 21 });
    expect(windowOfData(null, 20)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decisionRecordLine, utcDayStart, utcDayText } from './decision-record.ts';

describe('the decision record dates', () => {
  it('round-trip a UTC day', () => {
    expect(utcDayStart('2026-12-06')).toBe(Date.UTC(2026, 11, 6));
    expect(utcDayText(Date.UTC(2026, 11, 6, 23, 59))).toBe('2026-12-06');
  });

  it('refuse what is not a real date', () => {
    for (const text of ['', '2026-02-30', '06/12/2026', '2026-13-01'])
      expect(utcDayStart(text)).toBeNaN();
    expect(utcDayText(Number.NaN)).toBe('');
  });

  it('read as one line, with or without who', () => {
    const at = Date.UTC(2026, 11, 6);
    expect(decisionRecordLine({ by: 'Ana', at, why: 'Ship green.' })).toBe(
      'Decided by Ana on 2026-12-06 (UTC): Ship green.',
    );
    expect(decisionRecordLine({ by: '', at, why: 'Roll back.' })).toBe(
      'Decided on 2026-12-06 (UTC): Roll back.',
    );
  });
});

// Numeric time cells: epoch seconds, milliseconds, microseconds and nanoseconds (issue #13).
import { describe, expect, it } from 'vitest';
import { msFromNumber } from './csv-cells.ts';

describe('msFromNumber', () => {
  // 2026-01-01T00:00:00Z = 1767225600 s.
  const ms = Date.UTC(2026, 0, 1);
  it('reads seconds, milliseconds, microseconds and nanoseconds since 1970', () => {
    expect(ms).toBe(1_767_225_600_000);
    expect(msFromNumber(1_767_225_600)).toBe(ms);
    expect(msFromNumber(1_767_225_600.5)).toBe(ms + 500);
    expect(msFromNumber(1_767_225_600_000)).toBe(ms);
    expect(msFromNumber(1_767_225_600_000_000)).toBe(ms);
    expect(msFromNumber(1_767_225_600_000_000_000)).toBe(ms);
  });
});

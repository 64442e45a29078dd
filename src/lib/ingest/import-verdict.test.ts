import { describe, expect, it } from 'vitest';
import { importVerdict } from './import-verdict.ts';
import { emptyDiagnostics, type IngestDiagnostics } from './types.ts';

const MARCH_2 = Date.UTC(2026, 2, 2);
const MARCH_5 = Date.UTC(2026, 2, 5);
const DEC_6 = Date.UTC(2026, 11, 6, 14, 0);

function diagnostics(fields: Partial<IngestDiagnostics>): IngestDiagnostics {
  return { ...emptyDiagnostics(), ...fields };
}

describe('importVerdict', () => {
  it('the README sample imported into an iteration started today: a warning offering the data range', () => {
    // 15,031 records of March, an iteration started on 6 December: nothing lands in the window.
    const verdict = importVerdict({
      diagnostics: diagnostics({
        recordsRead: 15_031,
        eventsOutsideWindow: 13_889,
        skipped: { 'other-flag': 600, 'not-in-experiment': 542 },
        firstTimestamp: MARCH_2,
        lastTimestamp: MARCH_5 - 1,
      }),
      units: 0,
      window: { start: DEC_6, end: null },
      flagKey: 'new-checkout',
    });
    expect(verdict.level).toBe('warning');
    expect(verdict.code).toBe('all-outside-window');
    expect(verdict.reason).toContain('No units in the window');
    expect(verdict.reason).toContain('2026-12-06 14:00 UTC to now');
    expect(verdict.reason).toContain('2026-03-02 00:00 UTC to 2026-03-04 23:59 UTC');
    expect(verdict.dataWindow).toEqual({ start: MARCH_2, end: MARCH_5 });
    expect(verdict.reason).not.toMatch(/^Imported/);
  });

  it('an ended window before the data is disjoint too', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({
        recordsRead: 10,
        eventsOutsideWindow: 10,
        firstTimestamp: MARCH_5,
        lastTimestamp: MARCH_5 + 1000,
      }),
      units: 0,
      window: { start: MARCH_2, end: MARCH_5 },
    });
    expect(verdict.code).toBe('all-outside-window');
    expect(verdict.dataWindow).toEqual({ start: MARCH_5, end: MARCH_5 + 1001 });
  });

  it('no units because evaluations lack inExperiment: names that, offers the opt-in', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({
        recordsRead: 100,
        skipped: { 'not-in-experiment': 80, 'other-event-key': 20 },
        firstTimestamp: MARCH_2,
        lastTimestamp: MARCH_5,
      }),
      units: 0,
      window: { start: MARCH_2 - 1, end: null },
      flagKey: 'new-checkout',
    });
    expect(verdict).toMatchObject({ level: 'warning', code: 'no-units' });
    expect(verdict.reason).toContain(
      '80 evaluations of “new-checkout” were not experiment exposures',
    );
    expect(verdict.fix).toContain('count every evaluation');
    expect(verdict.dataWindow).toBeUndefined();
  });

  it('no units and only other flags: points at the flag key', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({ recordsRead: 5, skipped: { 'other-flag': 5 } }),
      units: 0,
      window: { start: null, end: null },
      flagKey: 'checkout',
    });
    expect(verdict.code).toBe('no-units');
    expect(verdict.reason).toContain('no evaluation of “checkout”');
    expect(verdict.fix).toContain('flag key');
  });

  it('units found but more than half of the rows outside the window: a warning with the data range', () => {
    // 1,000 rows: 600 outside the window, 20 malformed → 620 lost > 500.
    const verdict = importVerdict({
      diagnostics: diagnostics({
        recordsRead: 980,
        malformedCount: 20,
        eventsOutsideWindow: 600,
        firstTimestamp: MARCH_2,
        lastTimestamp: MARCH_5,
      }),
      units: 120,
      window: { start: MARCH_2 + 86_400_000, end: null },
    });
    expect(verdict).toMatchObject({ level: 'warning', code: 'mostly-outside-window' });
    expect(verdict.reason).toContain('620 of 1,000');
    expect(verdict.reason).toContain('600 rows that fall outside the window');
    expect(verdict.dataWindow).toEqual({ start: MARCH_2, end: MARCH_5 + 1 });
  });

  it('other flags and other events are not losses: a full export of many flags is fine', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({
        recordsRead: 1000,
        skipped: { 'other-flag': 700, 'other-event-key': 200, summary: 50, index: 10 },
        eventsOutsideWindow: 10,
      }),
      units: 30,
      window: { start: null, end: null },
    });
    expect(verdict).toMatchObject({ level: 'ok', code: 'ok', reason: 'Imported 30 units.' });
  });

  it('exactly half lost is not "more than half"; one more is', () => {
    const base = { units: 10, window: { start: null, end: null } };
    const half = importVerdict({
      ...base,
      diagnostics: diagnostics({ recordsRead: 100, duplicatesDropped: 50 }),
    });
    expect(half.level).toBe('ok');
    const more = importVerdict({
      ...base,
      diagnostics: diagnostics({ recordsRead: 100, duplicatesDropped: 51 }),
    });
    expect(more).toMatchObject({ level: 'warning', code: 'most-rows-dropped' });
    expect(more.fix).toContain('only once');
  });

  it('sampled events: a note that they are counted, not reweighted (the import is still ok)', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({ recordsRead: 100, sampledEvents: 3 }),
      units: 40,
      window: { start: null, end: null },
    });
    expect(verdict.level).toBe('ok');
    expect(verdict.notes).toHaveLength(1);
    expect(verdict.notes[0]).toContain('3 records carry a samplingRatio above 1');
    expect(verdict.notes[0]).toContain('not reweighted');
    const plain = importVerdict({
      diagnostics: diagnostics({ recordsRead: 100 }),
      units: 40,
      window: { start: null, end: null },
    });
    expect(plain.notes).toEqual([]);
  });

  it('a metric whose sums overflowed a double: a note naming it (its numbers cannot be analysed)', () => {
    const verdict = importVerdict({
      diagnostics: diagnostics({ recordsRead: 100, nonFinite: ['revenue', 'latency'] }),
      units: 40,
      window: { start: null, end: null },
    });
    expect(verdict.level).toBe('ok');
    expect(verdict.notes).toHaveLength(1);
    expect(verdict.notes[0]).toContain('revenue, latency');
    expect(verdict.notes[0]).toContain('too large');
  });

  it('nothing read at all is an error', () => {
    expect(
      importVerdict({ diagnostics: diagnostics({}), units: 0, window: { start: null, end: null } })
        .level,
    ).toBe('error');
    const malformed = importVerdict({
      diagnostics: diagnostics({ malformedCount: 4 }),
      units: 0,
      window: { start: null, end: null },
    });
    expect(malformed).toMatchObject({ level: 'error', code: 'all-malformed' });
    expect(malformed.reason).toContain('4 records');
  });
});

// The iteration window's form fields: <input type="datetime-local"> values read and written as UTC
// (the app shows every time in UTC), to the minute.

const MINUTE = 60_000;

/**
 * "2026-03-02T00:00" for a Unix ms time; '' for none. A start is rounded down to its minute and an
 * end up, so saving the fields unchanged never narrows the window.
 */
export function toUtcInput(
  value: number | null | undefined,
  round: 'down' | 'up' = 'down',
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const minutes = round === 'up' ? Math.ceil(value / MINUTE) : Math.floor(value / MINUTE);
  return new Date(minutes * MINUTE).toISOString().slice(0, 16);
}

/** A datetime-local value read as UTC → Unix ms; null when empty, NaN when not a time. */
export function fromUtcInput(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(trimmed)) return NaN;
  return Date.parse(`${trimmed}Z`);
}

/** The data's time range as a window [first, last + 1 ms): every event of the data falls inside. */
export function windowOfData(
  firstTimestamp: unknown,
  lastTimestamp: unknown,
): { start: number; end: number } | null {
  if (typeof firstTimestamp !== 'number' || typeof lastTimestamp !== 'number') return null;
  if (!Number.isFinite(firstTimestamp) || !Number.isFinite(lastTimestamp)) return null;
  return { start: firstTimestamp, end: lastTimestamp + 1 };
}

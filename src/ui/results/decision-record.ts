// The decision record form's dates: a UTC calendar day typed in a date field, stored as Unix ms.
import type { DecisionRecord } from '../../lib/domain/types.ts';

/** A stored time as the date field shows it (UTC): 1733443200000 → "2024-12-06". */
export function utcDayText(at: number): string {
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : '';
}

/** A typed "YYYY-MM-DD" as the start of that UTC day; NaN when it is not a real date (the rule then says so). */
export function utcDayStart(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return Number.NaN;
  const at = Date.parse(`${text.trim()}T00:00:00Z`);
  return utcDayText(at) === text.trim() ? at : Number.NaN;
}

/** The record in one line, as the Results tab and exports show it. */
export function decisionRecordLine(record: DecisionRecord): string {
  const who = record.by ? ` by ${record.by}` : '';
  return `Decided${who} on ${utcDayText(record.at)} (UTC): ${record.why}`;
}

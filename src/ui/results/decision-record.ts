// The decision record form's dates: a UTC calendar day typed in a date field, stored as Unix ms.
import { decisionRecordLine, utcDayText } from '../../lib/domain/decision-record.ts';

export { decisionRecordLine, utcDayText };

/** A typed "YYYY-MM-DD" as the start of that UTC day; NaN when it is not a real date (the rule then says so). */
export function utcDayStart(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return Number.NaN;
  const at = Date.parse(`${text.trim()}T00:00:00Z`);
  return utcDayText(at) === text.trim() ? at : Number.NaN;
}

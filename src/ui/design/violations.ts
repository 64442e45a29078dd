import type { Violation } from '../../lib/domain/violation.ts';

/** Violations shown beside `field`: the exact path, or (with `nested`) anything under it. */
export function violationsAt(
  violations: readonly Violation[],
  field: string,
  nested = false,
): Violation[] {
  return violations.filter(
    (v) =>
      v.field === field ||
      (nested && (v.field.startsWith(`${field}.`) || v.field.startsWith(`${field}[`))),
  );
}

/** A stable element id for a field's messages, for aria-describedby. */
export function errorId(field: string): string {
  return `error-${field.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/** A broken rule or a malformed input: `field` is the path the UI shows the message next to. */
export type Violation = { code: string; field: string; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export function succeed<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse<T = never>(violations: Violation[]): Result<T> {
  return { ok: false, violations };
}

export function violation(code: string, field: string, message: string): Violation {
  return { code, field, message };
}

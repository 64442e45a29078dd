// Errors cross the worker boundary as data, never as thrown exceptions: a stable `code` the UI can
// branch on, a message a person can read, and the offending field when there is one.

export type WorkerErrorCode =
  | 'invalid-input'
  | 'aborted'
  | 'superseded'
  | 'unsupported-file'
  | 'parse-error'
  | 'unplaced-arms'
  | 'out-of-memory'
  | 'internal';

export type WorkerError = { code: WorkerErrorCode; message: string; field?: string };

export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

export function ok<T>(value: T): WorkerResult<T> {
  return { ok: true, value };
}

export function fail(code: WorkerErrorCode, message: string, field?: string): WorkerResult<never> {
  return field === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, field } };
}

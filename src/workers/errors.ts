// Maps anything thrown inside an analysis task to error data with a stable code.
import { StatsInputError } from '../lib/stats/types.ts';
import { fail, type WorkerResult } from '../lib/analysis/result.ts';

export function toWorkerError(error: unknown): WorkerResult<never> {
  if (error instanceof StatsInputError || isInputErrorLike(error))
    return fail('invalid-input', error.message, error.field);
  if (error instanceof RangeError && /allocation|memory/i.test(error.message))
    return fail('out-of-memory', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return fail('internal', `unexpected error in the analysis: ${message}`);
}

// Duck-typed too: an engine module loaded twice (e.g. by a test runner) has its own class identity.
function isInputErrorLike(error: unknown): error is { message: string; field: string } {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; field?: unknown; message?: unknown };
  return (
    candidate.code === 'invalid-input' &&
    typeof candidate.field === 'string' &&
    typeof candidate.message === 'string'
  );
}

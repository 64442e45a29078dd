// Storage failures that happen after the page moved on (an import finished, a background save): kept
// here and shown by the header's alert on every page, so no failed write goes unseen.
import { DbError, toDbError } from '../../lib/db/errors.ts';

export type StorageProblem = { id: number; message: string; suggestion: string };

class StorageProblems {
  list = $state.raw<StorageProblem[]>([]);
  #next = 0;

  /** Records `error` (as a DbError) for the alert and returns it. */
  report(error: unknown, context = ''): DbError {
    const failure = toDbError(error);
    const message = context ? `${context} ${failure.message}` : failure.message;
    this.list = [...this.list, { id: ++this.#next, message, suggestion: failure.suggestion }];
    return failure;
  }

  dismiss(id: number): void {
    this.list = this.list.filter((problem) => problem.id !== id);
  }
}

export const storageProblems = new StorageProblems();

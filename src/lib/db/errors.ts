// Every storage failure reaches the UI as a DbError: a stable code to branch on, a message a person
// can read, and a suggested way forward. Nothing is ever swallowed.

import type { Violation } from '../domain/violation.ts';

export type DbErrorCode =
  | 'quota-exceeded'
  | 'upgrade-blocked'
  | 'closed-by-other-tab'
  | 'newer-version'
  | 'unavailable'
  | 'corrupted-record'
  | 'invalid-record'
  | 'not-found'
  | 'rule-violation'
  | 'duplicate-key'
  | 'invalid-workspace'
  | 'conflict'
  | 'unknown';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly suggestion: string,
    readonly details: {
      violations?: Violation[];
      table?: string;
      recordId?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DbError';
  }

  get violations(): Violation[] {
    return this.details.violations ?? [];
  }
}

const SUGGESTIONS = {
  quota:
    "Export the workspace to a file, then delete old datasets or experiments, or allow this site more storage in the browser's settings.",
  unavailable:
    'Open Credence in a normal (not private) window, or in another browser. Until then, export your work to a file before closing the tab.',
  closed: 'Reload this tab: Credence was updated or its data was replaced in another tab.',
  blocked:
    'Close the other Credence tabs (they use an older version of the database), then reload this one.',
} as const;

/** The names of an error and of every error it wraps (Dexie nests the browser's error in `inner`). */
function errorNames(error: unknown): string[] {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown[] };
    if (typeof e.name === 'string') names.push(e.name);
    if (Array.isArray(e.failures)) for (const f of e.failures) names.push(...errorNames(f));
    current = e.inner ?? e.cause;
  }
  return names;
}

/** Maps anything thrown by Dexie or IndexedDB to a DbError (a DbError passes through unchanged). */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const names = errorNames(error);
  const has = (name: string) => names.includes(name);
  const text = error instanceof Error ? error.message : String(error);
  if (has('QuotaExceededError')) {
    return new DbError(
      'quota-exceeded',
      'The browser refused to store more data: the storage quota for Credence is full. Nothing from this change was saved.',
      SUGGESTIONS.quota,
      { cause: error },
    );
  }
  if (has('ConstraintError')) {
    return new DbError(
      'duplicate-key',
      `A record with the same key already exists, so nothing from this change was saved (${text}).`,
      'Choose another key, or import with "merge" to update the existing record.',
      { cause: error },
    );
  }
  if (
    has('MissingAPIError') ||
    has('SecurityError') ||
    has('InvalidStateError') ||
    (has('OpenFailedError') && has('UnknownError'))
  ) {
    return new DbError(
      'unavailable',
      'This browser does not let Credence store data here (IndexedDB is unavailable, as in some private windows).',
      SUGGESTIONS.unavailable,
      { cause: error },
    );
  }
  if (has('VersionError')) return newerVersionError(undefined, error);
  if (has('DatabaseClosedError')) {
    return new DbError(
      'closed-by-other-tab',
      'The database connection was closed.',
      SUGGESTIONS.closed,
      { cause: error },
    );
  }
  return new DbError(
    'unknown',
    `Storage failed: ${text}`,
    'Export the workspace to a file to keep a copy, then reload the page.',
    { cause: error },
  );
}

/**
 * The stored database was written by a newer Credence (a higher schema version). This build refuses
 * to open it, so it never rewrites records or indexes it does not understand.
 */
export function newerVersionError(storedVersion?: number, cause?: unknown): DbError {
  const which = storedVersion === undefined ? '' : ` (schema version ${storedVersion})`;
  return new DbError(
    'newer-version',
    `The stored workspace was written by a newer version of Credence${which}. This older version will not open it, so nothing is changed or lost.`,
    'Reload the page (or close every Credence tab and open it again) to get the newest Credence. If this keeps happening, the newer version is still cached: clear the site cache but not its data.',
    { cause },
  );
}

/** Someone else (another tab or window) saved this record after the edit being saved started from it. */
export function conflictError(table: string, id: string, name: string): DbError {
  return new DbError(
    'conflict',
    `“${name}” was changed in another tab or window after you started editing, so your changes were not saved (they are still in this form).`,
    'Load the stored version (your unsaved edits are discarded), or save yours over it (the other change is replaced).',
    { table, recordId: id },
  );
}

export function upgradeBlockedError(): DbError {
  return new DbError(
    'upgrade-blocked',
    'Credence cannot upgrade its stored data while another tab still uses the older version.',
    SUGGESTIONS.blocked,
  );
}

export function notFound(table: string, id: string): DbError {
  return new DbError(
    'not-found',
    `No ${table} record “${id}”. It may have been deleted in another tab.`,
    'Go back to the list and pick it again.',
    { table, recordId: id },
  );
}

export function corruptedRecord(table: string, id: string, violations: Violation[]): DbError {
  return new DbError(
    'corrupted-record',
    `The stored ${table} record “${id}” is damaged (${violations[0]?.message ?? 'unreadable'}).`,
    'Open the Workspace page: it exports everything that is still readable and removes the damaged record.',
    { table, recordId: id, violations },
  );
}

export function invalidRecord(table: string, violations: Violation[], cause?: unknown): DbError {
  return new DbError(
    'invalid-record',
    `This ${table} record cannot be stored: ${violations.map((v) => v.message).join(' ')}`,
    'Pass plain data: take a $state.snapshot() of Svelte state before saving, and fix the fields listed.',
    { table, violations, cause },
  );
}

export function ruleViolation(action: string, violations: Violation[]): DbError {
  return new DbError(
    'rule-violation',
    `${action}: ${violations.map((v) => v.message).join(' ')}`,
    'Fix the fields listed, then try again.',
    { violations },
  );
}

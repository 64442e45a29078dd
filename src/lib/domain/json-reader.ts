// Reading foreign JSON (the platform's REST and flag documents): typed getters that record what is
// missing or malformed with its path, and ignore every field they are not asked for.

import { isObject } from './shape.ts';
import { violation, type Violation } from './violation.ts';

export type JsonObject = Record<string, unknown>;

export class JsonReader {
  readonly errors: Violation[] = [];
  readonly warnings: Violation[] = [];

  private report(required: boolean, path: string, message: string, missing: boolean): void {
    const code = missing ? 'missing-field' : 'invalid-field';
    if (required) this.errors.push(violation(code, path, message));
    else this.warnings.push(violation(code, path, `${message} It was ignored.`));
  }

  private read<T>(
    obj: JsonObject,
    key: string,
    path: string,
    required: boolean,
    what: string,
    accept: (v: unknown) => T | undefined,
  ): T | undefined {
    const at = path ? `${path}.${key}` : key;
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.report(true, at, `${at} is missing; it must be ${what}.`, true);
      return undefined;
    }
    const accepted = accept(value);
    if (accepted === undefined) this.report(required, at, `${at} must be ${what}.`, false);
    return accepted;
  }

  string(obj: JsonObject, key: string, path: string, required = false): string | undefined {
    return this.read(obj, key, path, required, 'text', (v) =>
      typeof v === 'string' ? v : undefined,
    );
  }

  number(obj: JsonObject, key: string, path: string, required = false): number | undefined {
    return this.read(obj, key, path, required, 'a number', (v) =>
      typeof v === 'number' && Number.isFinite(v) ? v : undefined,
    );
  }

  /** A number that may arrive as a numeric string (the REST API sends percentages as strings). */
  numeric(obj: JsonObject, key: string, path: string, required = false): number | undefined {
    return this.read(obj, key, path, required, 'a number (or a numeric string)', (v) => {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    });
  }

  boolean(obj: JsonObject, key: string, path: string, required = false): boolean | undefined {
    return this.read(obj, key, path, required, 'true or false', (v) =>
      typeof v === 'boolean' ? v : undefined,
    );
  }

  object(obj: JsonObject, key: string, path: string, required = false): JsonObject | undefined {
    return this.read(obj, key, path, required, 'an object', (v) => (isObject(v) ? v : undefined));
  }

  list(obj: JsonObject, key: string, path: string, required = false): unknown[] | undefined {
    return this.read(obj, key, path, required, 'a list', (v) => (Array.isArray(v) ? v : undefined));
  }

  strings(obj: JsonObject, key: string, path: string): string[] {
    return (this.list(obj, key, path) ?? []).filter((s): s is string => typeof s === 'string');
  }

  warn(code: string, field: string, message: string): void {
    this.warnings.push(violation(code, field, message));
  }

  fail(code: string, field: string, message: string): void {
    this.errors.push(violation(code, field, message));
  }
}

export { isObject };

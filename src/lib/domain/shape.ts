// A tiny shape checker for JSON read from outside (storage, files): each check appends violations
// with the exact path of the offending value, e.g. "experiments[2].treatments[0].allocationPercent".
// Unknown fields are left alone.

import { violation, type Violation } from './violation.ts';

export type Check = (value: unknown, path: string, out: Violation[]) => void;

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;

function expect(ok: (value: unknown) => boolean, what: string): Check {
  return (value, path, out) => {
    if (value === undefined)
      out.push(violation('missing-field', path, `${path} is missing; it must be ${what}.`));
    else if (!ok(value))
      out.push(
        violation('invalid-field', path, `${path} must be ${what}, not ${describe(value)}.`),
      );
  };
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str: Check = expect((v) => typeof v === 'string', 'text');
export const nonEmptyStr: Check = expect(
  (v) => typeof v === 'string' && v.length > 0,
  'non-empty text',
);
export const num: Check = expect(
  (v) => typeof v === 'number' && Number.isFinite(v),
  'a finite number',
);
export const int: Check = expect((v) => Number.isInteger(v), 'a whole number');
export const bool: Check = expect((v) => typeof v === 'boolean', 'true or false');
export const json: Check = expect((v) => v !== undefined, 'any JSON value');

export function oneOf(...values: readonly (string | number | boolean)[]): Check {
  return expect(
    (v) => values.includes(v as string),
    `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`,
  );
}

export function nullable(check: Check): Check {
  return (value, path, out) => {
    if (value !== null) check(value, path, out);
  };
}

export function optional(check: Check): Check {
  return (value, path, out) => {
    if (value !== undefined) check(value, path, out);
  };
}

export function list(item: Check): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) return expect(() => false, 'a list')(value, path, out);
    value.forEach((v, i) => item(v, `${path}[${i}]`, out));
  };
}

export function dictionary(item: Check): Check {
  return (value, path, out) => {
    if (!isObject(value)) return expect(() => false, 'an object')(value, path, out);
    for (const [k, v] of Object.entries(value)) item(v, `${path}.${k}`, out);
  };
}

export function object(fields: Record<string, Check>): Check {
  return (value, path, out) => {
    if (!isObject(value)) return expect(() => false, 'an object')(value, path, out);
    for (const [key, check] of Object.entries(fields))
      check(value[key], path ? `${path}.${key}` : key, out);
  };
}

/** Accepts the value when any alternative accepts it; otherwise reports the first one's complaints. */
export function anyOf(...checks: Check[]): Check {
  return (value, path, out) => {
    let first: Violation[] | undefined;
    for (const check of checks) {
      const found: Violation[] = [];
      check(value, path, found);
      if (found.length === 0) return;
      first ??= found;
    }
    out.push(...(first ?? []));
  };
}

export function run(check: Check, value: unknown, path = ''): Violation[] {
  const out: Violation[] = [];
  check(value, path, out);
  return out;
}

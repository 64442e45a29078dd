// DuckDB and the SQL parser are development dependencies: only tests and their support files use them,
// so the shipped app stays free of native code and WebAssembly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : [];
  });
}

it('no app source imports @duckdb/node-api or node-sql-parser', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const offenders = sources(root)
    .filter((path) => !/\.test(-support)?\.ts$/.test(path))
    .filter((path) => /['"](@duckdb\/|node-sql-parser)/.test(readFileSync(path, 'utf8')));
  expect(offenders).toEqual([]);
});

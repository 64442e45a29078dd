// The generated text per dialect: compared with the committed __fixtures__/<dialect>.sql (written only by
// `npm run warehouse-snapshots`), and parsed where a maintained parser for the dialect exists on npm.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectOf, type DialectName } from './dialects.ts';
import { DOCS_DESIGN, EXAMPLE_DESIGN } from './example-design.ts';
import { warehouseQuery } from './query.ts';

type SqlParser = { astify(sql: string, options: { database: string }): unknown };
const { Parser } = createRequire(import.meta.url)('node-sql-parser') as {
  Parser: new () => SqlParser;
};

/** node-sql-parser's grammar per dialect (Databricks SQL: its Hive grammar, Spark SQL's ancestor). */
const GRAMMARS: Partial<Record<DialectName, string>> = {
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  databricks: 'hive',
  redshift: 'redshift',
};

const fixture = (dialect: DialectName) =>
  readFileSync(new URL(`./__fixtures__/${dialect}.sql`, import.meta.url), 'utf8');

describe.each(DIALECTS)('%s', (dialect) => {
  it('writes the committed text for the example design', () => {
    expect(warehouseQuery(EXAMPLE_DESIGN, dialect)).toBe(fixture(dialect));
  });

  const grammar = GRAMMARS[dialect];
  if (grammar !== undefined)
    it(`parses with node-sql-parser (${grammar}); a broken copy does not`, () => {
      const parser = new Parser();
      const sql = warehouseQuery(EXAMPLE_DESIGN, dialect);
      expect(() => parser.astify(sql, { database: grammar })).not.toThrow();
      const broken = sql.replace('GROUP BY unit_key\n)', 'GROUP BY unit_key\n');
      expect(() => parser.astify(broken, { database: grammar })).toThrow();
      const quoted = warehouseQuery({ ...EXAMPLE_DESIGN, flagKey: "it's \\ new" }, dialect);
      expect(() => parser.astify(quoted, { database: grammar })).not.toThrow();
    });
});

describe('literals', () => {
  it('escapes quotes as each dialect reads them, and backslashes where they escape', () => {
    const text = `it's a \\ key`;
    // Standard SQL doubles the quote; BigQuery and Spark SQL read '' as the end of the literal (Spark
    // would even join 'it' 's' into "its"): a backslash escapes it there.
    expect(dialectOf('duckdb').text(text)).toBe(`'it''s a \\ key'`);
    expect(dialectOf('snowflake').text(text)).toBe(`'it''s a \\\\ key'`);
    expect(dialectOf('redshift').text(text)).toBe(`'it''s a \\\\ key'`);
    expect(dialectOf('clickhouse').text(text)).toBe(`'it''s a \\\\ key'`);
    expect(dialectOf('bigquery').text(text)).toBe(`'it\\'s a \\\\ key'`);
    expect(dialectOf('databricks').text(text)).toBe(`'it\\'s a \\\\ key'`);
  });

  it('reads a slicing attribute by a JSON path each dialect understands', () => {
    expect(dialectOf('duckdb').attribute('attrs', 'a.b')).toBe(
      `json_extract_string(attrs, '$."a.b"')`,
    );
    expect(dialectOf('databricks').attribute('attrs', 'plan')).toBe(
      `get_json_object(attrs, '$.plan')`,
    );
    expect(dialectOf('databricks').attribute('attrs', 'a.b')).toBe(
      `get_json_object(attrs, '$[\\'a.b\\']')`,
    );
  });

  it('keeps a flag key with quotes inside its literal', () => {
    const sql = warehouseQuery({ ...EXAMPLE_DESIGN, flagKey: "x' OR '1'='1" }, 'duckdb');
    expect(sql).toContain(`flag_key = 'x'' OR ''1''=''1'`);
  });

  it('writes instants in UTC with milliseconds', () => {
    const ms = Date.UTC(2026, 2, 2, 10, 5, 7, 250);
    expect(dialectOf('duckdb').timestamp(ms)).toBe(`TIMESTAMP '2026-03-02 10:05:07.250'`);
    expect(dialectOf('bigquery').timestamp(ms)).toBe(`TIMESTAMP '2026-03-02 10:05:07.250+00'`);
    expect(dialectOf('clickhouse').timestamp(ms)).toBe(
      `toDateTime64('2026-03-02 10:05:07.250', 3, 'UTC')`,
    );
  });
});

describe('docs/data-import.md', () => {
  it('prints the Snowflake query of its example as the generator writes it', () => {
    const docs = readFileSync(new URL('../../../docs/data-import.md', import.meta.url), 'utf8');
    const example = docs.split('### Example (Snowflake)')[1]?.split('```sql\n')[1]?.split('```')[0];
    expect(example).toBe(warehouseQuery(DOCS_DESIGN, 'snowflake'));
  });
});

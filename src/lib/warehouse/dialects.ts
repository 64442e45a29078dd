// What differs between the SQL dialects the warehouse query is written in: literals, casts, dates,
// JSON attributes and identifier quoting. Everything else in the query is plain ANSI SQL.

export const DIALECTS = [
  'duckdb',
  'snowflake',
  'bigquery',
  'databricks',
  'redshift',
  'clickhouse',
] as const;

export type DialectName = (typeof DIALECTS)[number];

export const DIALECT_LABELS: Record<DialectName, string> = {
  duckdb: 'DuckDB',
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  databricks: 'Databricks SQL',
  redshift: 'Redshift',
  clickhouse: 'ClickHouse',
};

export type Dialect = {
  name: DialectName;
  /** A string literal. */
  text(value: string): string;
  /** A UTC instant (Unix ms) as a timestamp literal comparable with the time columns. */
  timestamp(ms: number): string;
  /** `time` moved back by whole days. */
  daysBefore(time: string, days: number): string;
  /** The UTC calendar day of a timestamp. */
  day(time: string): string;
  /** One attribute (a string) of a JSON object column; NULL when absent. */
  attribute(column: string, name: string): string;
  /**
   * An attribute as a slice value, by the browser's rule: a non-empty string, or a number or boolean
   * as text; NULL for anything else (absent, null, '', an object, an array).
   */
  sliceValue(column: string, name: string): string;
  /** A column alias in the result, spelled so that the result's header is exactly `name`. */
  alias(name: string): string;
  double: string;
  string: string;
  integer: string;
  date: string;
  /** Appended to the query (ClickHouse: NULLs, not default values, for rows a LEFT JOIN misses). */
  suffix: string;
};

/** ISO text of an instant without the zone: 2026-03-02 00:00:00.000 */
function utcText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A string literal: `'` doubled (standard SQL), `\` doubled where it is an escape character. BigQuery
 * and Spark SQL (`backslashOnly`) take no doubled quote: `'it''s'` ends the literal there (Spark even
 * joins adjacent literals into "its"), so `'` is written `\'`.
 */
function quoted(value: string, backslashEscapes: boolean, backslashOnly = false): string {
  const escaped = backslashEscapes ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, backslashOnly ? "\\'" : "''")}'`;
}

/** Spark's JSON path: `$.name` for a plain name, else `$['name']`. */
function sparkPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : `$['${name}']`;
}

/** A JSON path `$."name"` (keys with dots or spaces stay one key). */
function jsonPath(name: string): string {
  return `$."${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const plain = (name: string) => name;

function dialect(name: DialectName, parts: Omit<Dialect, 'name'>): Dialect {
  return { name, ...parts };
}

export function dialectOf(name: DialectName): Dialect {
  switch (name) {
    case 'duckdb':
      return dialect(name, {
        text: (value) => quoted(value, false),
        timestamp: (ms) => `TIMESTAMP '${utcText(ms)}'`,
        daysBefore: (time, days) => `${time} - INTERVAL ${days} DAY`,
        day: (time) => `CAST(${time} AS DATE)`,
        attribute: (column, key) =>
          `json_extract_string(${column}, ${quoted(jsonPath(key), false)})`,
        sliceValue: (column, key) => {
          const path = quoted(jsonPath(key), false);
          return `CASE WHEN json_type(${column}, ${path}) IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN') THEN NULLIF(json_extract_string(${column}, ${path}), '') END`;
        },
        alias: plain,
        double: 'DOUBLE',
        string: 'VARCHAR',
        integer: 'BIGINT',
        date: 'DATE',
        suffix: '',
      });
    case 'snowflake':
      return dialect(name, {
        text: (value) => quoted(value, true),
        timestamp: (ms) => `TO_TIMESTAMP_NTZ(${quoted(utcText(ms), true)})`,
        daysBefore: (time, days) => `DATEADD(day, -${days}, ${time})`,
        day: (time) => `TO_DATE(${time})`,
        attribute: (column, key) => `GET(${column}, ${quoted(key, true)})::VARCHAR`,
        sliceValue: (column, key) => {
          const value = `GET(${column}, ${quoted(key, true)})`;
          return `CASE WHEN TYPEOF(${value}) IN ('VARCHAR', 'INTEGER', 'DECIMAL', 'DOUBLE', 'BOOLEAN') THEN NULLIF(${value}::VARCHAR, '') END`;
        },
        // Unquoted names come back in capitals; the importer reads lower-case headers.
        alias: (alias) => `"${alias}"`,
        double: 'DOUBLE',
        string: 'VARCHAR',
        integer: 'BIGINT',
        date: 'DATE',
        suffix: '',
      });
    case 'bigquery':
      return dialect(name, {
        text: (value) => quoted(value, true, true),
        timestamp: (ms) => `TIMESTAMP '${utcText(ms)}+00'`,
        daysBefore: (time, days) => `TIMESTAMP_SUB(${time}, INTERVAL ${days} DAY)`,
        day: (time) => `DATE(${time})`,
        attribute: (column, key) => `JSON_VALUE(${column}, ${quoted(jsonPath(key), true, true)})`,
        // JSON_VALUE is NULL for objects and arrays already.
        sliceValue: (column, key) =>
          `NULLIF(JSON_VALUE(${column}, ${quoted(jsonPath(key), true, true)}), '')`,
        alias: plain,
        double: 'FLOAT64',
        string: 'STRING',
        integer: 'INT64',
        date: 'DATE',
        suffix: '',
      });
    case 'databricks':
      return dialect(name, {
        text: (value) => quoted(value, true, true),
        timestamp: (ms) => `TIMESTAMP '${utcText(ms)}'`,
        daysBefore: (time, days) => `${time} - INTERVAL ${days} DAY`,
        day: (time) => `CAST(${time} AS DATE)`,
        attribute: (column, key) =>
          `get_json_object(${column}, ${quoted(sparkPath(key), true, true)})`,
        // get_json_object gives objects and arrays as their JSON text: those are no value.
        sliceValue: (column, key) => {
          const value = `get_json_object(${column}, ${quoted(sparkPath(key), true, true)})`;
          return `CASE WHEN json_object_keys(${value}) IS NULL AND json_array_length(${value}) IS NULL THEN NULLIF(${value}, '') END`;
        },
        alias: (alias) => `\`${alias}\``,
        double: 'DOUBLE',
        string: 'STRING',
        integer: 'BIGINT',
        date: 'DATE',
        suffix: '',
      });
    case 'redshift':
      return dialect(name, {
        text: (value) => quoted(value, true),
        timestamp: (ms) => `TIMESTAMP '${utcText(ms)}'`,
        daysBefore: (time, days) => `DATEADD(day, -${days}, ${time})`,
        day: (time) => `CAST(${time} AS DATE)`,
        attribute: (column, key) =>
          `NULLIF(JSON_EXTRACT_PATH_TEXT(${column}, ${quoted(key, true)}), '')`,
        // JSON_EXTRACT_PATH_TEXT gives objects and arrays as their JSON text: those are no value.
        sliceValue: (column, key) => {
          const value = `JSON_EXTRACT_PATH_TEXT(${column}, ${quoted(key, true)})`;
          return `CASE WHEN LEFT(${value}, 1) IN ('{', '[') AND (IS_VALID_JSON(${value}) OR IS_VALID_JSON_ARRAY(${value})) THEN NULL ELSE NULLIF(${value}, '') END`;
        },
        alias: plain,
        double: 'DOUBLE PRECISION',
        string: 'VARCHAR',
        integer: 'BIGINT',
        date: 'DATE',
        suffix: '',
      });
    case 'clickhouse':
      return dialect(name, {
        text: (value) => quoted(value, true),
        timestamp: (ms) => `toDateTime64('${utcText(ms)}', 3, 'UTC')`,
        daysBefore: (time, days) => `${time} - toIntervalDay(${days})`,
        day: (time) => `toDate(${time}, 'UTC')`,
        attribute: (column, key) =>
          `NULLIF(JSONExtractString(${column}, ${quoted(key, true)}), '')`,
        // JSONExtractString is '' for numbers and booleans: those are read as their JSON text.
        sliceValue: (column, key) => {
          const name = quoted(key, true);
          return `multiIf(JSONType(${column}, ${name}) = 'String', NULLIF(JSONExtractString(${column}, ${name}), ''), JSONType(${column}, ${name}) IN ('Int64', 'UInt64', 'Double', 'Bool'), JSONExtractRaw(${column}, ${name}), NULL)`;
        },
        alias: (alias) => `"${alias}"`,
        double: 'Float64',
        string: 'Nullable(String)',
        integer: 'Nullable(Int64)',
        date: 'Nullable(Date)',
        suffix: '\nSETTINGS join_use_nulls = 1',
      });
  }
}

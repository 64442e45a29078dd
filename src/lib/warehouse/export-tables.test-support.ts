// Test support: the warehouse Data Export tables (evaluation_events, metric_events) as CSV, written
// from the same streamed Data Export records the browser import reads. Like the platform's warehouse
// export, a multi-kind context is fanned out to one row per kind, and an evaluation marked
// `reason.inExperiment: true` carries an experiment iteration id (others none).

export const ITERATION_ID = 'iteration-1';

export const EVALUATION_HEADER = [
  'event_id',
  'flag_key',
  'context_key',
  'context_kind',
  'context_attributes',
  'variation_id',
  'reason_kind',
  'experiment_iteration_id',
  'received_time',
] as const;

export const METRIC_HEADER = [
  'event_id',
  'event_key',
  'context_key',
  'context_kind',
  'metric_value',
  'received_time',
] as const;

type Json = Record<string, unknown>;
type Cell = string | number | null | undefined;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Context kind → its key and attributes, by the import's rule 1 (contextKeys first, then context, then userKey). */
export function contextsOf(event: Json): Map<string, { key: string; attributes: Json }> {
  const contexts = new Map<string, { key: string; attributes: Json }>();
  const attributesOf = (context: Json): Json => {
    const rest: Json = {};
    for (const [name, value] of Object.entries(context))
      if (name !== 'key' && name !== 'kind') rest[name] = value;
    return rest;
  };
  const fromContext = new Map<string, Json>();
  const context = event.context;
  if (isObject(context)) {
    if (context.kind === 'multi') {
      for (const [kind, sub] of Object.entries(context))
        if (kind !== 'kind' && isObject(sub)) fromContext.set(kind, sub);
    } else fromContext.set(typeof context.kind === 'string' ? context.kind : 'user', context);
  }
  const add = (kind: string, key: unknown, attributes: Json = {}) => {
    if (typeof key === 'string' && key !== '' && !contexts.has(kind))
      contexts.set(kind, { key, attributes });
  };
  if (isObject(event.contextKeys))
    for (const [kind, key] of Object.entries(event.contextKeys))
      add(kind, key, fromContext.has(kind) ? attributesOf(fromContext.get(kind)!) : {});
  for (const [kind, sub] of fromContext) add(kind, sub.key, attributesOf(sub));
  add('user', event.userKey);
  if (isObject(event.user)) add('user', event.user.key);
  return contexts;
}

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** 2026-03-02 10:00:00.000 (UTC, no zone: the tables' TIMESTAMP columns). */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export type ExportTables = { evaluations: string; metrics: string };

/** Both tables as CSV text (with headers) from Data Export lines (envelopes or bare events). */
export function exportTables(lines: Iterable<string>): ExportTables {
  const evaluations: string[] = [EVALUATION_HEADER.join(',')];
  const metrics: string[] = [METRIC_HEADER.join(',')];
  let line = 0;
  for (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const record = JSON.parse(text) as Json;
    const event = isObject(record.event) ? record.event : record;
    const time = typeof event.creationDate === 'number' ? timestampText(event.creationDate) : null;
    const contexts = contextsOf(event);
    if (event.kind === 'feature') {
      const reason = isObject(event.reason) ? event.reason : {};
      const variation = typeof event.variation === 'number' ? event.variation : null;
      for (const [kind, { key, attributes }] of contexts)
        evaluations.push(
          [
            `evaluation-${line}`,
            event.key as string,
            key,
            kind,
            JSON.stringify(attributes),
            variation,
            reason.kind as string | undefined,
            reason.inExperiment === true ? ITERATION_ID : null,
            time,
          ]
            .map(csvCell)
            .join(','),
        );
    } else if (event.kind === 'custom' || event.kind === 'click' || event.kind === 'pageview') {
      const value = typeof event.metricValue === 'number' ? event.metricValue : null;
      for (const [kind, { key }] of contexts)
        metrics.push(
          [event.id as string | undefined, event.key as string, key, kind, value, time]
            .map(csvCell)
            .join(','),
        );
    }
  }
  return { evaluations: evaluations.join('\n') + '\n', metrics: metrics.join('\n') + '\n' };
}

/** DuckDB statements that load both CSV files (paths) as the platform's tables, with their types. */
export function duckdbLoad(evaluationsPath: string, metricsPath: string): string[] {
  const path = (value: string) => `'${value.replace(/'/g, "''")}'`;
  return [
    `CREATE TABLE evaluation_events AS SELECT * FROM read_csv(${path(evaluationsPath)}, header = true, columns = {` +
      `'event_id': 'VARCHAR', 'flag_key': 'VARCHAR', 'context_key': 'VARCHAR', 'context_kind': 'VARCHAR', ` +
      `'context_attributes': 'VARCHAR', 'variation_id': 'VARCHAR', 'reason_kind': 'VARCHAR', ` +
      `'experiment_iteration_id': 'VARCHAR', 'received_time': 'TIMESTAMP'})`,
    `CREATE TABLE metric_events AS SELECT * FROM read_csv(${path(metricsPath)}, header = true, columns = {` +
      `'event_id': 'VARCHAR', 'event_key': 'VARCHAR', 'context_key': 'VARCHAR', 'context_kind': 'VARCHAR', ` +
      `'metric_value': 'DOUBLE', 'received_time': 'TIMESTAMP'})`,
  ];
}

export type ResultRow = Record<string, string | number | null>;

type Connection = import('@duckdb/node-api').DuckDBConnection;

/**
 * Loads both tables into DuckDB (in memory) and hands the connection to `use`. The DuckDB package is a
 * development dependency: only tests import this module.
 */
export async function withDuckdb<T>(
  dir: string,
  tables: ExportTables,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const evaluationsPath = join(dir, 'evaluation_events.csv');
  const metricsPath = join(dir, 'metric_events.csv');
  writeFileSync(evaluationsPath, tables.evaluations);
  writeFileSync(metricsPath, tables.metrics);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of duckdbLoad(evaluationsPath, metricsPath))
      await connection.run(statement);
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const NUMERIC = new Set([
  'units',
  'conversions',
  'sum',
  'sum_squares',
  'denominator_sum',
  'denominator_sum_squares',
  'cross_sum',
  'covariate_sum',
  'covariate_sum_squares',
  'covariate_cross_sum',
]);

/** The query's rows, numbers as numbers. */
export function runOnDuckdb(
  dir: string,
  tables: ExportTables,
  query: string,
): Promise<ResultRow[]> {
  return withDuckdb(dir, tables, async (connection) => {
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJson().map((row) => {
      const out: ResultRow = {};
      for (const [name, value] of Object.entries(row))
        out[name] = value === null ? null : NUMERIC.has(name) ? Number(value) : (value as string);
      return out;
    });
  });
}

/** The query's result as the file a user downloads: DuckDB's own CSV or JSON writer. */
export function resultFile(
  dir: string,
  tables: ExportTables,
  query: string,
  format: 'csv' | 'json',
): Promise<string> {
  return withDuckdb(dir, tables, async (connection) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const path = join(dir, `result.${format}`);
    const options = format === 'csv' ? 'FORMAT CSV, HEADER' : 'FORMAT JSON, ARRAY true';
    await connection.run(`COPY (${query.trim().replace(/;$/, '')}) TO '${path}' (${options})`);
    return readFileSync(path, 'utf8');
  });
}

// The workspace file: one JSON document holding every table, with a format version so later
// versions of Credence can read (and migrate) files written by earlier ones.

import {
  checkRecord,
  primaryKeyField,
  TABLE_NAMES,
  type RecordOf,
  type TableName,
} from './record-shapes.ts';
import { isObject } from './shape.ts';
import { refuse, succeed, violation, type Result, type Violation } from './violation.ts';

export const WORKSPACE_FORMAT = 'credence-workspace';
export const WORKSPACE_FORMAT_VERSION = 1;

export type WorkspaceTables = { [N in TableName]: RecordOf[N][] };

export type WorkspaceFile = {
  format: typeof WORKSPACE_FORMAT;
  formatVersion: typeof WORKSPACE_FORMAT_VERSION;
  exportedAt: number;
} & WorkspaceTables;

export function emptyWorkspaceTables(): WorkspaceTables {
  return {
    environments: [],
    flags: [],
    layers: [],
    holdouts: [],
    experiments: [],
    iterations: [],
    datasets: [],
    settings: [],
  };
}

/** The primary key of each table's records. */
export function primaryKeyOf(table: TableName, record: { id?: string; key?: string }): string {
  return record[primaryKeyField(table)] ?? '';
}

const KEYED_TABLES: TableName[] = ['environments', 'flags', 'layers', 'holdouts', 'experiments'];

function checkUniqueness(tables: WorkspaceTables, out: Violation[]): void {
  for (const table of TABLE_NAMES) {
    const ids = new Set<string>();
    tables[table].forEach((record, i) => {
      const id = primaryKeyOf(table, record);
      if (ids.has(id))
        out.push(
          violation(
            'duplicate-id',
            `${table}[${i}]`,
            `${table}[${i}] repeats the id “${id}” of an earlier record.`,
          ),
        );
      ids.add(id);
    });
  }
  for (const table of KEYED_TABLES) {
    const keys = new Set<string>();
    (tables[table] as { key: string }[]).forEach((record, i) => {
      if (keys.has(record.key))
        out.push(
          violation(
            'duplicate-key',
            `${table}[${i}].key`,
            `${table}[${i}] repeats the key “${record.key}”; keys are unique.`,
          ),
        );
      keys.add(record.key);
    });
  }
}

function checkReferences(tables: WorkspaceTables, out: Violation[]): void {
  const experimentIds = new Set(tables.experiments.map((e) => e.id));
  const iterationIds = new Set(tables.iterations.map((it) => it.id));
  tables.iterations.forEach((it, i) => {
    if (!experimentIds.has(it.experimentId)) {
      out.push(
        violation(
          'dangling-reference',
          `iterations[${i}].experimentId`,
          `Iteration ${it.id} belongs to experiment “${it.experimentId}”, which is not in the file.`,
        ),
      );
    }
  });
  tables.datasets.forEach((d, i) => {
    if (!iterationIds.has(d.iterationId)) {
      out.push(
        violation(
          'dangling-reference',
          `datasets[${i}].iterationId`,
          `Dataset ${d.id} belongs to iteration “${d.iterationId}”, which is not in the file.`,
        ),
      );
    }
  });
}

/** Checks (and types) a parsed workspace file, or its JSON text. Reports every problem with its path. */
export function parseWorkspace(input: unknown): Result<WorkspaceFile> {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      return refuse([
        violation('invalid-json', '', `The file is not valid JSON (${(error as Error).message}).`),
      ]);
    }
  }
  if (!isObject(doc) || doc.format !== WORKSPACE_FORMAT) {
    return refuse([
      violation(
        'not-a-workspace',
        'format',
        `This is not a Credence workspace file: "format" must be "${WORKSPACE_FORMAT}".`,
      ),
    ]);
  }
  if (
    typeof doc.formatVersion !== 'number' ||
    doc.formatVersion > WORKSPACE_FORMAT_VERSION ||
    doc.formatVersion < 1
  ) {
    return refuse([
      violation(
        'unsupported-format-version',
        'formatVersion',
        `This workspace file has format version ${String(doc.formatVersion)}; this Credence reads version ${WORKSPACE_FORMAT_VERSION}. Update Credence to open it.`,
      ),
    ]);
  }
  const out: Violation[] = [];
  if (typeof doc.exportedAt !== 'number')
    out.push(
      violation('invalid-field', 'exportedAt', 'exportedAt must be a time in Unix milliseconds.'),
    );
  for (const table of TABLE_NAMES) {
    const records = doc[table];
    if (!Array.isArray(records)) {
      out.push(
        violation('missing-field', table, `${table} must be a list of records (it may be empty).`),
      );
      continue;
    }
    records.forEach((record, i) => out.push(...checkRecord(table, record, `${table}[${i}]`)));
  }
  if (out.length > 0) return refuse(out);
  const file = doc as unknown as WorkspaceFile;
  checkUniqueness(file, out);
  checkReferences(file, out);
  return out.length > 0 ? refuse(out) : succeed(file);
}

/** Builds the file from table contents, each table sorted by primary key so output is canonical. */
export function buildWorkspaceFile(tables: WorkspaceTables, exportedAt: number): WorkspaceFile {
  const sorted = {} as Record<TableName, unknown[]>;
  for (const table of TABLE_NAMES) {
    sorted[table] = [...tables[table]].sort((a, b) => {
      const ka = primaryKeyOf(table, a);
      const kb = primaryKeyOf(table, b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }
  return {
    format: WORKSPACE_FORMAT,
    formatVersion: WORKSPACE_FORMAT_VERSION,
    exportedAt,
    ...(sorted as WorkspaceTables),
  };
}

export function serializeWorkspace(file: WorkspaceFile): string {
  return JSON.stringify(file, null, 2);
}

// Streams one CSV source: header, column lookup with clear errors (missing columns, wrong
// delimiter), then every data row.
import { IngestError } from './errors.ts';
import { CsvReader, DELIMITERS, type CsvRow, type CsvRowSink } from './csv-reader.ts';
import { Breather, type ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';

export type CsvColumns = {
  headers: string[];
  delimiter: string;
  index: (column: string | undefined) => number;
  /** How many header cells bear this name (case and surrounding spaces aside). */
  count?: (column: string) => number;
};

/**
 * What readCsvFile calls. Best given as an instance of a class (methods on its prototype), for the
 * reason CsvRowSink gives: then the same calls serve every file.
 */
export type CsvFileHandlers = {
  /** Called with the header before any row; throws to refuse the file. */
  onHeader(columns: CsvColumns): void;
  onRow(row: CsvRow): void;
  onProblem(line: number, reason: string): void;
};

const normalise = (name: string) => name.trim().toLowerCase();

export function requireColumns(
  file: string,
  columns: CsvColumns,
  required: Record<string, string | undefined>,
): void {
  for (const [field, column] of Object.entries(required)) {
    if (column !== undefined && (columns.count?.(column) ?? 1) > 1)
      throw namedTwice(file, column, field);
  }
  const missing = Object.entries(required).filter(
    ([, column]) => column === undefined || columns.index(column) < 0,
  );
  if (missing.length === 0) return;
  const delimiter = columns.delimiter;
  const shown = (d: string | undefined) => (d === '\t' ? 'tab' : `"${d}"`);
  if (
    columns.headers.length === 1 &&
    DELIMITERS.some((d) => d !== delimiter && columns.headers[0].includes(d))
  ) {
    const other = DELIMITERS.find((d) => d !== delimiter && columns.headers[0].includes(d));
    throw new IngestError(
      'parse-error',
      `${file}: the header has a single column; the file seems to use ${shown(other)} as delimiter, not ${shown(delimiter)}.`,
    );
  }
  const list = missing
    .map(([field, column]) =>
      column === undefined ? `${field} (no column chosen)` : `${field} ("${column}")`,
    )
    .join(', ');
  throw new IngestError(
    'invalid-input',
    `${file}: missing columns: ${list}. The header has: ${columns.headers.join(', ')}.`,
    missing[0][0],
  );
}

/** The error for a column the header names more than once: which one is meant cannot be told. */
export function namedTwice(file: string, column: string, field: string): IngestError {
  return new IngestError(
    'invalid-input',
    `${file}: the header names "${column}" twice (or more, case aside): rename the columns so that each name is used once.`,
    field,
  );
}

/**
 * The header's names. A function of its own: a closure over `row` inside the row handler would make
 * every call of the handler allocate a context for it.
 */
function headerNames(row: CsvRow): string[] {
  return Array.from({ length: row.count }, (_, i) => row.text(i).trim());
}

function headerColumns(names: string[], delimiter: string): CsvColumns {
  const lookup = new Map(names.map((name, i) => [normalise(name), i]));
  const counts = new Map<string, number>();
  for (const name of names) counts.set(normalise(name), (counts.get(normalise(name)) ?? 0) + 1);
  return {
    headers: names,
    delimiter,
    index: (column) => (column === undefined ? -1 : (lookup.get(normalise(column)) ?? -1)),
    count: (column) => counts.get(normalise(column)) ?? 0,
  };
}

/** One file's rows as they come out of its reader: the header, then the rows checked against it. */
class FileRows implements CsvRowSink {
  readonly reader: CsvReader;
  header: string[] | null = null;
  rows = 0;

  constructor(
    private readonly handlers: CsvFileHandlers,
    private readonly progress: ProgressTracker,
    delimiter: string | undefined,
  ) {
    this.reader = new CsvReader(this, delimiter);
  }

  onRow(row: CsvRow): void {
    const header = this.header;
    if (header === null) {
      this.header = headerNames(row);
      this.handlers.onHeader(headerColumns(this.header, this.reader.delimiter ?? ','));
      return;
    }
    if (row.count !== header.length) {
      this.handlers.onProblem(
        row.line,
        `${row.count} fields where the header has ${header.length}`,
      );
      return;
    }
    this.rows++;
    this.progress.records++;
    this.handlers.onRow(row);
  }

  onProblem(line: number, reason: string): void {
    this.handlers.onProblem(line, reason);
  }
}

export type CsvFileOutcome = { empty: boolean; rows: number; delimiter: string | undefined };

/** One CSV file fed chunk by chunk: readCsvFile feeds it from a Blob, a parser thread from messages. */
export class CsvFileParser {
  private readonly rows: FileRows;

  constructor(handlers: CsvFileHandlers, progress: ProgressTracker, delimiter: string | undefined) {
    this.rows = new FileRows(handlers, progress, delimiter);
  }

  push(chunk: Uint8Array): void {
    this.rows.reader.push(chunk);
  }

  finish(): CsvFileOutcome {
    const rows = this.rows;
    rows.reader.finish();
    return { empty: rows.header === null, rows: rows.rows, delimiter: rows.reader.delimiter };
  }
}

export async function readCsvFile(
  blob: Blob,
  file: string,
  handlers: CsvFileHandlers,
  progress: ProgressTracker,
  delimiter: string | undefined,
  signal?: AbortSignal,
): Promise<CsvFileOutcome> {
  const parser = new CsvFileParser(handlers, progress, delimiter);
  const breather = new Breather();
  for await (const chunk of readSource(blob, file, progress.addBytes, signal)) {
    parser.push(chunk);
    progress.report();
    await breather.maybeYield();
  }
  return parser.finish();
}

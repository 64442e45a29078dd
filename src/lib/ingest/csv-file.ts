// Streams one CSV source: header, column lookup with clear errors (missing columns, wrong
// delimiter), then every data row.
import { IngestError } from './errors.ts';
import { CsvReader, DELIMITERS, type CsvRow } from './csv-reader.ts';
import { Breather, type ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';

export type CsvColumns = {
  headers: string[];
  delimiter: string;
  index: (column: string | undefined) => number;
};

export type CsvFileHandlers = {
  /** Called with the header before any row; throws to refuse the file. */
  onHeader: (columns: CsvColumns) => void;
  onRow: (row: CsvRow) => void;
  onProblem: (line: number, reason: string) => void;
};

const normalise = (name: string) => name.trim().toLowerCase();

export function requireColumns(
  file: string,
  columns: CsvColumns,
  required: Record<string, string | undefined>,
): void {
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

export async function readCsvFile(
  blob: Blob,
  file: string,
  handlers: CsvFileHandlers,
  progress: ProgressTracker,
  delimiter: string | undefined,
  signal?: AbortSignal,
): Promise<{ empty: boolean; rows: number; delimiter: string | undefined }> {
  let header: string[] | null = null;
  let rows = 0;
  const breather = new Breather();
  const reader = new CsvReader(
    (row) => {
      if (header === null) {
        const names = Array.from({ length: row.count }, (_, i) => row.text(i).trim());
        header = names;
        const lookup = new Map(names.map((name, i) => [normalise(name), i]));
        handlers.onHeader({
          headers: names,
          delimiter: reader.delimiter ?? ',',
          index: (column) => (column === undefined ? -1 : (lookup.get(normalise(column)) ?? -1)),
        });
        return;
      }
      if (row.count !== header.length) {
        handlers.onProblem(row.line, `${row.count} fields where the header has ${header.length}`);
        return;
      }
      rows++;
      progress.records++;
      handlers.onRow(row);
    },
    handlers.onProblem,
    delimiter,
  );
  for await (const chunk of readSource(blob, file, progress.addBytes, signal)) {
    reader.push(chunk);
    progress.report();
    await breather.maybeYield();
  }
  reader.finish();
  return { empty: header === null, rows, delimiter: reader.delimiter };
}

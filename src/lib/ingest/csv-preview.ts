// A preview of a CSV file for the mapping step: its header, first rows, and how many rows each arm
// label has, read from a bounded prefix of the file (never the whole file).
import { VariationIndex } from './csv-cells.ts';
import { CsvFileParser, type CsvColumns, type CsvFileHandlers } from './csv-file.ts';
import { detectCsvShape, type CsvShape } from './csv-mapping.ts';
import type { CsvRow } from './csv-reader.ts';
import { ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';

export type CsvPreview = {
  headers: string[];
  delimiter: string | undefined;
  /** The first rows' cells, as text. */
  rows: string[][];
  /** Rows per arm label in the prefix read (labels as VariationIndex tells them apart), by first sight. */
  labels: { label: string; rows: number }[];
  /** Rows read in the prefix. */
  rowsRead: number;
  /** True when the whole file was read (the counts are the file's, not a prefix's). */
  complete: boolean;
  /** What the file holds, judged from its header and first rows (see detectCsvShape). */
  shape: { shape: CsvShape; reason: string };
};

export type PreviewOptions = {
  /** Bytes of (decompressed) text read at most; 1 MiB unless told. */
  maxBytes?: number;
  /** Rows kept in `rows`; 20 unless told. */
  maxRows?: number;
  delimiter?: string;
  signal?: AbortSignal;
};

class PreviewRows implements CsvFileHandlers {
  headers: string[] = [];
  rows: string[][] = [];
  rowsRead = 0;
  private variationColumn = -1;
  readonly variations = new VariationIndex();
  readonly rowsPerSlot: number[] = [];

  constructor(
    private readonly variation: string | undefined,
    private readonly maxRows: number,
  ) {}

  onHeader(columns: CsvColumns): void {
    this.headers = columns.headers;
    this.variationColumn = columns.index(this.variation);
  }

  onRow(row: CsvRow): void {
    this.rowsRead++;
    if (this.rows.length < this.maxRows)
      this.rows.push(Array.from({ length: row.count }, (_, i) => row.text(i)));
    if (this.variationColumn < 0) return;
    const slot = this.variations.of(row, this.variationColumn);
    if (slot >= 0) this.rowsPerSlot[slot] = (this.rowsPerSlot[slot] ?? 0) + 1;
  }

  onProblem(): void {}
}

/** The header, first rows and rows per arm label of a CSV file (gzip or not), from its first bytes. */
export async function previewCsv(
  source: Blob | Uint8Array,
  mapping: { variation?: string } = {},
  options: PreviewOptions = {},
): Promise<CsvPreview> {
  const maxBytes = options.maxBytes ?? 1 << 20;
  const blob = source instanceof Blob ? source : new Blob([source as BlobPart]);
  const rows = new PreviewRows(mapping.variation, options.maxRows ?? 20);
  const parser = new CsvFileParser(rows, new ProgressTracker(0), options.delimiter);
  let read = 0;
  let complete = true;
  for await (const chunk of readSource(blob, 'preview', () => {}, options.signal)) {
    const room = maxBytes - read;
    parser.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    read += Math.min(chunk.byteLength, room);
    if (read >= maxBytes) {
      complete = false;
      break;
    }
  }
  // A prefix ends inside a row: that row is left out rather than read cut short.
  const delimiter = complete ? parser.finish().delimiter : undefined;
  return {
    headers: rows.headers,
    delimiter,
    rows: rows.rows,
    labels: rows.variations.labels.map((label, slot) => ({
      label,
      rows: rows.rowsPerSlot[slot] ?? 0,
    })),
    rowsRead: rows.rowsRead,
    complete,
    shape: detectCsvShape(rows.headers, rows.rows),
  };
}

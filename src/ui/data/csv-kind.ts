// The Data tab's reading of a CSV file before import: its shape (the library's detectCsvShape on the
// header and first rows), repeated header names, rows per arm label for whichever arm column is
// chosen, and a bounded preview of the file's start.
import { labelKey } from '../../lib/ingest/arm-matching.ts';
import { previewCsv } from '../../lib/ingest/index.ts';

const normalise = (name: string) => name.trim().toLowerCase();

/** The column names of several files' headers, each once (case aside), in order of first sight. */
export function unionHeaders(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const union: string[] = [];
  for (const name of lists.flat())
    if (!seen.has(normalise(name))) {
      seen.add(normalise(name));
      union.push(name);
    }
  return union;
}

/** Header names that occur more than once (case-insensitively), each once. */
export function repeatedHeaders(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const header of headers) seen.set(normalise(header), (seen.get(normalise(header)) ?? 0) + 1);
  return headers.filter(
    (h, i) =>
      seen.get(normalise(h))! > 1 && headers.findIndex((o) => normalise(o) === normalise(h)) === i,
  );
}

/**
 * Rows per arm label (labels compared case- and space-insensitively, shown as first spelt); rows
 * without a label are left out when `skipEmpty` (metric events carry no arm).
 */
export function countByLabel(
  rows: readonly string[][],
  column: number,
  skipEmpty = false,
): [string, number][] {
  const counts = new Map<string, { label: string; count: number }>();
  for (const row of rows) {
    const label = (row[column] ?? '').trim();
    if (skipEmpty && !label) continue;
    const key = labelKey(label);
    const entry = counts.get(key) ?? { label: label || '(empty)', count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].map((e) => [e.label, e.count]);
}

export function isCsv(file: { name: string; type: string }): boolean {
  return /\.(csv|tsv)(\.gz)?$/i.test(file.name) || file.type === 'text/csv';
}

export type CsvPreview = { headers: string[]; rows: string[][]; complete: boolean };

/** Bytes of the file's start the preview reads (after gunzip). */
export const PREVIEW_BYTES = 256 * 1024;

/**
 * The header and the first rows of a CSV file, from at most PREVIEW_BYTES of it (a row cut by that
 * bound is dropped), read by the library's previewCsv. `complete` says whether the whole file was read.
 */
export async function readPreview(file: Blob, maxRows = 2000): Promise<CsvPreview> {
  const { headers, rows, complete } = await previewCsv(
    file,
    {},
    { maxBytes: PREVIEW_BYTES, maxRows },
  );
  return { headers, rows, complete };
}

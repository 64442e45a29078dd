// What a CSV file holds, judged from its header: per-arm summaries (a units column) or events.
export type CsvKind = 'summary' | 'events';

export function splitHeader(line: string): string[] {
  const delimiter = [',', ';', '\t'].reduce(
    (best, d) => (line.split(d).length > line.split(best).length ? d : best),
    ',',
  );
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

export function csvKind(headers: readonly string[]): CsvKind {
  const names = headers.map((h) => h.trim().toLowerCase());
  return names.some((n) => ['units', 'n', 'exposures', 'unit_count'].includes(n))
    ? 'summary'
    : 'events';
}

export function isCsv(file: { name: string; type: string }): boolean {
  return /\.(csv|tsv)(\.gz)?$/i.test(file.name) || file.type === 'text/csv';
}

/** The header line of a CSV file (first 64 kB are plenty). */
export async function readHeader(file: Blob): Promise<string[]> {
  const head = await file.slice(0, 65_536).text();
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  return splitHeader(line.replace(/^\uFEFF/, ''));
}

// What a CSV file holds, judged from its header and first rows: per-arm summaries (a units column),
// events (a time column and an event key or kind: several rows per unit over time) or one row per unit
// (a unit column, an arm column and metric columns). Also the column proposals for each shape and a
// bounded preview of the file's start.
import {
  proposeColumnMapping,
  type CsvEventField,
  type CsvUnitMapping,
  type MetricSpec,
  type ProposedMapping,
} from '../../lib/ingest/index.ts';
import { CsvReader, type CsvRow } from '../../lib/ingest/csv-reader.ts';
import { readSource } from '../../lib/ingest/read-source.ts';

export type CsvKind = 'summary' | 'events' | 'units';

export function splitHeader(line: string): string[] {
  const delimiter = [',', ';', '\t'].reduce(
    (best, d) => (line.split(d).length > line.split(best).length ? d : best),
    ',',
  );
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');

const UNIT_NAMES = [
  'context_key',
  'unit_key',
  'unit_id',
  'user_id',
  'userid',
  'uid',
  'user_key',
  'userkey',
  'user',
  'visitor_id',
  'customer_id',
  'account_id',
  'device_id',
  'unit',
  'key',
];
const ARM_NAMES = [
  'variation',
  'variation_id',
  'variation_index',
  'variation_name',
  'variant',
  'arm',
  'group',
  'version',
  'treatment',
  'bucket',
  'cohort',
];
const TIME_NAMES = ['first_exposure', 'exposure_time', 'first_seen', 'exposed_at'];
const SUMMARY_NAMES = ['units', 'n', 'exposures', 'unit_count'];

function findColumn(
  headers: readonly string[],
  names: readonly string[],
  taken = new Set<string>(),
) {
  const normalised = headers.map(normalise);
  for (const name of names) {
    const index = normalised.findIndex((n, i) => n === name && !taken.has(headers[i]));
    if (index >= 0) return headers[index];
  }
  return undefined;
}

/** The shape of a CSV file from its header and (when read) its first rows. */
export function csvKind(headers: readonly string[], rows: readonly string[][] = []): CsvKind {
  const names = headers.map(normalise);
  if (names.some((n) => SUMMARY_NAMES.includes(n))) return 'summary';
  const { mapping } = proposeEventMapping(headers);
  if (mapping.timestamp && (mapping.eventKey || mapping.kind)) return 'events';
  const unit = findColumn(headers, UNIT_NAMES);
  if (mapping.timestamp && unit && rows.length > 1) {
    const column = headers.indexOf(unit);
    const keys = rows.map((row) => row[column]);
    if (new Set(keys).size < keys.length) return 'events';
  }
  return 'units';
}

/**
 * The event-level proposal, with the unit and arm names the library's list lacks (userid, uid, group,
 * version…). A column that is a unit's id is never also guessed as the event id.
 */
export function proposeEventMapping(headers: readonly string[]): ProposedMapping {
  const proposed = proposeColumnMapping([...headers]);
  const mapping = { ...proposed.mapping };
  const confidence = { ...proposed.confidence };
  const claim = (field: CsvEventField, names: readonly string[]) => {
    if (confidence[field] === 1) return;
    const column = findColumn(headers, names);
    if (!column) return;
    for (const other of Object.keys(mapping) as CsvEventField[])
      if (mapping[other] === column) {
        delete mapping[other];
        confidence[other] = 0;
      }
    mapping[field] = column;
    confidence[field] = 1;
  };
  claim('unitKey', UNIT_NAMES);
  claim('variation', ARM_NAMES);
  if (confidence.id < 1) {
    delete mapping.id;
    confidence.id = 0;
  }
  return { mapping, confidence };
}

/** Unit column, arm column, one column per design metric (by key, event key or name) and a time. */
export function proposeUnitMapping(
  headers: readonly string[],
  metrics: readonly (Pick<MetricSpec, 'key' | 'eventKey'> & { name?: string })[],
): Partial<CsvUnitMapping> & { metrics: Record<string, string> } {
  const taken = new Set<string>();
  const take = (column: string | undefined) => (column && taken.add(column), column);
  const unitKey = take(findColumn(headers, UNIT_NAMES, taken));
  const variation = take(findColumn(headers, ARM_NAMES, taken));
  const firstExposure = take(findColumn(headers, TIME_NAMES, taken));
  const chosen: Record<string, string> = {};
  for (const metric of metrics) {
    const names = [metric.key, metric.eventKey, metric.name ?? ''].map(normalise).filter(Boolean);
    const column = take(findColumn(headers, names, taken));
    if (column) chosen[metric.key] = column;
  }
  return { unitKey, variation, firstExposure, metrics: chosen };
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
    const key = label.toLowerCase().replace(/\s+/g, ' ');
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
 * bound is dropped). `complete` says whether the whole file was read.
 */
export async function readPreview(file: Blob, name = 'file', maxRows = 2000): Promise<CsvPreview> {
  const rows: string[][] = [];
  let headers: string[] | null = null;
  const reader = new CsvReader({
    onRow(row: CsvRow) {
      const cells = Array.from({ length: row.count }, (_, i) => row.text(i));
      if (headers === null)
        headers = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
      else if (rows.length < maxRows) rows.push(cells);
    },
    onProblem() {},
  });
  let read = 0;
  let complete = true;
  for await (const chunk of readSource(file, name, () => {})) {
    const room = PREVIEW_BYTES - read;
    if (chunk.length >= room) {
      // Up to the last line end within the bound: never a half row.
      const cut = chunk.subarray(0, room).lastIndexOf(0x0a);
      reader.push(chunk.subarray(0, cut + 1));
      complete = false;
      break;
    }
    reader.push(chunk);
    read += chunk.length;
  }
  reader.finish();
  return { headers: headers ?? [], rows, complete };
}

/** The header line of a CSV file. */
export async function readHeader(file: Blob): Promise<string[]> {
  return (await readPreview(file, 'file', 0)).headers;
}

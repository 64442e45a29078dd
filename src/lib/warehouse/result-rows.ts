// A warehouse result's rows read and checked: numbers, counts that cannot be negative or fractional,
// and an attribute's slices adding up to their total row.
import { labelKey } from '../ingest/arm-matching.ts';
import { IngestError } from '../ingest/errors.ts';
import { SNAKE, type LabelledRow } from './result-breakdowns.ts';

/** A result row: lower-case column name → cell text (null: empty or JSON null). */
export type ResultRow = Map<string, string | null>;

export function numberOf(row: ResultRow, column: string): number {
  const text = row.get(column);
  const value = text === null || text === undefined ? NaN : Number(text);
  if (!Number.isFinite(value))
    throw new IngestError(
      'invalid-input',
      `The result's ${column} for metric "${row.get('metric')}", arm "${row.get('variation')}" is not a number ("${text ?? ''}").`,
      column,
    );
  return value;
}

/** Statistics that count or are sums of squares: never negative; counts are whole. */
const NON_NEGATIVE = [
  'units',
  'conversions',
  'sum_squares',
  'denominator_sum_squares',
  'covariate_sum_squares',
];
const WHOLE = new Set(['units', 'conversions']);

/** A statistic row's numbers, checked: a count below 0 or a fraction is refused. */
export function statisticsOf(row: ResultRow, where: string): Map<string, number> {
  const stats = new Map<string, number>();
  // Exposure rows (no metric: the command line's new units per hour) carry units only.
  const columns = row.get('metric')
    ? ['units', 'sum', 'sum_squares', 'conversions', ...Object.values(SNAKE)]
    : ['units'];
  for (const column of columns) {
    if (
      column !== 'units' &&
      column !== 'sum' &&
      column !== 'sum_squares' &&
      row.get(column) == null
    )
      continue;
    const value = numberOf(row, column);
    if (NON_NEGATIVE.includes(column) && value < 0)
      throw new IngestError(
        'invalid-input',
        `The result's ${column} ${where} is negative (${value}): counts and sums of squares are 0 or more.`,
        column,
      );
    if (WHOLE.has(column) && !Number.isInteger(value))
      throw new IngestError(
        'invalid-input',
        `The result's ${column} ${where} is not a whole number (${value}).`,
        column,
      );
    stats.set(column, value);
  }
  const conversions = stats.get('conversions');
  if (conversions !== undefined && conversions > stats.get('units')!)
    throw new IngestError(
      'invalid-input',
      `The result's conversions ${where} (${conversions}) exceed its units (${stats.get('units')}).`,
      'conversions',
    );
  return stats;
}

/** Where a row is, for messages: metric, arm, slice and day. */
export function rowPlace(row: ResultRow): string {
  const attribute = row.get('slice_attribute');
  const day = row.get('exposure_day');
  return (
    `for metric "${row.get('metric') ?? ''}", arm "${row.get('variation') ?? ''}"` +
    (attribute ? `, slice ${attribute} = "${row.get('slice_value') ?? '(missing)'}"` : '') +
    (day ? `, day ${day}` : '')
  );
}

/**
 * Each attribute's slices of a metric, arm and day hold the units of its total row: a result cut short
 * (a console's download limit) or pasted together from two queries is refused, not shown as slices.
 * Slices without a day (the command line writes them over all days) add up to the totals over the days.
 */
export function checkSlicesAddUp(rows: LabelledRow[]): void {
  const totals = new Map<string, number>();
  const overDays = new Map<string, number>();
  const sliced = new Map<string, number>();
  const attributes = new Set<string>();
  const dated = new Set<string>();
  const place = (row: { metric: string; label: string; day: number | null }) =>
    JSON.stringify([row.metric, labelKey(row.label), row.day]);
  for (const row of rows) {
    const units = row.stats.get('units')!;
    if (row.attribute === null) {
      totals.set(place(row), units);
      const undated = place({ ...row, day: null });
      overDays.set(undated, (overDays.get(undated) ?? 0) + units);
    } else {
      attributes.add(row.attribute);
      if (row.day !== null) dated.add(row.attribute);
      const key = JSON.stringify([row.attribute, place(row)]);
      sliced.set(key, (sliced.get(key) ?? 0) + units);
    }
  }
  const check = (attribute: string, key: string, total: number | undefined, inSlices: number) => {
    if ((total ?? 0) === inSlices) return;
    const [metric, , day] = JSON.parse(key) as [string, string, number | null];
    const label =
      rows.find((row) => place(row) === key || place({ ...row, day: null }) === key)?.label ?? '';
    throw new IngestError(
      'invalid-input',
      `The result's slices by "${attribute}" of metric "${metric}", arm "${label}"${day === null ? '' : `, day ${new Date(day).toISOString().slice(0, 10)}`} hold ${inSlices} units, its total row ${total ?? 0}: the result is incomplete (a download cut short?) or from two queries.`,
      'units',
    );
  };
  for (const attribute of attributes) {
    const expected = dated.has(attribute) ? totals : overDays;
    for (const [key, total] of expected)
      check(attribute, key, total, sliced.get(JSON.stringify([attribute, key])) ?? 0);
    for (const [key, inSlices] of sliced) {
      const [name, at] = JSON.parse(key) as [string, string];
      if (name === attribute && !expected.has(at)) check(attribute, at, undefined, inSlices);
    }
  }
}

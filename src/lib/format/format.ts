// Every number the app shows goes through here: units, sensible precision, and a dash (never NaN,
// Infinity, undefined or null) when a value does not exist.
import { format } from 'd3-format';

export const MISSING = '—';

/** 'rate': a proportion shown as a percentage (conversion rate); 'number': a value in the metric's own units. */
export type ValueUnit = 'rate' | 'number';

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Decimals that show `significant` digits of a quantity of size `magnitude` (0..8). */
export function decimalsFor(magnitude: number, significant = 3): number {
  const size = Math.abs(magnitude);
  if (!isNumber(size) || size === 0) return 2;
  return Math.min(8, Math.max(0, significant - 1 - Math.floor(Math.log10(size))));
}

function fixed(value: number, decimals: number): string {
  const text = format(`,.${decimals}f`)(value);
  // "−0.00" reads as a sign error: a value that rounds to zero is shown as zero.
  return /^−0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A count of units or events: "12,345". */
export function formatCount(value: number | null | undefined): string {
  return isNumber(value) ? fixed(Math.round(value), 0) : MISSING;
}

/** A value in its unit; `span` (e.g. an interval's width or an axis range) sets the precision. */
export function formatValue(
  value: number | null | undefined,
  unit: ValueUnit,
  span?: number,
): string {
  if (!isNumber(value)) return MISSING;
  if (unit === 'rate') {
    const scaled = value * 100;
    const decimals =
      isNumber(span) && span > 0 ? decimalsFor(span * 100, 3) : decimalsFor(scaled, 3);
    return `${fixed(scaled, decimals)}%`;
  }
  const decimals = isNumber(span) && span > 0 ? decimalsFor(span, 3) : decimalsFor(value, 4);
  return fixed(value, decimals);
}

/** Decimals that write every multiple of `step` exactly (0.25 → 2, 5 → 0), at most 8. */
function stepDecimals(step: number): number {
  for (let decimals = 0; decimals < 8; decimals++) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return decimals;
  }
  return 8;
}

/** An axis tick: as few decimals as the tick step needs ("8%", "8.5%", "10.25"). */
export function formatTick(
  value: number | null | undefined,
  unit: ValueUnit | 'relative',
  step: number,
): string {
  if (!isNumber(value)) return MISSING;
  const scale = unit === 'number' ? 1 : 100;
  const decimals = isNumber(step) && step > 0 ? stepDecimals(step * scale) : 2;
  const text = `${fixed(value * scale, decimals)}${unit === 'number' ? '' : '%'}`;
  return unit === 'relative' && value > 0 && !/^0(\.0*)?%$/.test(text) ? `+${text}` : text;
}

type Interval = readonly [number, number] | null | undefined;

/**
 * The span that gives a whole column one precision: the width of its narrowest interval (undefined
 * when none has a width). Pass it as `span` to every mean and interval of the column.
 */
export function columnSpan(intervals: readonly Interval[]): number | undefined {
  const widths = intervals
    .filter((i): i is readonly [number, number] => !!i && isNumber(i[0]) && isNumber(i[1]))
    .map((i) => Math.abs(i[1] - i[0]))
    .filter((width) => width > 0);
  return widths.length > 0 ? Math.min(...widths) : undefined;
}

/** An interval "a to b" with one precision for both ends, set by `span` or the interval's width. */
export function formatInterval(interval: Interval, unit: ValueUnit, columnSpan?: number): string {
  if (!interval || !isNumber(interval[0]) || !isNumber(interval[1])) return MISSING;
  const span =
    columnSpan !== undefined && isNumber(columnSpan) && columnSpan > 0
      ? columnSpan
      : Math.abs(interval[1] - interval[0]) || Math.abs(interval[0]) || 1;
  return `${formatValue(interval[0], unit, span)} to ${formatValue(interval[1], unit, span)}`;
}

/** A relative change with its sign: 0.0499 → "+4.99%". */
export function formatRelative(value: number | null | undefined, span?: number): string {
  if (!isNumber(value)) return MISSING;
  const text = formatValue(value, 'rate', span);
  return value > 0 && !/^0(\.0*)?%$/.test(text) ? `+${text}` : text;
}

export function formatRelativeInterval(interval: Interval, columnSpan?: number): string {
  if (!interval || !isNumber(interval[0]) || !isNumber(interval[1])) return MISSING;
  const span =
    columnSpan !== undefined && isNumber(columnSpan) && columnSpan > 0
      ? columnSpan
      : Math.abs(interval[1] - interval[0]) || 0.01;
  return `${formatRelative(interval[0], span)} to ${formatRelative(interval[1], span)}`;
}

/** Decimals for a column of expected losses: two significant digits of its smallest positive loss. */
export function lossDecimals(
  losses: readonly (number | null | undefined)[],
  unit: ValueUnit = 'rate',
): number {
  const positive = losses.filter((loss): loss is number => isNumber(loss) && loss > 0);
  if (positive.length === 0) return 2;
  const scale = unit === 'rate' ? 100 : 1;
  return Math.min(6, decimalsFor(Math.min(...positive) * scale, 2));
}

/** An expected loss: a rate's is a difference of rates, so in percentage points ("0.12 pp"). */
export function formatLoss(
  value: number | null | undefined,
  unit: ValueUnit,
  decimals: number,
): string {
  if (!isNumber(value)) return MISSING;
  return unit === 'rate' ? `${fixed(value * 100, decimals)} pp` : fixed(value, decimals);
}

/** A probability as a percentage with one decimal; the extremes never round to a false certainty. */
export function formatProbability(value: number | null | undefined): string {
  if (!isNumber(value) || value < 0 || value > 1) return MISSING;
  if (value > 0.999 && value < 1) return '>99.9%';
  if (value < 0.001 && value > 0) return '<0.1%';
  return `${fixed(value * 100, 1)}%`;
}

/** A credible mass as people say it: 0.9 → "90%". */
export function formatMass(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  return `${format('.4~f')(value * 100)}%`;
}

/** A timestamp (Unix ms) as a short UTC date-time: "2026-03-01 14:00 UTC". */
export function formatTimestamp(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return MISSING;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A UTC calendar day: "2026-03-01 UTC". */
export function formatDay(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return MISSING;
  return `${date.toISOString().slice(0, 10)} UTC`;
}

/** A byte size: "1.2 MB". */
export function formatBytes(value: number | null | undefined): string {
  if (!isNumber(value) || value < 0) return MISSING;
  const units = ['B', 'kB', 'MB', 'GB'];
  let size = value;
  let index = 0;
  while (size >= 1000 && index < units.length - 1) {
    size /= 1000;
    index++;
  }
  return `${fixed(size, index === 0 ? 0 : 1)} ${units[index]}`;
}

/** A p-value with four decimals; below 0.0001 it is shown as "<0.0001", never as a false 0. */
export function formatPValue(value: number | null | undefined): string {
  if (!isNumber(value) || value < 0 || value > 1) return MISSING;
  if (value > 0 && value < 0.0001) return '<0.0001';
  return fixed(value, 4);
}

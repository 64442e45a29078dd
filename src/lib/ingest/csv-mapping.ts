// Column mapping for CSV files: which header holds the unit key, the arm, the time, the metrics…
// proposeColumnMapping (event-level) and proposeUnitMapping (unit-level) guess from the names (and,
// for unit-level files, from sample values); detectCsvShape tells the three kinds of file apart. The
// user confirms or corrects what they propose.
import type { CsvUnitMapping } from './csv-import.ts';
import { keyedRecord, type MetricSpec } from './types.ts';

export type CsvEventField =
  | 'unitKey'
  | 'variation'
  | 'timestamp'
  | 'eventKey'
  | 'value'
  | 'flagKey'
  | 'unitKind'
  | 'kind'
  | 'inExperiment'
  | 'id';

/** Column names (as in the header) for each field. unitKey and timestamp are required. */
export type CsvEventMapping = { unitKey: string; timestamp: string } & Partial<
  Record<Exclude<CsvEventField, 'unitKey' | 'timestamp'>, string>
>;

export type ProposedMapping = {
  mapping: Partial<Record<CsvEventField, string>>;
  /** 1 = a known column name, 0.5 = a partial match, 0 = not found. */
  confidence: Record<CsvEventField, number>;
};

/** A header name for comparison: camelCase and separators to snake_case, lower case. */
export function normaliseColumn(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s.\-/]+/g, '_');
}

/** The same name without separators ("user_id" = "userid"). */
const squash = (name: string) => normaliseColumn(name).replace(/_/g, '');

/** Known names of the unit column, best first (a store before the market it belongs to). */
const UNIT_NAMES = [
  'context_key',
  'unit_key',
  'unit_id',
  'user_key',
  'user_id',
  'uid',
  'visitor_id',
  'customer_id',
  'client_id',
  'account_id',
  'member_id',
  'player_id',
  'device_id',
  'session_id',
  'store_id',
  'location_id',
  'shop_id',
  'market_id',
  'unit',
  'user',
  'key',
];
const UNIT_PATTERN =
  /(^|_)(context_key|(user|visitor|customer|client|account|member|player|device|store|location|shop|session|market)_?(id|key))$/;

const VARIATION_NAMES = [
  'variation',
  'variation_id',
  'variation_index',
  'variant',
  'variant_id',
  'arm',
  'treatment',
  'group',
  'test_group',
  'experiment_group',
  'ab_group',
  'bucket',
  'cohort',
  'version',
  'promotion',
];
const VARIATION_PATTERN =
  /(^|_)(variation|variant|arm|treatment|group|bucket|cohort|promotion)(_(id|index|name|key))?$/;

const TIME_NAMES = [
  'timestamp',
  'creation_date',
  'event_timestamp',
  'event_time',
  'received_time',
  'created_at',
  'time',
  'date',
  'datetime',
  'ts',
  'event_date',
];
const TIME_PATTERN = /(^|_)(time|timestamp|date|datetime|created_at|ts)$/;

type Matcher = { names: string[]; pattern?: RegExp };

const EVENT_FIELDS: Record<CsvEventField, Matcher> = {
  unitKey: { names: UNIT_NAMES, pattern: UNIT_PATTERN },
  variation: { names: VARIATION_NAMES, pattern: VARIATION_PATTERN },
  timestamp: { names: TIME_NAMES, pattern: TIME_PATTERN },
  eventKey: {
    names: ['event_key', 'metric_event_key', 'event', 'event_name', 'metric_key'],
    pattern: /(^|_)event_(key|name)$/,
  },
  value: {
    names: ['metric_value', 'value', 'event_value', 'amount'],
    pattern: /^(metric|event)_value$/,
  },
  flagKey: { names: ['flag_key', 'flag', 'feature_flag_key'], pattern: /(^|_)flag_key$/ },
  unitKind: { names: ['context_kind', 'unit_kind', 'kind_of_context'] },
  kind: { names: ['kind', 'event_kind', 'event_type', 'type'] },
  inExperiment: { names: ['in_experiment', 'reason_in_experiment'] },
  // Only an event's own id: never a partial match ("user_id" is a unit, not an event id).
  id: { names: ['event_id', 'id', 'event_uuid', 'uuid'] },
};

/**
 * Picks a column per field: known names first for every field (so a partial match never steals
 * another field's column), then name patterns. Returns field → column index and confidence.
 */
function pick<F extends string>(
  headers: readonly string[],
  fields: Record<F, Matcher>,
  taken = new Set<number>(),
): { chosen: Partial<Record<F, number>>; confidence: Record<F, number> } {
  const names = headers.map(normaliseColumn);
  const squashed = headers.map(squash);
  const chosen: Partial<Record<F, number>> = {};
  const confidence = {} as Record<F, number>;
  const keys = Object.keys(fields) as F[];
  for (const field of keys) confidence[field] = 0;
  for (const field of keys) {
    for (const known of fields[field].names) {
      const target = known.replace(/_/g, '');
      const index = squashed.findIndex((name, i) => name === target && !taken.has(i));
      if (index >= 0) {
        chosen[field] = index;
        confidence[field] = 1;
        taken.add(index);
        break;
      }
    }
  }
  for (const field of keys) {
    const pattern = fields[field].pattern;
    if (chosen[field] !== undefined || pattern === undefined) continue;
    const index = names.findIndex((name, i) => !taken.has(i) && pattern.test(name));
    if (index >= 0) {
      chosen[field] = index;
      confidence[field] = 0.5;
      taken.add(index);
    }
  }
  return { chosen, confidence };
}

export function proposeColumnMapping(headers: string[]): ProposedMapping {
  const { chosen, confidence } = pick(headers, EVENT_FIELDS);
  // A lone "id" column in a file with no other unit column is the unit, not an event id.
  if (
    chosen.unitKey === undefined &&
    chosen.id !== undefined &&
    squash(headers[chosen.id]) === 'id'
  ) {
    chosen.unitKey = chosen.id;
    confidence.unitKey = 0.5;
    delete chosen.id;
    confidence.id = 0;
  }
  const mapping: Partial<Record<CsvEventField, string>> = {};
  for (const [field, index] of Object.entries(chosen) as [CsvEventField, number][])
    mapping[field] = headers[index];
  return { mapping, confidence };
}

export type UnitMappingField = 'unitKey' | 'variation' | 'firstExposure';

/** Markers of a pre-period column around a metric's name: `x_pre`, `pre_x`, `x (pre-period)`, `x_before`. */
const PRE_PERIOD = [
  /^pre(?:_?(?:period|exposure|experiment))?_(.+)$/,
  /^(.+?)_pre(?:_?(?:period|exposure|experiment))?$/,
  /^(.+?)_before(?:_exposure)?$/,
];

/**
 * The metric name a pre-period column names (`revenue_pre`, `pre_revenue`, `Revenue (pre-period)` →
 * `revenue`, squashed as the proposals compare names), or null when the name has no pre-period marker.
 */
export function prePeriodBase(column: string): string | null {
  const name = normaliseColumn(column.replace(/[()[\]]/g, ' ')).replace(/^_+|_+$/g, '');
  for (const pattern of PRE_PERIOD) {
    const match = pattern.exec(name);
    if (match) return match[1].replace(/_/g, '');
  }
  return null;
}

/**
 * Pairs pre-period columns with metrics: for each metric (key → its value column), a column of
 * `columns` whose pre-period name is the value column's, the metric key's or `alsoNamed[key]`'s.
 */
export function proposePreColumns(
  columns: readonly string[],
  metricColumns: Readonly<Record<string, string>>,
  alsoNamed: Readonly<Record<string, readonly string[]>> = {},
): Record<string, string> {
  const pre = keyedRecord<string>();
  const bases = columns.map(prePeriodBase);
  const used = new Set(Object.values(metricColumns).map(squash));
  for (const key of Object.keys(metricColumns)) {
    const wanted = [metricColumns[key], key, ...(alsoNamed[key] ?? [])].map(squash);
    const index = bases.findIndex(
      (base, i) => base !== null && wanted.includes(base) && !used.has(squash(columns[i])),
    );
    if (index >= 0) pre[key] = columns[index];
  }
  return pre;
}

export type ProposedUnitMapping = {
  mapping: Partial<CsvUnitMapping> & { metrics: Record<string, string> };
  confidence: Record<UnitMappingField, number>;
  /** Columns whose sample values are numbers or booleans (metric candidates), in header order. */
  metricColumns: string[];
  /** A unit appears on several sample rows: repeatedUnits matters (proposed: 'combine'). */
  repeatedUnitsSeen: boolean;
};

const UNIT_FIELDS: Record<UnitMappingField, Matcher> = {
  unitKey: { names: [...UNIT_NAMES, 'id'], pattern: UNIT_PATTERN },
  variation: { names: VARIATION_NAMES, pattern: VARIATION_PATTERN },
  firstExposure: {
    names: ['first_exposure', 'first_exposure_time', 'exposure_time', 'exposed_at', ...TIME_NAMES],
    pattern: TIME_PATTERN,
  },
};

const BOOLEAN = /^(true|false|t|f|yes|no)$/i;
/** Numbered ids (a market, a store) are no metric even when their cells are numbers. */
const ID_LIKE = /(^|_)(id|key|index|uid)$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What the non-empty sample cells of a column are: all numbers, all numbers or booleans, or other. */
function cellType(values: string[]): 'number' | 'boolean' | 'text' | 'empty' {
  const present = values.map((value) => value.trim()).filter((value) => value !== '');
  if (present.length === 0) return 'empty';
  if (present.every((value) => NUMBER.test(value))) return 'number';
  if (present.every((value) => NUMBER.test(value) || BOOLEAN.test(value))) return 'boolean';
  return 'text';
}

/**
 * A unit-level mapping for a file with this header and these first rows: unit, arm and time columns
 * by name; each metric of `metrics` on the column named like its key or event key; the other
 * number/boolean columns listed as candidates. A unit seen on two sample rows proposes 'combine'.
 */
export function proposeUnitMapping(
  headers: string[],
  sampleRows: readonly (readonly string[])[] = [],
  metrics: readonly MetricSpec[] = [],
): ProposedUnitMapping {
  const { chosen, confidence } = pick(headers, UNIT_FIELDS);
  const used = new Set(Object.values(chosen) as number[]);
  const types = headers.map((_, column) => cellType(sampleRows.map((row) => row[column] ?? '')));
  const metricColumns = headers.filter(
    (name, column) =>
      !used.has(column) &&
      !ID_LIKE.test(normaliseColumn(name)) &&
      (types[column] === 'number' || types[column] === 'boolean'),
  );
  const mapping: ProposedUnitMapping['mapping'] = { metrics: keyedRecord() };
  if (chosen.unitKey !== undefined) mapping.unitKey = headers[chosen.unitKey];
  if (chosen.variation !== undefined) mapping.variation = headers[chosen.variation];
  if (chosen.firstExposure !== undefined) mapping.firstExposure = headers[chosen.firstExposure];
  for (const metric of metrics) {
    const wanted = [metric.key, metric.eventKey].map(squash);
    const column = metricColumns.find((name) => wanted.includes(squash(name)));
    if (column !== undefined) mapping.metrics[metric.key] = column;
  }
  const preMetrics = proposePreColumns(
    metricColumns,
    mapping.metrics,
    Object.fromEntries(metrics.map((metric) => [metric.key, [metric.eventKey]])),
  );
  if (Object.keys(preMetrics).length > 0) mapping.preMetrics = preMetrics;
  // A ratio's denominator: the column named as its denominator event (or that name plus "s").
  const denominators = keyedRecord<string>();
  for (const metric of metrics) {
    if (metric.denominatorEventKey === undefined || metric.denominatorEventKey === '') continue;
    const name = squash(metric.denominatorEventKey);
    const column = metricColumns.find(
      (header) =>
        [name, `${name}s`].includes(squash(header)) && header !== mapping.metrics[metric.key],
    );
    if (column !== undefined) denominators[metric.key] = column;
  }
  if (Object.keys(denominators).length > 0) mapping.denominators = denominators;
  let repeatedUnitsSeen = false;
  if (chosen.unitKey !== undefined) {
    const keys = sampleRows.map((row) => row[chosen.unitKey!]);
    repeatedUnitsSeen = new Set(keys).size < keys.length;
  }
  if (repeatedUnitsSeen) mapping.repeatedUnits = 'combine';
  return { mapping, confidence, metricColumns, repeatedUnitsSeen };
}

export type CsvShape = 'summary' | 'units' | 'events';

const SUMMARY_COUNTS = ['units', 'n', 'exposures', 'unit_count', 'users', 'sample_size'];
const SUMMARY_STATS = [
  'conversions',
  'converted_units',
  'sum',
  'sum_y',
  'sum_squares',
  'mean',
  'sd',
  'stddev',
];
const EVENT_COLUMNS = [
  'event_key',
  'event_name',
  'event',
  'kind',
  'event_kind',
  'event_type',
  'metric_value',
  'flag_key',
  'context_kind',
  'event_id',
  'experiment_iteration_id',
  'reason_kind',
];

/**
 * Which kind of CSV this is, from its header and first rows, with the reason: per-arm summaries
 * (a units column with conversions or sums), events (event/flag columns of a warehouse export, or
 * the same unit on several rows with a time each), or one row per unit (an arm column and
 * number/boolean columns).
 */
export function detectCsvShape(
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[] = [],
): { shape: CsvShape; reason: string } {
  const names = headers.map(squash);
  const has = (list: string[]) =>
    headers.find((_, i) => list.some((name) => names[i] === name.replace(/_/g, '')));
  const count = has(SUMMARY_COUNTS);
  const stat = has(SUMMARY_STATS);
  if (count !== undefined && stat !== undefined)
    return {
      shape: 'summary',
      reason: `per-arm summaries: a count column ("${count}") and statistics ("${stat}")`,
    };
  const eventColumn = has(EVENT_COLUMNS);
  if (eventColumn !== undefined)
    return { shape: 'events', reason: `one row per event: an event column ("${eventColumn}")` };
  const units = proposeUnitMapping([...headers], sampleRows);
  const { unitKey, variation, firstExposure } = units.mapping;
  if (unitKey !== undefined && variation !== undefined && units.metricColumns.length > 0)
    return {
      shape: 'units',
      reason: `one row per unit: unit "${unitKey}", arm "${variation}", values in ${units.metricColumns.map((c) => `"${c}"`).join(', ')}${units.repeatedUnitsSeen ? ' (some units on several rows: they are combined)' : ''}`,
    };
  if (count !== undefined)
    return { shape: 'summary', reason: `per-arm summaries: a count column ("${count}")` };
  if (unitKey !== undefined && firstExposure !== undefined)
    return {
      shape: 'events',
      reason: `one row per event: unit "${unitKey}" and time "${firstExposure}"`,
    };
  return {
    shape: 'units',
    reason: 'no known columns: taken as one row per unit; choose the columns',
  };
}

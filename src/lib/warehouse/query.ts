// One SQL query per dialect that applies the import rules (docs/data-import.md#the-rules) inside the
// warehouse and returns sufficient statistics, not rows: per metric × arm × slice × UTC day of first
// exposure the units, converted units, Σy and Σy² (plus ratio and CUPED moments when asked), followed
// by diagnostic rows. Summing a metric's rows without a slice over the days gives the per-arm totals the
// browser import computes from the same events.
import type { MetricSpec } from '../ingest/types.ts';
import { validateSpec } from '../ingest/spec.ts';
import { dialectOf, type Dialect, type DialectName } from './dialects.ts';
import { warehouseNames, type WarehouseNameOverrides, type WarehouseNames } from './names.ts';

/** A unit key the platform's connection test uses; never a real unit. */
const CONNECTION_TEST = 'LaunchDarklyDataExportTestEvent';

export type MetricMeasure = Pick<MetricSpec, 'eventKey' | 'kind' | 'aggregation'>;

export type WarehouseMetric = MetricSpec & {
  /** Ratio metrics: the per-unit denominator, aggregated by the same rules as the numerator. */
  denominator?: MetricMeasure;
};

export type WarehouseDesign = {
  flagKey: string;
  randomizationUnit: string;
  /** Unix ms, [start, end). */
  window?: { start?: number; end?: number };
  metrics: WarehouseMetric[];
  /**
   * Count every successful evaluation of the flag, not only those the export marks as experiment
   * exposures (rows with an experiment iteration id).
   */
  countAllRuleEvaluations?: boolean;
  /** Only exposures recorded for this experiment iteration id (else: any iteration id). */
  iterationId?: string;
  /** Context attributes (of the unit's first exposure) to slice by. */
  sliceAttributes?: string[];
  /** CUPED: days before each unit's first exposure whose events make its covariate; 0 = none. */
  cupedPreDays?: number;
  /** The flag's variation ids in variation order: `variation_id` is written as its index. */
  variationIds?: string[];
};

/** The result's diagnostic rows: `diagnostic` names the count, which is in `units`. */
export const DIAGNOSTICS = [
  'rows_read',
  'units_in_several_arms',
  'events_outside_window',
  'events_before_exposure',
  'duplicates_dropped',
  'events_of_units_not_exposed',
  'events_of_units_in_several_arms',
  'events_missing_metric_value',
] as const;

export type WarehouseDiagnostic = (typeof DIAGNOSTICS)[number];

export const STATISTIC_COLUMNS = ['units', 'conversions', 'sum', 'sum_squares'] as const;
export const RATIO_COLUMNS = ['denominator_sum', 'denominator_sum_squares', 'cross_sum'] as const;
export const CUPED_COLUMNS = [
  'covariate_sum',
  'covariate_sum_squares',
  'covariate_cross_sum',
] as const;

/**
 * The design with each ratio-kind metric (src/lib/metric-kinds/ratio.ts) given its denominator
 * measure: the number of its denominator events per unit, as the browser import counts it.
 */
function withRatioDenominators(design: WarehouseDesign): WarehouseDesign {
  return {
    ...design,
    metrics: design.metrics.map((metric) =>
      metric.kind === 'ratio' && !metric.denominator
        ? {
            ...metric,
            denominator: {
              eventKey: metric.denominatorEventKey ?? '',
              kind: 'conversion',
              aggregation: 'sum',
            },
          }
        : metric,
    ),
  };
}

/** The result's columns, in order, for a design. */
export function resultColumns(given: WarehouseDesign): string[] {
  const design = withRatioDenominators(given);
  return [
    'metric',
    'variation',
    'slice_attribute',
    'slice_value',
    'exposure_day',
    ...STATISTIC_COLUMNS,
    ...(hasRatio(design) ? RATIO_COLUMNS : []),
    ...(hasCuped(design) ? CUPED_COLUMNS : []),
    'diagnostic',
  ];
}

const hasRatio = (design: WarehouseDesign) => design.metrics.some((m) => m.denominator);
const hasCuped = (design: WarehouseDesign) => (design.cupedPreDays ?? 0) > 0;

export class WarehouseDesignError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'WarehouseDesignError';
  }
}

function checkDesign(design: WarehouseDesign): void {
  validateSpec(design);
  if (design.metrics.length === 0)
    throw new WarehouseDesignError(
      'The design has no metrics: add one (on the Design tab) to get a query.',
      'metrics',
    );
  const days = design.cupedPreDays ?? 0;
  if (!Number.isSafeInteger(days) || days < 0 || days > 3660)
    throw new WarehouseDesignError(
      'The CUPED pre-period is a whole number of days (0 for none).',
      'cupedPreDays',
    );
  design.metrics.forEach((metric, index) => {
    const denominator = metric.denominator;
    if (!denominator) return;
    if (
      typeof denominator.eventKey !== 'string' ||
      denominator.eventKey.trim() === '' ||
      (denominator.kind !== 'conversion' && denominator.kind !== 'numeric') ||
      (denominator.aggregation !== 'average' && denominator.aggregation !== 'sum')
    )
      throw new WarehouseDesignError(
        `The denominator of metric "${metric.key}" needs an event key, a kind and an aggregation.`,
        `metrics[${index}].denominator`,
      );
  });
  design.sliceAttributes?.forEach((attribute, index) => {
    if (typeof attribute !== 'string' || attribute.trim() === '')
      throw new WarehouseDesignError('A slicing attribute is empty.', `sliceAttributes[${index}]`);
  });
}

/** The query for one dialect. Throws WarehouseDesignError / IngestError / WarehouseNameError on bad input. */
export function warehouseQuery(
  design: WarehouseDesign,
  dialectName: DialectName,
  overrides: WarehouseNameOverrides = {},
): string {
  checkDesign(design);
  const names = warehouseNames(overrides);
  return new QueryWriter(withRatioDenominators(design), dialectOf(dialectName), names).write();
}

class QueryWriter {
  /** Distinct event keys of every metric and denominator; per-unit columns are numbered by them. */
  private readonly eventKeys: string[];
  private readonly slices: string[];

  constructor(
    private readonly design: WarehouseDesign,
    private readonly d: Dialect,
    private readonly names: WarehouseNames,
  ) {
    const keys = new Set<string>();
    for (const metric of design.metrics) {
      keys.add(metric.eventKey);
      if (metric.denominator) keys.add(metric.denominator.eventKey);
    }
    this.eventKeys = [...keys];
    this.slices = [...new Set(design.sliceAttributes ?? [])];
  }

  private inWindow(time: string): string {
    const { start, end } = this.design.window ?? {};
    const parts: string[] = [];
    if (start !== undefined) parts.push(`${time} >= ${this.d.timestamp(start)}`);
    if (end !== undefined) parts.push(`${time} < ${this.d.timestamp(end)}`);
    return parts.length === 0 ? '1 = 1' : parts.join(' AND ');
  }

  private nullOf(type: string): string {
    return `CAST(NULL AS ${type})`;
  }

  private keyList(keys: string[]): string {
    return keys.map((key) => this.d.text(key)).join(', ');
  }

  write(): string {
    const ctes = [
      this.exposures(),
      this.assigned(),
      this.units(),
      this.events(),
      this.placed(),
      this.counted(),
      this.perUnit('after_exposure', 'counted', 'n'),
      ...(hasCuped(this.design)
        ? [this.prePeriod(), this.perUnit('pre_period', 'pre_counted', 'p')]
        : []),
      this.unitMetrics(),
      this.diagnosticCounts(),
    ];
    const selects = [...this.statisticSelects(), this.diagnosticSelect()];
    return (
      `-- Credence: sufficient statistics of "${this.design.flagKey.replace(/[\r\n]/g, ' ')}" (${this.d.name}).\n` +
      `WITH\n${ctes.join(',\n')}\n` +
      // Sorted outside the union: ClickHouse would sort only its last SELECT.
      `SELECT * FROM (\n${selects.join('\nUNION ALL\n')}\n) credence_result\n` +
      `ORDER BY 1, 2, 3, 4, 5, ${this.columns().length}${this.d.suffix};\n`
    );
  }

  private columns(): string[] {
    return resultColumns(this.design);
  }

  private exposures(): string {
    const { names, d, design } = this;
    const c = names.evaluation;
    const conditions = [
      `${c.flagKey} = ${d.text(design.flagKey)}`,
      `${c.contextKind} = ${d.text(design.randomizationUnit)}`,
      `${c.contextKey} IS NOT NULL`,
      `${c.contextKey} <> ''`,
      `${c.contextKey} <> ${d.text(CONNECTION_TEST)}`,
      `${c.variationId} IS NOT NULL`,
      `(${c.reasonKind} IS NULL OR ${c.reasonKind} <> 'ERROR')`,
      `${c.time} IS NOT NULL`,
    ];
    if (design.iterationId !== undefined)
      conditions.push(`${c.experimentIterationId} = ${d.text(design.iterationId)}`);
    else if (!design.countAllRuleEvaluations)
      conditions.push(`${c.experimentIterationId} IS NOT NULL`);
    const ids = design.variationIds ?? [];
    const variation =
      ids.length === 0
        ? `CAST(${c.variationId} AS ${d.string})`
        : `CASE CAST(${c.variationId} AS ${d.string})${ids.map((id, index) => ` WHEN ${d.text(id)} THEN '${index}'`).join('')} ELSE CAST(${c.variationId} AS ${d.string}) END`;
    const columns = [
      `${c.contextKey} AS unit_key`,
      `${variation} AS arm`,
      `${c.time} AS seen_at`,
      ...(this.slices.length > 0 ? [`${c.contextAttributes} AS attrs`] : []),
    ];
    return (
      `-- Exposures: successful evaluations of the flag for the unit kind, marked as experiment exposures.\n` +
      `exposures AS (\n  SELECT ${columns.join(', ')}\n  FROM ${names.evaluationEvents}\n  WHERE ${conditions.join('\n    AND ')}\n)`
    );
  }

  private assigned(): string {
    return (
      `-- Per unit exposed inside the window: first exposure and arms (more than one: excluded).\n` +
      `assigned AS (\n  SELECT unit_key, MIN(seen_at) AS first_seen, MIN(arm) AS first_arm, COUNT(DISTINCT arm) AS arm_count\n` +
      `  FROM exposures\n  WHERE ${this.inWindow('seen_at')}\n  GROUP BY unit_key\n)`
    );
  }

  private units(): string {
    const { d } = this;
    if (this.slices.length === 0)
      return (
        `units AS (\n  SELECT unit_key, first_arm AS variation, first_seen AS first_exposure, ${d.day('first_seen')} AS exposure_day\n` +
        `  FROM assigned\n  WHERE arm_count = 1\n)`
      );
    const firstValues = this.slices
      .map((name, index) => `MIN(${d.sliceValue('e.attrs', name)}) AS slice_${index}`)
      .join(',\n    ');
    const sliceColumns = this.slices.map((_, index) => `f.slice_${index}`).join(', ');
    return (
      `-- Slicing attributes: those of the unit's first exposure; of two first exposures at the same time,\n` +
      `-- per attribute the smaller value (any value before none), as the browser import keeps.\n` +
      `first_values AS (\n  SELECT e.unit_key,\n    ${firstValues}\n` +
      `  FROM exposures e\n  JOIN assigned a ON a.unit_key = e.unit_key AND e.seen_at = a.first_seen\n` +
      `  WHERE a.arm_count = 1\n  GROUP BY e.unit_key\n),\n` +
      `units AS (\n  SELECT a.unit_key, a.first_arm AS variation, a.first_seen AS first_exposure, ${d.day('a.first_seen')} AS exposure_day, ${sliceColumns}\n` +
      `  FROM assigned a\n  JOIN first_values f ON f.unit_key = a.unit_key\n  WHERE a.arm_count = 1\n)`
    );
  }

  private events(): string {
    const { names, d, design } = this;
    const c = names.metric;
    const conditions = [
      `${c.contextKind} = ${d.text(design.randomizationUnit)}`,
      `${c.eventKey} IN (${this.keyList(this.eventKeys)})`,
      `${c.contextKey} IS NOT NULL`,
      `${c.contextKey} <> ''`,
      `${c.contextKey} <> ${d.text(CONNECTION_TEST)}`,
      `${c.time} IS NOT NULL`,
    ];
    return (
      `-- Metric events of the metrics' event keys for the unit kind.\n` +
      `events AS (\n  SELECT ${c.contextKey} AS unit_key, ${c.eventKey} AS event_name, ${c.time} AS seen_at, ` +
      `CAST(${c.metricValue} AS ${d.double}) AS event_value, NULLIF(CAST(${c.eventId} AS ${d.string}), '') AS event_ref\n` +
      `  FROM ${names.metricEvents}\n  WHERE ${conditions.join('\n    AND ')}\n)`
    );
  }

  private placed(): string {
    return (
      `-- What becomes of each event (the browser import's order of checks).\n` +
      `placed AS (\n  SELECT e.unit_key, e.event_name, e.seen_at, e.event_value, e.event_ref,\n` +
      `    CASE WHEN NOT (${this.inWindow('e.seen_at')}) THEN 'outside-window'\n` +
      `         WHEN a.unit_key IS NULL THEN 'unit-not-exposed'\n` +
      `         WHEN a.arm_count > 1 THEN 'several-arms'\n` +
      `         WHEN e.seen_at < a.first_seen THEN 'before-exposure'\n` +
      `         ELSE 'counted' END AS outcome\n` +
      `  FROM events e\n  LEFT JOIN assigned a ON a.unit_key = e.unit_key\n)`
    );
  }

  /** Numbers the copies of one event: same id, or without an id the same unit, key, time and value. */
  private copyNumber(): string {
    const same = ['unit_key', 'event_name', 'seen_at', 'event_value']
      .map((column) => `CASE WHEN event_ref IS NULL THEN ${column} END`)
      .join(', ');
    return `row_number() OVER (PARTITION BY event_ref, ${same} ORDER BY seen_at)`;
  }

  private counted(): string {
    return (
      `-- Duplicates (same event id; without one, same unit, key, time and value) count once.\n` +
      `counted AS (\n  SELECT unit_key, event_name, event_value, ${this.copyNumber()} AS copy_number\n` +
      `  FROM placed\n  WHERE outcome = 'counted'\n)`
    );
  }

  private prePeriod(): string {
    const days = this.design.cupedPreDays ?? 0;
    return (
      `-- CUPED: each unit's events in the ${days} days before its first exposure, duplicates once.\n` +
      `pre_counted AS (\n  SELECT unit_key, event_name, event_value, ${this.copyNumber()} AS copy_number\n` +
      `  FROM (\n    SELECT e.unit_key, e.event_name, e.seen_at, e.event_value, e.event_ref\n    FROM events e\n` +
      `    JOIN units u ON u.unit_key = e.unit_key\n` +
      `    WHERE e.seen_at >= ${this.d.daysBefore('u.first_exposure', days)} AND e.seen_at < u.first_exposure\n  ) before_exposure\n)`
    );
  }

  /** Per unit and event key: events, valued events, Σ values (`prefix` n: after exposure, p: pre-period). */
  private perUnit(name: string, source: string, prefix: string): string {
    const columns = this.eventKeys.flatMap((key, index) => {
      const is = `event_name = ${this.d.text(key)}`;
      return [
        `COUNT(CASE WHEN ${is} THEN 1 END) AS ${prefix}_events_${index}`,
        `COUNT(CASE WHEN ${is} THEN event_value END) AS ${prefix}_valued_${index}`,
        `SUM(CASE WHEN ${is} THEN event_value END) AS ${prefix}_total_${index}`,
      ];
    });
    return `${name} AS (\n  SELECT unit_key,\n    ${columns.join(',\n    ')}\n  FROM ${source}\n  WHERE copy_number = 1\n  GROUP BY unit_key\n)`;
  }

  /** A unit's value of a measure: 0 without events (the browser import's rule 6). */
  private value(measure: MetricMeasure, prefix: string, table: string): { y: string; has: string } {
    const index = this.eventKeys.indexOf(measure.eventKey);
    const events = `COALESCE(${table}.${prefix}_events_${index}, 0)`;
    const valued = `COALESCE(${table}.${prefix}_valued_${index}, 0)`;
    const total = `${table}.${prefix}_total_${index}`;
    const double = this.d.double;
    // A ratio's numerator: the unit's values, an event without one counting 1 (as the browser does).
    if (measure.kind === 'ratio')
      return {
        y: `(COALESCE(${total}, 0) + ${events} - ${valued})`,
        has: `CASE WHEN ${events} > 0 THEN 1 ELSE 0 END`,
      };
    if (measure.kind === 'conversion')
      return {
        y:
          measure.aggregation === 'average'
            ? `CASE WHEN ${events} > 0 THEN 1 ELSE 0 END`
            : `CAST(${events} AS ${double})`,
        has: `CASE WHEN ${events} > 0 THEN 1 ELSE 0 END`,
      };
    return {
      y:
        measure.aggregation === 'average'
          ? `CASE WHEN ${valued} > 0 THEN ${total} / ${valued} ELSE 0 END`
          : `COALESCE(${total}, 0)`,
      has: `CASE WHEN ${valued} > 0 THEN 1 ELSE 0 END`,
    };
  }

  private unitMetrics(): string {
    const cuped = hasCuped(this.design);
    const columns = ['u.unit_key', 'u.variation', 'u.exposure_day'];
    this.slices.forEach((_, index) => columns.push(`u.slice_${index}`));
    this.design.metrics.forEach((metric, index) => {
      const { y, has } = this.value(metric, 'n', 'a');
      columns.push(`${y} AS y_${index}`, `${has} AS has_${index}`);
      if (metric.denominator)
        columns.push(`${this.value(metric.denominator, 'n', 'a').y} AS d_${index}`);
      if (cuped) columns.push(`${this.value(metric, 'p', 'b').y} AS x_${index}`);
    });
    return (
      `-- Per unit and metric: y${hasRatio(this.design) ? ', the denominator d' : ''}${cuped ? ', the pre-period covariate x' : ''}.\n` +
      `unit_metrics AS (\n  SELECT ${columns.join(',\n    ')}\n  FROM units u\n  LEFT JOIN after_exposure a ON a.unit_key = u.unit_key` +
      (cuped ? `\n  LEFT JOIN pre_period b ON b.unit_key = u.unit_key` : '') +
      `\n)`
    );
  }

  private statisticSelects(): string[] {
    const { d } = this;
    const text = this.nullOf(d.string);
    const double = this.nullOf(d.double);
    const selects: string[] = [];
    const groupings: { attribute: string; value: string; group: string }[] = [
      { attribute: text, value: text, group: '' },
      ...this.slices.map((name, index) => ({
        attribute: `CAST(${d.text(name)} AS ${d.string})`,
        value: `slice_${index}`,
        group: `, slice_${index}`,
      })),
    ];
    this.design.metrics.forEach((metric, index) => {
      for (const grouping of groupings) {
        const y = `y_${index}`;
        const columns = [
          `CAST(${d.text(metric.key)} AS ${d.string}) AS ${d.alias('metric')}`,
          `variation AS ${d.alias('variation')}`,
          `${grouping.attribute} AS ${d.alias('slice_attribute')}`,
          `${grouping.value} AS ${d.alias('slice_value')}`,
          `exposure_day AS ${d.alias('exposure_day')}`,
          `CAST(COUNT(*) AS ${d.integer}) AS ${d.alias('units')}`,
          `CAST(SUM(has_${index}) AS ${d.integer}) AS ${d.alias('conversions')}`,
          `SUM(${y}) AS ${d.alias('sum')}`,
          `SUM(${y} * ${y}) AS ${d.alias('sum_squares')}`,
        ];
        if (hasRatio(this.design)) {
          const ratio = metric.denominator
            ? [`SUM(d_${index})`, `SUM(d_${index} * d_${index})`, `SUM(${y} * d_${index})`]
            : [double, double, double];
          RATIO_COLUMNS.forEach((name, i) => columns.push(`${ratio[i]} AS ${d.alias(name)}`));
        }
        if (hasCuped(this.design)) {
          const x = `x_${index}`;
          const cuped = [`SUM(${x})`, `SUM(${x} * ${x})`, `SUM(${x} * ${y})`];
          CUPED_COLUMNS.forEach((name, i) => columns.push(`${cuped[i]} AS ${d.alias(name)}`));
        }
        columns.push(`${text} AS ${d.alias('diagnostic')}`);
        selects.push(
          `SELECT ${columns.join(', ')}\nFROM unit_metrics\nGROUP BY variation, exposure_day${grouping.group}`,
        );
      }
    });
    return selects;
  }

  /** The diagnostic counts, one row each (`diagnostic`, `n`). */
  private diagnosticCounts(): string {
    const numericKeys = [
      ...new Set(
        this.design.metrics
          .flatMap((metric) => [metric, ...(metric.denominator ? [metric.denominator] : [])])
          .filter((measure) => measure.kind === 'numeric')
          .map((measure) => measure.eventKey),
      ),
    ];
    const counts: Record<WarehouseDiagnostic, string> = {
      // The rows the rules looked at: exposures and metric events of this experiment's unit kind.
      rows_read: `FROM (SELECT unit_key FROM exposures UNION ALL SELECT unit_key FROM events) considered`,
      units_in_several_arms: `FROM assigned WHERE arm_count > 1`,
      events_outside_window:
        `FROM (SELECT unit_key FROM exposures WHERE NOT (${this.inWindow('seen_at')})` +
        ` UNION ALL SELECT unit_key FROM placed WHERE outcome = 'outside-window') outside_window`,
      events_before_exposure: `FROM placed WHERE outcome = 'before-exposure'`,
      duplicates_dropped: `FROM counted WHERE copy_number > 1`,
      events_of_units_not_exposed: `FROM placed WHERE outcome = 'unit-not-exposed'`,
      events_of_units_in_several_arms: `FROM placed WHERE outcome = 'several-arms'`,
      events_missing_metric_value:
        numericKeys.length === 0
          ? `FROM counted WHERE 1 = 0`
          : `FROM counted WHERE copy_number = 1 AND event_value IS NULL AND event_name IN (${this.keyList(numericKeys)})`,
    };
    const { d } = this;
    const rows = DIAGNOSTICS.map(
      (name) =>
        `SELECT CAST(${d.text(name)} AS ${d.string}) AS diagnostic_name, CAST(COUNT(*) AS ${d.integer}) AS n ${counts[name]}`,
    );
    return `-- Diagnostics: what the rules left out, counted.
diagnostic_counts AS (
  ${rows.join('\n  UNION ALL\n  ')}
)`;
  }

  private diagnosticSelect(): string {
    const { d } = this;
    const values = this.columns().map((column) => {
      const alias = d.alias(column);
      if (column === 'units') return `n AS ${alias}`;
      if (column === 'diagnostic') return `diagnostic_name AS ${alias}`;
      if (column === 'exposure_day') return `${this.nullOf(d.date)} AS ${alias}`;
      if (column === 'conversions') return `${this.nullOf(d.integer)} AS ${alias}`;
      if (['metric', 'variation', 'slice_attribute', 'slice_value'].includes(column))
        return `${this.nullOf(d.string)} AS ${alias}`;
      return `${this.nullOf(d.double)} AS ${alias}`;
    });
    return `SELECT ${values.join(', ')}\nFROM diagnostic_counts`;
  }
}

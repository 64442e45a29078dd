// The quick path's first look at a file: from its first few hundred kilobytes, what kind of file it is
// (Data Export JSON Lines, event-level CSV, unit-level CSV, per-arm summary CSV), which columns hold
// what, and which metrics it has (conversion or numeric, guessed from the values). The whole file is
// then read by the ingest worker with the spec this gives.
import type { DataSummary, FoundMetric } from '../../lib/domain/propose-experiment.ts';
import {
  proposeColumnMapping,
  type CsvEventMapping,
  type CsvUnitMapping,
  type ExperimentData,
  type ExperimentSpec,
  detectCsvShape,
  prePeriodBase,
  previewCsv,
  proposePreColumns,
} from '../../lib/ingest/index.ts';

export type FilePlan = {
  shape: 'export' | 'events' | 'units' | 'summary';
  /** The flag the exposures are for; a placeholder where the file has no flag column. */
  flagKey: string;
  randomizationUnit: string;
  metrics: FoundMetric[];
  unitMapping?: CsvUnitMapping;
  eventMapping?: CsvEventMapping;
  countAllRuleEvaluations?: boolean;
  /** Data Export: the variation names seen in the sample, by variation index. */
  variationNames?: Map<number, string>;
};

export type PlanResult = { ok: true; plan: FilePlan } | { ok: false; message: string };

/** The flag key used where a file has none: every row of such a file is about the one experiment. */
export const ANY_FLAG = 'quick-path';

const SHAPE_NAMES: Record<FilePlan['shape'], string> = {
  export: 'Data Export (JSON Lines)',
  events: 'event-level CSV',
  units: 'unit-level CSV (one row per unit)',
  summary: 'per-arm summary CSV',
};

export function shapeName(shape: FilePlan['shape']): string {
  return SHAPE_NAMES[shape];
}

/**
 * The header and rows of a CSV sample, read by the library's CSV reader (as the import reads them);
 * a cut last line is left out.
 */
export async function csvSampleRows(text: string, complete: boolean): Promise<string[][]> {
  const sample = complete ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const { headers, rows } = await previewCsv(
    new TextEncoder().encode(sample),
    {},
    { maxBytes: Infinity, maxRows: Infinity },
  );
  return headers.length ? [headers, ...rows] : [];
}

const BOOLEAN = /^(true|false|t|f|yes|no|0|1)$/i;
const TIME_COLUMN = /(time|date|exposure|exposed|seen|_at$)/i;
const ID_COLUMN = /(^id$|_id$|^key$|_key$|uuid)/i;
const UNIT_ARM_NAMES = [
  'group',
  'bucket',
  'cohort',
  'experiment_group',
  'variant_name',
  'arm_name',
];

function metricKind(values: string[]): FoundMetric['kind'] | null {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length === 0) return null;
  if (filled.every((v) => BOOLEAN.test(v))) return 'conversion';
  return filled.every((v) => Number.isFinite(Number(v))) ? 'numeric' : null;
}

function column(rows: string[][], index: number): string[] {
  return rows.map((row) => row[index] ?? '');
}

function first(values: string[]): string | undefined {
  return values.map((v) => v.trim()).find((v) => v !== '');
}

export function planFromCsv(rows: string[][]): PlanResult {
  const [headers, ...body] = rows;
  if (!headers || headers.length < 2)
    return { ok: false, message: 'The file has no header line with at least two columns.' };
  const names = headers.map((h) => h.trim());
  const at = (name: string | undefined) => (name === undefined ? -1 : names.indexOf(name));
  if (detectCsvShape(names, body).shape === 'summary') return planSummary(names, body);
  const { mapping } = proposeColumnMapping(names);
  const variation =
    mapping.variation ??
    names.find((name) => UNIT_ARM_NAMES.includes(name.toLowerCase().replace(/[\s.-]+/g, '_')));
  if (mapping.unitKey === undefined || variation === undefined)
    return {
      ok: false,
      message: `Credence found no ${mapping.unitKey === undefined ? 'unit key column (such as user_id or context_key)' : 'arm column (such as variation, arm or group)'} in the header: ${names.join(', ')}.`,
    };
  const unitKind = mapping.unitKind ? first(column(body, at(mapping.unitKind))) : undefined;
  if (mapping.eventKey !== undefined && mapping.timestamp !== undefined) {
    const flagKey = mapping.flagKey ? first(column(body, at(mapping.flagKey))) : undefined;
    const metrics = eventMetrics(body, at(mapping.eventKey), at(mapping.value), at(mapping.kind), [
      at(variation),
    ]);
    return {
      ok: true,
      plan: {
        shape: 'events',
        flagKey: flagKey ?? ANY_FLAG,
        randomizationUnit: unitKind ?? 'user',
        metrics: metrics.filter((metric) => metric.source !== flagKey),
        eventMapping: {
          ...mapping,
          unitKey: mapping.unitKey,
          timestamp: mapping.timestamp,
          variation,
        },
      },
    };
  }
  const used = new Set([mapping.unitKey, variation, mapping.unitKind]);
  const time = names.find((name) => !used.has(name) && TIME_COLUMN.test(name));
  const metrics: FoundMetric[] = [];
  names.forEach((name, index) => {
    if (used.has(name) || name === time || name === '' || ID_COLUMN.test(name)) return;
    const kind = metricKind(column(body, index));
    if (kind) metrics.push({ source: name, kind });
  });
  // A column named as another's pre-period value (revenue_pre for revenue) is its CUPED covariate.
  const preMetrics = proposePreColumns(
    metrics.map((m) => m.source),
    Object.fromEntries(
      metrics.filter((m) => prePeriodBase(m.source) === null).map((m) => [m.source, m.source]),
    ),
  );
  const preColumns = new Set(Object.values(preMetrics));
  const measured = metrics.filter((m) => !preColumns.has(m.source));
  if (measured.length === 0)
    return {
      ok: false,
      message: `No column besides the unit and the arm holds numbers or TRUE/FALSE values: ${names.join(', ')}.`,
    };
  return {
    ok: true,
    plan: {
      shape: 'units',
      flagKey: ANY_FLAG,
      randomizationUnit: unitKind ?? 'user',
      metrics: measured,
      unitMapping: {
        unitKey: mapping.unitKey,
        variation,
        metrics: Object.fromEntries(measured.map((m) => [m.source, m.source])),
        ...(preColumns.size > 0 ? { preMetrics } : {}),
        ...(time ? { firstExposure: time } : {}),
      },
    },
  };
}

/** An event with values is numeric, summed per unit (revenue per user) [ours]; one without, a conversion. */
function eventMetric(source: string, hasValue: boolean): FoundMetric {
  return hasValue
    ? { source, kind: 'numeric', aggregation: 'sum' }
    : { source, kind: 'conversion' };
}

function eventMetrics(
  body: string[][],
  keyColumn: number,
  valueColumn: number,
  kindColumn: number,
  exposureColumns: number[],
): FoundMetric[] {
  const numeric = new Map<string, boolean>();
  for (const row of body) {
    const kind = kindColumn >= 0 ? (row[kindColumn] ?? '').trim().toLowerCase() : '';
    if (['feature', 'evaluation', 'exposure', 'flag'].includes(kind)) continue;
    if (kindColumn < 0 && exposureColumns.some((c) => (row[c] ?? '').trim() !== '')) continue;
    const key = (row[keyColumn] ?? '').trim();
    if (!key) continue;
    const value = valueColumn >= 0 ? (row[valueColumn] ?? '').trim() : '';
    numeric.set(key, (numeric.get(key) ?? false) || value !== '');
  }
  return [...numeric].map(([source, hasValue]) => eventMetric(source, hasValue));
}

function planSummary(names: string[], body: string[][]): PlanResult {
  const lower = names.map((n) => n.toLowerCase());
  const metricColumn = lower.findIndex((n) => n === 'metric' || n === 'metric_key');
  const conversions = lower.findIndex((n) => n === 'conversions' || n === 'converted_units');
  const filled = (row: string[]) => conversions >= 0 && (row[conversions] ?? '').trim() !== '';
  let metrics: FoundMetric[];
  if (metricColumn >= 0) {
    const kinds = new Map<string, FoundMetric['kind']>();
    for (const row of body) {
      const key = (row[metricColumn] ?? '').trim();
      if (key && !kinds.has(key)) kinds.set(key, filled(row) ? 'conversion' : 'numeric');
    }
    metrics = [...kinds].map(([source, kind]) => ({ source, kind }));
  } else {
    const kind = conversions >= 0 ? 'conversion' : 'numeric';
    metrics = [{ source: kind === 'conversion' ? 'conversion' : 'value', kind }];
  }
  if (metrics.length === 0) return { ok: false, message: 'The summary file has no rows.' };
  return {
    ok: true,
    plan: { shape: 'summary', flagKey: ANY_FLAG, randomizationUnit: 'user', metrics },
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function contextKind(event: Json): string | undefined {
  if (isObject(event.contextKeys)) return Object.keys(event.contextKeys)[0];
  if (isObject(event.context)) {
    const kind = event.context.kind;
    if (kind === 'multi') return Object.keys(event.context).find((k) => k !== 'kind');
    return typeof kind === 'string' ? kind : 'user';
  }
  return event.userKey !== undefined || event.user !== undefined ? 'user' : undefined;
}

/** Data Export records (JSON Lines, or an "event" envelope per line): the flag, unit kind and metrics. */
export function planFromJsonLines(lines: string[]): PlanResult {
  const flags = new Map<string, number>();
  const kinds = new Map<string, number>();
  const numeric = new Map<string, boolean>();
  let inExperiment = false;
  const names = new Map<string, string>();
  let read = 0;
  for (const line of lines) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObject(record)) continue;
    const event = isObject(record.event) ? record.event : record;
    read++;
    const key = typeof event.key === 'string' ? event.key : '';
    if (event.kind === 'feature' && key) {
      flags.set(key, (flags.get(key) ?? 0) + 1);
      const kind = contextKind(event);
      if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (isObject(event.reason) && event.reason.inExperiment === true) inExperiment = true;
      if (
        typeof event.variation === 'number' &&
        typeof event.variationName === 'string' &&
        event.variationName.trim() !== ''
      )
        names.set(`${key}\u0000${event.variation}`, event.variationName);
    } else if (event.kind === 'custom' && key) {
      numeric.set(key, (numeric.get(key) ?? false) || typeof event.metricValue === 'number');
    }
  }
  if (read === 0)
    return { ok: false, message: 'The file does not start with JSON records, one per line.' };
  const most = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const flagKey = most(flags);
  if (!flagKey)
    return { ok: false, message: 'The first records hold no flag evaluation ("feature" event).' };
  if (numeric.size === 0)
    return { ok: false, message: 'The first records hold no metric event ("custom" event).' };
  return {
    ok: true,
    plan: {
      shape: 'export',
      flagKey,
      randomizationUnit: most(kinds) ?? 'user',
      metrics: [...numeric].map(([source, hasValue]) => eventMetric(source, hasValue)),
      // Exports from before "inExperiment" existed: every evaluation of the flag is an exposure.
      countAllRuleEvaluations: !inExperiment,
      variationNames: new Map(
        [...names]
          .filter(([id]) => id.startsWith(`${flagKey}\u0000`))
          .map(([id, name]) => [Number(id.slice(flagKey.length + 1)), name]),
      ),
    },
  };
}

/** The spec the worker reads the whole file with: metrics keyed by their source, no window. */
export function specOf(plan: FilePlan): ExperimentSpec {
  return {
    flagKey: plan.flagKey,
    randomizationUnit: plan.randomizationUnit,
    metrics: plan.metrics.map((metric) => ({
      key: metric.source,
      eventKey: metric.source,
      kind: metric.kind,
      aggregation: metric.aggregation ?? 'average',
    })),
    countAllRuleEvaluations: plan.countAllRuleEvaluations ?? false,
    // The novelty view (Over time, by days since exposure) for files with times, as on the Data tab.
    daysSinceExposure: true,
  };
}

/** What the whole file says, for the proposal: arm labels with their units, metrics, first/last time. */
export function dataSummary(fileName: string, plan: FilePlan, data: ExperimentData): DataSummary {
  return {
    fileName,
    arms: data.arms
      .filter((arm) => arm.units > 0)
      .map((arm) => ({
        index: arm.variation,
        label:
          data.armLabels?.[arm.variation] ??
          data.armNames?.[arm.variation] ??
          String(arm.variation),
        units: arm.units,
        ...(plan.variationNames?.has(arm.variation)
          ? { name: plan.variationNames.get(arm.variation) }
          : {}),
      })),
    metrics: plan.metrics,
    firstTimestamp: data.diagnostics.firstTimestamp,
    lastTimestamp: data.diagnostics.lastTimestamp,
    randomizationUnit: plan.randomizationUnit,
  };
}

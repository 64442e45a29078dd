// The metric-kind registry: the one list of kinds. A new kind (a ratio metric, say) is a file beside
// these that declares a MetricKindDefinition, one line below, and its model in src/lib/stats.
import { conversion } from './conversion.ts';
import { numeric } from './numeric.ts';
import { ratio } from './ratio.ts';
import type { Aggregation, MetricKindDefinition, MetricRule, TypedField } from './types.ts';

export type * from './types.ts';

const KINDS = [conversion, numeric, ratio] as const satisfies readonly MetricKindDefinition[];

/** The kinds a metric can have, as stored in designs, files and links. */
export type MetricKindName = (typeof KINDS)[number]['kind'];

export const METRIC_KINDS: readonly MetricKindDefinition[] = KINDS;
export const METRIC_KIND_NAMES = KINDS.map((definition) => definition.kind) as MetricKindName[];
export const AGGREGATIONS: readonly Aggregation[] = ['average', 'sum'];

const byName = new Map<string, MetricKindDefinition>(
  KINDS.map((definition) => [definition.kind, definition]),
);

export function isMetricKindName(value: unknown): value is MetricKindName {
  return typeof value === 'string' && byName.has(value);
}

export function isAggregation(value: unknown): value is Aggregation {
  return value === 'average' || value === 'sum';
}

/** The definition of a kind; throws for a name no kind has (validate names first). */
export function metricKind(kind: string): MetricKindDefinition {
  const definition = byName.get(kind);
  if (!definition) throw new Error(`No metric kind "${kind}".`);
  return definition;
}

/** A metric's rule: its kind with its aggregation. */
export function metricRule(metric: { kind: string; aggregation: Aggregation }): MetricRule {
  return metricKind(metric.kind).rule(metric.aggregation);
}

/** The engine model a metric is analysed with (a conversion summed per unit is a count: numeric). */
export function modelKind(metric: { kind: string; aggregation: Aggregation }): MetricRule['model'] {
  return metricRule(metric).model;
}

/** How a metric's values are shown. */
export function valueUnit(metric: {
  kind: string;
  aggregation: Aggregation;
}): MetricRule['valueUnit'] {
  return metricRule(metric).valueUnit;
}

/** Column headings of the typed fields. */
export const TYPED_FIELD_LABELS: Readonly<Record<TypedField, string>> = {
  units: 'Units',
  conversions: 'Conversions',
  mean: 'Mean',
  sd: 'Standard deviation',
  sum: 'Σ numerator',
  sumSquares: 'Σ numerator²',
  denominatorSum: 'Σ denominator',
  denominatorSumSquares: 'Σ denominator²',
  crossSum: 'Σ numerator × denominator',
};

/** Whether a metric of this kind reads a second, denominator event. */
export function hasDenominator(metric: { kind: string; aggregation: Aggregation }): boolean {
  return metricRule(metric).statistics.includes('denominatorSum');
}

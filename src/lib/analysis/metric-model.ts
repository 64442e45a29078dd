// Which statistical model a metric is analysed with: the one rule the results page, the request
// builder, snapshot links and exports share (docs/statistics.md#per-unit-aggregation).
import type { Direction, MetricKind } from '../stats/types.ts';

/** The fields of a metric definition that decide how it is analysed. */
export type MetricModelFields = {
  key: string;
  kind: MetricKind;
  aggregation: 'average' | 'sum';
  direction: Direction;
};

/** A conversion metric summed per unit is a count per unit: it uses the numeric model. */
export function modelKind(metric: Pick<MetricModelFields, 'kind' | 'aggregation'>): MetricKind {
  return metric.kind === 'conversion' && metric.aggregation === 'average'
    ? 'conversion'
    : 'numeric';
}

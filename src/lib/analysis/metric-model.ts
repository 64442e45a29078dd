// The fields of a metric definition that decide how it is analysed. Which model each kind uses is the
// metric-kind registry's to say (src/lib/metric-kinds, docs/statistics.md#per-unit-aggregation).
import type { Aggregation, MetricKindName } from '../metric-kinds/index.ts';
import type { Direction } from '../stats/types.ts';

export type MetricModelFields = {
  key: string;
  kind: MetricKindName;
  aggregation: Aggregation;
  direction: Direction;
};

export { modelKind } from '../metric-kinds/index.ts';

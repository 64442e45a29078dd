// The warehouse tables and columns the query reads: the platform's warehouse Data Export names by
// default, each replaceable (a view, a renamed column, a qualified table name).

export type EvaluationColumns = {
  eventId: string;
  flagKey: string;
  contextKey: string;
  contextKind: string;
  contextAttributes: string;
  variationId: string;
  reasonKind: string;
  experimentIterationId: string;
  time: string;
};

export type MetricColumns = {
  eventId: string;
  eventKey: string;
  contextKey: string;
  contextKind: string;
  metricValue: string;
  time: string;
};

export type WarehouseNames = {
  /** Table references as written in the query, e.g. `analytics.evaluation_events`. */
  evaluationEvents: string;
  metricEvents: string;
  evaluation: EvaluationColumns;
  metric: MetricColumns;
};

export const DEFAULT_NAMES: WarehouseNames = {
  evaluationEvents: 'evaluation_events',
  metricEvents: 'metric_events',
  evaluation: {
    eventId: 'event_id',
    flagKey: 'flag_key',
    contextKey: 'context_key',
    contextKind: 'context_kind',
    contextAttributes: 'context_attributes',
    variationId: 'variation_id',
    reasonKind: 'reason_kind',
    experimentIterationId: 'experiment_iteration_id',
    time: 'received_time',
  },
  metric: {
    eventId: 'event_id',
    eventKey: 'event_key',
    contextKey: 'context_key',
    contextKind: 'context_kind',
    metricValue: 'metric_value',
    time: 'received_time',
  },
};

export type WarehouseNameOverrides = {
  evaluationEvents?: string;
  metricEvents?: string;
  evaluation?: Partial<EvaluationColumns>;
  metric?: Partial<MetricColumns>;
};

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Dotted parts, each a bare name or quoted with backticks, double quotes or brackets. */
const TABLE =
  /^(?:[A-Za-z_][A-Za-z0-9_$-]*|`[^`]+`|"[^"]+"|\[[^\]]+\])(?:\.(?:[A-Za-z_][A-Za-z0-9_$-]*|`[^`]+`|"[^"]+"|\[[^\]]+\]))*$/;

export class WarehouseNameError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'WarehouseNameError';
  }
}

/** The defaults with the given names put in; a name that could carry more than a name is refused. */
export function warehouseNames(overrides: WarehouseNameOverrides = {}): WarehouseNames {
  const names: WarehouseNames = {
    evaluationEvents: overrides.evaluationEvents?.trim() || DEFAULT_NAMES.evaluationEvents,
    metricEvents: overrides.metricEvents?.trim() || DEFAULT_NAMES.metricEvents,
    evaluation: { ...DEFAULT_NAMES.evaluation },
    metric: { ...DEFAULT_NAMES.metric },
  };
  for (const table of ['evaluationEvents', 'metricEvents'] as const)
    if (!TABLE.test(names[table]))
      throw new WarehouseNameError(
        `"${names[table]}" is not a table name (letters, digits, _ and dots; quote other parts).`,
        table,
      );
  for (const group of ['evaluation', 'metric'] as const) {
    const given: Record<string, string | undefined> = overrides[group] ?? {};
    const target: Record<string, string> = names[group];
    for (const field of Object.keys(target)) {
      const value = given[field]?.trim();
      if (value === undefined || value === '') continue;
      if (!COLUMN.test(value))
        throw new WarehouseNameError(
          `"${value}" is not a column name (letters, digits and _, not starting with a digit).`,
          `${group}.${field}`,
        );
      target[field] = value;
    }
  }
  return names;
}

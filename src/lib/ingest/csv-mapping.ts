// Column mapping for event-level CSV files: which header holds the unit key, the variation, the time…
// proposeColumnMapping guesses from the names; the user confirms or corrects it.

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

const SYNONYMS: Record<CsvEventField, string[]> = {
  unitKey: [
    'context_key',
    'contextkey',
    'unit_key',
    'user_key',
    'userkey',
    'unit',
    'user_id',
    'key',
  ],
  variation: ['variation', 'variation_id', 'variation_index', 'arm', 'treatment', 'variant'],
  timestamp: [
    'timestamp',
    'creation_date',
    'creationdate',
    'event_timestamp',
    'created_at',
    'received_time',
    'time',
    'date',
  ],
  eventKey: ['event_key', 'metric_event_key', 'eventkey', 'event', 'event_name'],
  value: ['metric_value', 'value', 'metricvalue', 'event_value', 'amount'],
  flagKey: ['flag_key', 'flagkey', 'flag'],
  unitKind: ['context_kind', 'contextkind', 'unit_kind', 'kind_of_context'],
  kind: ['kind', 'event_kind', 'event_type', 'type'],
  inExperiment: ['in_experiment', 'inexperiment', 'reason_in_experiment'],
  id: ['event_id', 'id', 'eventid'],
};

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');

export function proposeColumnMapping(headers: string[]): ProposedMapping {
  const names = headers.map(normalise);
  const taken = new Set<number>();
  const mapping: Partial<Record<CsvEventField, string>> = {};
  const confidence = {} as Record<CsvEventField, number>;
  const fields = Object.keys(SYNONYMS) as CsvEventField[];
  for (const field of fields) confidence[field] = 0;
  // Exact names first for every field, so a partial match never steals another field's exact column.
  for (const field of fields) {
    for (const synonym of SYNONYMS[field]) {
      const index = names.findIndex((name, i) => name === synonym && !taken.has(i));
      if (index >= 0) {
        mapping[field] = headers[index];
        confidence[field] = 1;
        taken.add(index);
        break;
      }
    }
  }
  for (const field of fields) {
    if (mapping[field] !== undefined) continue;
    const index = names.findIndex(
      (name, i) =>
        !taken.has(i) && SYNONYMS[field].slice(0, 3).some((synonym) => name.includes(synonym)),
    );
    if (index >= 0) {
      mapping[field] = headers[index];
      confidence[field] = 0.5;
      taken.add(index);
    }
  }
  return { mapping, confidence };
}

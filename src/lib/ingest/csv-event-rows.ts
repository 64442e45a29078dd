// Event-level CSV rows read into ParsedEvents: the header checked against the column mapping, then each
// row's cells. Shared by the import that applies the rules as it reads and by the parser thread that
// hands events over in batches (csv-parser-service.ts).
import { equalsTrimmed, fingerprintBytes, parseNumberBytes } from './bytes.ts';
import { CellMemo, cellBoolean, cellTime, VariationIndex } from './csv-cells.ts';
import { requireColumns, type CsvColumns } from './csv-file.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { CsvRow } from './csv-reader.ts';
import type { MatchTargets } from './match-targets.ts';
import {
  EventKind,
  INVALID_VARIATION,
  ParsedEvent,
  ValueState,
  type SliceValueSource,
} from './parsed-event.ts';
import { sliceText } from './slice-values.ts';
import type { ExperimentSpec } from './types.ts';

const EVALUATION_KINDS = new Set(['feature', 'evaluation', 'exposure', 'flag']);
const METRIC_KINDS = new Map([
  ['custom', EventKind.Custom],
  ['metric', EventKind.Custom],
  ['click', EventKind.Click],
  ['pageview', EventKind.Pageview],
]);

type Columns = Record<keyof CsvEventMapping, number>;

/** Mapping fields a file may leave out (unitKey and timestamp are always required). */
const OPTIONAL_EVENT_FIELDS = [
  'variation',
  'eventKey',
  'value',
  'flagKey',
  'unitKind',
  'kind',
  'inExperiment',
  'id',
] as const;

function eventColumns(columns: CsvColumns, mapping: CsvEventMapping): Columns {
  const result = {} as Columns;
  for (const field of ['unitKey', 'timestamp', ...OPTIONAL_EVENT_FIELDS] as const) {
    result[field] = columns.index(mapping[field]);
  }
  return result;
}

/** Reads the rows of one event-level file (its columns resolved from the header) into a ParsedEvent. */
export class EventRowReader implements SliceValueSource {
  /** Event kinds and in-experiment flags seen, by spelling (see CellMemo). */
  private readonly kinds = new CellMemo();
  private readonly booleans = new CellMemo();
  /**
   * Leaves the unit key of a cell without "" escapes unhashed (`event.unit` untouched): the parser
   * thread then lets the importing thread hash it (see ParseJob.onRow).
   */
  leavePlainUnitKeys = false;
  /** The row being read (kept only with slicing attributes: their cells are read for a first exposure). */
  private row: CsvRow | null = null;

  constructor(
    private readonly c: Columns,
    private readonly targets: MatchTargets,
    private readonly variations: VariationIndex,
    /** Per slicing attribute: its column (-1: the file has none); empty without slicing attributes. */
    private readonly sliceColumns: number[] = [],
  ) {}

  readSliceValues(attributes: string[], into: (string | undefined)[]): void {
    const row = this.row;
    if (row === null) return;
    for (let a = 0; a < attributes.length; a++)
      into[a] = sliceText(row.text(this.sliceColumns[a]).trim());
  }

  get unitColumn(): number {
    return this.c.unitKey;
  }

  /** Fills `event` from one row; returns a problem text for an unreadable row. */
  read(row: CsvRow, event: ParsedEvent): string | null {
    const { c, targets } = this;
    event.reset();
    // The unit key, time, value and id are read straight from the row's byte ranges (the row's
    // methods would check the column each time); a cell with "" escapes goes through those methods.
    const { bytes, starts, ends, escaped } = row;
    if (c.kind >= 0) event.kind = this.kindOf(row, c.kind);
    else
      event.kind = !row.isEmpty(c.variation)
        ? EventKind.Feature
        : !row.isEmpty(c.eventKey)
          ? EventKind.Custom
          : EventKind.Unknown;
    const unitKey = c.unitKey;
    const kindMatches =
      c.unitKind < 0 || row.isEmpty(c.unitKind) || row.equals(c.unitKind, targets.unitKindBytes);
    event.hasUnit = starts[unitKey] !== ends[unitKey] && kindMatches;
    let unitIsTest: boolean;
    if (escaped[unitKey]) {
      if (event.hasUnit) row.fingerprint(unitKey, event.unit);
      unitIsTest = row.equals(unitKey, targets.testKeyBytes);
    } else {
      if (event.hasUnit && !this.leavePlainUnitKeys)
        fingerprintBytes(bytes, starts[unitKey], ends[unitKey], event.unit);
      unitIsTest = equalsTrimmed(bytes, starts[unitKey], ends[unitKey], targets.testKeyBytes);
    }
    const timestamp = c.timestamp;
    if (starts[timestamp] !== ends[timestamp]) {
      event.time = cellTime(row, timestamp);
      if (Number.isNaN(event.time)) return `timestamp "${row.text(timestamp)}" is not a date`;
    }
    if (event.kind === EventKind.Feature) {
      if (this.sliceColumns.length > 0) {
        this.row = row;
        event.sliceSource = this;
      }
      event.isFlag = c.flagKey < 0 || row.equals(c.flagKey, targets.flagKeyBytes);
      event.isConnectionTest = row.equals(c.flagKey, targets.testKeyBytes) || unitIsTest;
      event.variation = this.variations.of(row, c.variation);
      if (event.variation === INVALID_VARIATION && event.isFlag) return this.variations.problem;
      // Without an in-experiment column the export is taken as already limited to experiment exposures.
      event.inExperiment = c.inExperiment >= 0 ? this.booleanOf(row, c.inExperiment) : 1;
    } else {
      event.eventKeyIndex = -1;
      for (let k = 0; k < targets.eventKeyBytes.length; k++) {
        if (row.equals(c.eventKey, targets.eventKeyBytes[k])) {
          event.eventKeyIndex = k;
          break;
        }
      }
      event.isConnectionTest = row.equals(c.eventKey, targets.testKeyBytes) || unitIsTest;
      const value = c.value;
      if (value >= 0 && starts[value] !== ends[value]) {
        event.value = escaped[value]
          ? row.number(value)
          : parseNumberBytes(bytes, starts[value], ends[value]);
        event.valueState = Number.isFinite(event.value) ? ValueState.Number : ValueState.Invalid;
        if (event.valueState === ValueState.Invalid && event.eventKeyIndex >= 0)
          return `value "${row.text(value)}" is not a number`;
      }
    }
    const id = c.id;
    if (id >= 0 && starts[id] !== ends[id]) {
      event.hasId = true;
      if (escaped[id]) row.fingerprint(id, event.id);
      else fingerprintBytes(bytes, starts[id], ends[id], event.id);
    }
    return null;
  }

  private kindOf(row: CsvRow, index: number): EventKind {
    const remembered = this.kinds.get(row, index);
    if (remembered !== undefined) return remembered;
    const kindText = row.text(index).trim().toLowerCase();
    const kind = EVALUATION_KINDS.has(kindText)
      ? EventKind.Feature
      : (METRIC_KINDS.get(kindText) ?? EventKind.Unknown);
    this.kinds.remember(row, index, kind);
    return kind;
  }

  private booleanOf(row: CsvRow, index: number): number {
    const remembered = this.booleans.get(row, index);
    if (remembered !== undefined) return remembered;
    const value = cellBoolean(row, index);
    this.booleans.remember(row, index, value);
    return value;
  }
}

/** Columns only evaluation rows have (a metric_events table lacks them), and only metric rows have. */
const EVALUATION_ONLY = ['variation', 'flagKey', 'inExperiment'] as const;
const METRIC_ONLY = ['eventKey', 'value'] as const;

/**
 * The mapped fields a file may lack because it is the other warehouse table: a file with the event
 * column and no variation column (metric_events) lacks the evaluation-only columns, and the other
 * way round (evaluation_events). Without a kind column only; any other missing column is refused.
 */
function otherTableFields(header: CsvColumns, mapping: CsvEventMapping): Set<string> {
  const has = (column: string | undefined) => column !== undefined && header.index(column) >= 0;
  if (mapping.kind !== undefined) return new Set();
  if (has(mapping.eventKey) && !has(mapping.variation)) return new Set(EVALUATION_ONLY);
  if (has(mapping.variation) && !has(mapping.eventKey)) return new Set(METRIC_ONLY);
  return new Set();
}

/**
 * The row reader for a file with this header: throws IngestError when a mapped column is missing (or
 * the file seems to use another delimiter).
 */
export function eventRowReader(
  file: string,
  header: CsvColumns,
  spec: ExperimentSpec,
  mapping: CsvEventMapping,
  targets: MatchTargets,
  variations: VariationIndex,
): EventRowReader {
  const required: Record<string, string | undefined> = {
    unitKey: mapping.unitKey,
    timestamp: mapping.timestamp,
  };
  const absentTable = otherTableFields(header, mapping);
  for (const field of OPTIONAL_EVENT_FIELDS) {
    if (mapping[field] !== undefined && !absentTable.has(field)) required[field] = mapping[field];
  }
  if (mapping.variation === undefined && mapping.kind === undefined) required.variation = undefined;
  if (spec.metrics.length > 0 && mapping.eventKey === undefined) required.eventKey = undefined;
  requireColumns(file, header, required);
  const sliceColumns = (spec.sliceAttributes ?? []).map((attribute) => header.index(attribute));
  return new EventRowReader(eventColumns(header, mapping), targets, variations, sliceColumns);
}

// Slicing attributes (docs/data-import.md#slicing-attributes): per unit, the value of each attribute at
// the unit's first exposure, as a 32-bit value id per unit and attribute, so memory is bounded by
// units × attributes (plus at most `maxValues` distinct strings per attribute).
//
// Ids: 0 is "no value"; 1…maxValues index the attribute's dictionary; beyond the cap a value is kept
// as OVERFLOW | a 31-bit hash of its text (it then counts in 'other', and the hashes tell apart how
// many distinct values were merged there).
import type { SliceValueSource } from './parsed-event.ts';

export const MISSING_VALUE = 0;
const OVERFLOW = 0x80000000;

/** Distinct values remembered per attribute by default; more count as 'other'. */
export const DEFAULT_MAX_SLICE_VALUES = 10_000;
/** The most frequent values that get a cell of their own. */
export const DEFAULT_SLICE_CELLS = 50;
/** The most slicing attributes a spec may name. */
export const MAX_SLICE_ATTRIBUTES = 20;

export type SliceGroups = {
  /** Per unit: its group (-1: none, e.g. not analysed). */
  groupOf: Int32Array;
  /** Per group: the value ('' for 'other' and 'missing') and which kind of group it is. */
  groups: { value: string; group?: 'other' | 'missing' }[];
  otherValues: number;
};

export class SliceValues {
  private ids: Uint32Array[];
  private readonly dictionaries: Map<string, number>[];
  /** Per attribute: id − 1 → value. */
  private readonly names: string[][];
  private readonly read: (string | undefined)[];

  constructor(
    readonly attributes: string[],
    private readonly maxValues = DEFAULT_MAX_SLICE_VALUES,
  ) {
    this.ids = attributes.map(() => new Uint32Array(0));
    this.dictionaries = attributes.map(() => new Map());
    this.names = attributes.map(() => []);
    this.read = attributes.map(() => undefined);
  }

  /** Sizes the per-unit arrays to the unit table's capacity (new units have no value). */
  grow(capacity: number): void {
    this.ids = this.ids.map((ids) => {
      if (ids.length >= capacity) return ids;
      const bigger = new Uint32Array(capacity);
      bigger.set(ids);
      return bigger;
    });
  }

  /**
   * An exposure at or before the unit's first so far: `tie` when at the same time. An earlier one
   * replaces the unit's values; a tie keeps, per attribute, the smaller value (any value before none),
   * so the result does not depend on the order the exposures are read in.
   */
  observe(unit: number, tie: boolean, source: SliceValueSource | null): void {
    const read = this.read;
    for (let a = 0; a < read.length; a++) read[a] = undefined;
    if (source !== null) source.readSliceValues(this.attributes, read);
    for (let a = 0; a < read.length; a++) {
      const id = this.idOf(a, read[a]);
      const ids = this.ids[a];
      if (!tie || this.precedes(a, id, ids[unit])) ids[unit] = id;
    }
  }

  private idOf(attribute: number, value: string | undefined): number {
    if (value === undefined) return MISSING_VALUE;
    const dictionary = this.dictionaries[attribute];
    const known = dictionary.get(value);
    if (known !== undefined) return known;
    if (dictionary.size >= this.maxValues) return (OVERFLOW | hash31(value)) >>> 0;
    this.names[attribute].push(value);
    dictionary.set(value, dictionary.size + 1);
    return dictionary.size;
  }

  /** Whether value `id` wins a tie against `current`. */
  private precedes(attribute: number, id: number, current: number): boolean {
    if (id === current || id === MISSING_VALUE) return false;
    if (current === MISSING_VALUE) return true;
    if (id >= OVERFLOW || current >= OVERFLOW) return id < current;
    const names = this.names[attribute];
    return names[id - 1] < names[current - 1];
  }

  /**
   * The analysed units (`analysed(unit)`) grouped by their value of one attribute: the `cells` most
   * frequent values (by units; ties by value), then 'other' and 'missing' when they have units.
   */
  groups(
    attribute: number,
    size: number,
    analysed: (unit: number) => boolean,
    cells = DEFAULT_SLICE_CELLS,
  ): SliceGroups {
    const ids = this.ids[attribute];
    const names = this.names[attribute];
    const counts = new Float64Array(names.length + 1);
    const overflow = new Set<number>();
    for (let unit = 0; unit < size; unit++) {
      if (!analysed(unit)) continue;
      const id = ids[unit];
      if (id >= OVERFLOW) overflow.add(id);
      else counts[id]++;
    }
    const ranked: number[] = [];
    for (let id = 1; id < counts.length; id++) if (counts[id] > 0) ranked.push(id);
    ranked.sort((a, b) => counts[b] - counts[a] || (names[a - 1] < names[b - 1] ? -1 : 1));
    const shown = ranked.slice(0, cells);
    const groupOfId = new Int32Array(counts.length).fill(-1);
    shown.forEach((id, group) => (groupOfId[id] = group));
    const groups: SliceGroups['groups'] = shown.map((id) => ({ value: names[id - 1] }));
    const otherValues = ranked.length - shown.length + overflow.size;
    const other = otherValues > 0 ? groups.push({ value: '', group: 'other' }) - 1 : -1;
    for (let id = 1; id < counts.length; id++) if (groupOfId[id] < 0) groupOfId[id] = other;
    const missing =
      counts[MISSING_VALUE] > 0 ? groups.push({ value: '', group: 'missing' }) - 1 : -1;
    groupOfId[MISSING_VALUE] = missing;
    const groupOf = new Int32Array(size).fill(-1);
    for (let unit = 0; unit < size; unit++) {
      if (!analysed(unit)) continue;
      const id = ids[unit];
      groupOf[unit] = id >= OVERFLOW ? other : groupOfId[id];
    }
    return { groupOf, groups, otherValues };
  }

  byteLength(): number {
    return this.ids.reduce((sum, ids) => sum + ids.byteLength, 0);
  }
}

/** FNV-1a over the UTF-16 code units, 31 bits. */
function hash31(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x7fffffff;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An attribute's value as slice text: strings as they are, numbers and booleans as text, else none. */
export function sliceText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The slicing attributes of a Data Export record (envelope or bare event) for contexts of `unitKind`:
 * `context[attribute]` when the context is of that kind (no kind: 'user'), `context[unitKind][attribute]`
 * in a multi-context. Written into `into` (undefined: no value).
 */
export function recordSliceValues(
  record: unknown,
  unitKind: string,
  attributes: string[],
  into: (string | undefined)[],
): void {
  if (!isObject(record)) return;
  const event = isObject(record.event) ? record.event : record;
  const context = event.context;
  if (!isObject(context)) return;
  const kind = Object.hasOwn(context, 'kind') ? context.kind : 'user';
  const member = kind === unitKind ? context : kind === 'multi' ? context[unitKind] : undefined;
  if (!isObject(member) || (kind === 'multi' && !Object.hasOwn(context, unitKind))) return;
  for (let a = 0; a < attributes.length; a++) {
    const attribute = attributes[a];
    into[a] = Object.hasOwn(member, attribute) ? sliceText(member[attribute]) : undefined;
  }
}

// The pure decisions of the Data tab's import flow: whether an arm proposal applies at once, the
// assignment of an iteration's files together, whether a new file can join the files already there,
// and the one-line descriptions the tab shows.
import type { FileImport, StoredAssignment } from '../../lib/db/import-files.ts';
import { formatCount } from '../../lib/format/index.ts';
import type { ArmAssignment, FoundArmLabel } from '../../lib/ingest/index.ts';
import { labelKey } from '../../lib/ingest/arm-matching.ts';

/** Every label placed by its name or as a variation index: no question to ask. */
export function appliesAtOnce(found: readonly FoundArmLabel[]): boolean {
  return found.every(
    (label) => label.proposed !== null && (label.match === 'name' || label.match === 'index'),
  );
}

/** The user's starting choices: the proposals (null where there is none). */
export function proposedChoices(
  found: readonly FoundArmLabel[],
): Map<string, number | 'excluded' | null> {
  return new Map(found.map((label) => [label.label, label.proposed]));
}

/** The choices as an assignment, or the labels still without a variation. */
export function choicesToAssignment(choices: ReadonlyMap<string, number | 'excluded' | null>): {
  assignment: ArmAssignment;
  unplaced: string[];
} {
  const assignment = new Map<string, number | 'excluded'>();
  const unplaced: string[] = [];
  for (const [label, to] of choices) {
    if (to === null) unplaced.push(label);
    else assignment.set(label, to);
  }
  return { assignment, unplaced };
}

/** The stored assignment with each label's units, and back: what the compact line shows. */
export function withUnits(
  assignment: ArmAssignment,
  found: readonly FoundArmLabel[],
): { label: string; variation: number | null; units: number }[] {
  return toStored(assignment).map((entry) => ({
    ...entry,
    units: found.find((label) => label.label === entry.label)?.units ?? 0,
  }));
}

export function fromStored(
  stored: readonly { label: string; variation: number | null; units?: number }[],
): { found: FoundArmLabel[]; assignment: ArmAssignment } {
  return {
    found: stored.map(({ label, variation, units }) => ({
      label,
      units: units ?? 0,
      proposed: variation,
      match: null,
    })),
    assignment: new Map(stored.map(({ label, variation }) => [label, variation ?? 'excluded'])),
  };
}

export function toStored(assignment: ArmAssignment): StoredAssignment {
  return [...assignment].map(([label, to]) => ({
    label,
    variation: to === 'excluded' ? null : to,
  }));
}

/**
 * One assignment for files imported together: each file's choices, a later file's choice winning
 * for a label both have (labels compared as the import compares them: case- and space-insensitively).
 */
export function mergedAssignment(
  files: readonly { assignment: StoredAssignment }[],
): ArmAssignment {
  const byKey = new Map<string, [string, number | 'excluded']>();
  for (const file of files)
    for (const { label, variation } of file.assignment)
      byKey.set(labelKey(label), [label, variation === null ? 'excluded' : variation]);
  return new Map(byKey.values());
}

/** The assignment with each label spelt as the data now spells it (the first spelling seen). */
export function alignLabels(
  assignment: ArmAssignment,
  found: readonly FoundArmLabel[],
): ArmAssignment {
  const byKey = new Map([...assignment].map(([label, to]) => [labelKey(label), to]));
  const aligned = new Map<string, number | 'excluded'>();
  for (const { label } of found) {
    const to = byKey.get(labelKey(label));
    if (to !== undefined) aligned.set(label, to);
  }
  return aligned;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function sameRead(a: FileImport, b: FileImport): boolean {
  return canonical(a) === canonical(b);
}

const KIND_NAMES: Record<FileImport['kind'], string> = {
  json: 'Data Export files',
  events: 'event-level CSV files',
  units: 'unit-level CSV files (one row per unit)',
  summary: 'per-arm summary CSV files',
  warehouse: 'warehouse query results',
};

export function describeRead(read: FileImport): string {
  switch (read.kind) {
    case 'json':
      return read.countAll ? 'Data Export, every evaluation counted' : 'Data Export';
    case 'events':
      return `event-level CSV: unit “${read.mapping.unitKey}”, time “${read.mapping.timestamp}”`;
    case 'units':
      return `unit-level CSV: unit “${read.mapping.unitKey}”, arm “${read.mapping.variation}”`;
    case 'summary':
      return 'per-arm summary CSV';
    case 'warehouse':
      return 'warehouse query result';
  }
}

/**
 * How the iteration's files are read once `next` joins them (they are read together, with one
 * reading), or why it cannot join. Event-level files may map different fields (the warehouse's
 * evaluation and metric tables: the library reads each file for the columns it has), so their
 * mappings are joined when no field is mapped to two different columns. Summaries never join: their
 * units cannot be told apart, so adding two would count units twice.
 */
export function joinFiles(
  existing: readonly FileImport[],
  next: FileImport,
): { read: FileImport } | { problem: string } {
  if (existing.length === 0) return { read: next };
  const current = existing[0];
  const summaries = ['summary', 'warehouse'];
  if (summaries.includes(next.kind) || summaries.includes(current.kind))
    return {
      problem:
        'Per-arm summaries and warehouse results cannot be added to other files (units would be counted twice): remove the files already imported for this iteration first.',
    };
  if (current.kind !== next.kind)
    return {
      problem: `This iteration's data comes from ${KIND_NAMES[current.kind]}; this file is read as ${KIND_NAMES[next.kind]}. Files of one iteration are read together: remove the others first, or use the same kind.`,
    };
  if (sameRead(current, next)) return { read: current };
  const differ = `The files already imported are read as ${describeRead(current)}; this file's columns or options differ. Files of one iteration are read together with one mapping: map this file's columns the same way, or remove the others first.`;
  if (current.kind !== 'events' || next.kind !== 'events') return { problem: differ };
  const mapping: Record<string, string> = { ...current.mapping };
  for (const [field, column] of Object.entries(next.mapping)) {
    if (column === undefined) continue;
    if (mapping[field] !== undefined && mapping[field] !== column) return { problem: differ };
    mapping[field] = column;
  }
  return { read: { kind: 'events', mapping: mapping as typeof current.mapping } };
}

/** "12,000 rows read, 3 malformed, skipped: no-variation 2, other-flag 10". */
export function diagnosticsLine(diagnostics: Record<string, unknown>): string {
  const read = Number(diagnostics.recordsRead ?? 0);
  const malformed = Number(diagnostics.malformedCount ?? 0);
  const skipped = Object.entries((diagnostics.skipped ?? {}) as Record<string, number>)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${formatCount(count)}`);
  return [
    `${formatCount(read)} ${read === 1 ? 'row' : 'rows'} read`,
    `${formatCount(malformed)} malformed`,
    skipped.length ? `skipped: ${skipped.join(', ')}` : 'none skipped',
  ].join(', ');
}

const units = (count: number) => `${formatCount(count)} ${count === 1 ? 'unit' : 'units'}`;

/** `Control ← "control" 1,234 units; Treatment ← "b" 1,200 units; excluded: "x" 3 units`. */
export function armLine(
  found: readonly FoundArmLabel[],
  assignment: ArmAssignment,
  variationNames: readonly string[],
): string {
  const placed = variationNames
    .map((name, index) => {
      const labels = found.filter((label) => assignment.get(label.label) === index);
      return labels.length
        ? `${name} ← ${labels.map((l) => `“${l.label}” ${units(l.units)}`).join(' + ')}`
        : `${name} ← nothing`;
    })
    .join('; ');
  const excluded = found.filter((label) => assignment.get(label.label) === 'excluded');
  return excluded.length
    ? `${placed}; excluded: ${excluded.map((l) => `“${l.label}” ${units(l.units)}`).join(', ')}`
    : placed;
}

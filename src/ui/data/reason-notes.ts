// Plain words beside a diagnostics reason whose name does not say what became of the cells: empty
// cells of a unit-level CSV are counted, not dropped.

const NOTES: [prefix: string, note: string][] = [
  ['missing-value:', 'empty cells: units without a value of this metric'],
  ['missing-pre-period:', 'empty pre-period cells, each read as 0 (no activity before exposure)'],
  ['missing-denominator:', 'empty denominator cells, each read as 0'],
];

/** The note for a skipped-record reason, or '' when its name says enough. */
export function reasonNote(reason: string): string {
  return NOTES.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? '';
}

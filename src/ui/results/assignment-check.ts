// The "Assignment" health check and the audit panel's rows, from the dataset's stored assignment audit
// (docs/assignment-audit.md). Status [ours]: pass with no unit in a wrong arm, a problem when more than
// 1% of the units are, a warning in between.
import { formatCount } from '../../lib/format/index.ts';
import type { AssignmentSource } from '../../lib/domain/assignment-source.ts';
import type { Dataset } from '../../lib/domain/types.ts';
import type { LayerOverlaps } from '../../lib/domain/layer-overlap.ts';
import type { AssignmentAudit, AuditCounts } from '../../lib/ingest/types.ts';
import type { HealthCheck } from './health-checks.ts';

export const WRONG_SHARE_PROBLEM = 0.01;

/** The stored audit with its type (stored as plain JSON on the dataset). */
export function storedAudit(dataset: Pick<Dataset, 'assignmentAudit'>): AssignmentAudit | null {
  return (dataset.assignmentAudit as unknown as AssignmentAudit | undefined) ?? null;
}

/** Units in an arm the flag does not assign (ambiguous ones are not wrong). */
export function wrongUnits(counts: AuditCounts): number {
  return counts.mismatches + counts.outsideAllocation + counts.untrackedVariation;
}

/** A share as a percentage with two decimals, rounded down: 99.996% of units is not "100.00%". */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || !(part >= 0)) return '–';
  const hundredths = Math.floor((part / whole) * 10_000 + 1e-9);
  return `${(hundredths / 100).toFixed(2)}%`;
}

const plural = (n: number, one: string, many: string) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function versionName(version: number | null): string {
  return version === null ? 'no version' : `flag version ${version}`;
}

/** "all from flag version 12" or "from flag versions 11 (3) and 12 (1)". */
function fromVersions(audit: AssignmentAudit, pick: (row: AuditCounts) => number): string {
  const rows = audit.byVersion.filter((row) => pick(row) > 0);
  if (rows.length === 0) return '';
  if (rows.length === 1) return `, all from ${versionName(rows[0].version)}`;
  const parts = rows.map(
    (row) => `${row.version === null ? 'none' : row.version} (${formatCount(pick(row))})`,
  );
  return `, from flag versions ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The check's sentence: "99.98% of 20,345 units are in the arm the flag assigns; 4 mismatches, all from flag version 12". */
export function auditSentence(audit: AssignmentAudit): string {
  const wrong = wrongUnits(audit);
  const head =
    wrong === 0 && audit.ambiguous === 0
      ? `All ${plural(audit.units, 'unit is', 'units are')} in the arm the flag assigns`
      : `${formatShare(audit.matches, audit.units)} of ${plural(audit.units, 'unit is', 'units are')} in the arm the flag assigns`;
  const parts: string[] = [];
  if (audit.mismatches > 0)
    parts.push(
      plural(audit.mismatches, 'mismatch', 'mismatches') + fromVersions(audit, (r) => r.mismatches),
    );
  if (audit.outsideAllocation > 0)
    parts.push(
      `${plural(audit.outsideAllocation, 'unit', 'units')} exposed outside the allocation`,
    );
  if (audit.untrackedVariation > 0)
    parts.push(`${plural(audit.untrackedVariation, 'unit', 'units')} in an untracked variation`);
  if (audit.ambiguous > 0)
    parts.push(
      `${formatCount(audit.ambiguous)} ambiguous at a float32 boundary (not counted as wrong)`,
    );
  return parts.length ? `${head}; ${parts.join('; ')}.` : `${head}.`;
}

/**
 * The "Assignment" check; null when the data cannot be audited (summaries, typed numbers, CSV files:
 * only Data Export JSON carries the unit keys and the flag's variation indices the audit needs).
 */
export function assignmentHealthCheck(
  dataset: Pick<Dataset, 'assignmentAudit' | 'source'>,
  source: AssignmentSource,
): HealthCheck | null {
  const label = 'Assignment';
  const audit = storedAudit(dataset);
  if (!audit) {
    if (dataset.source.kind !== 'files') return null;
    if (dataset.source.files.every((file) => /\.(csv|tsv)(\.gz)?$/i.test(file.name))) return null;
    return {
      id: 'assignment',
      label,
      status: 'warn',
      detail: source.ok
        ? "Not audited: the flag's bucketing was not known when the files were read. Read them again on the Data tab."
        : `Not audited. ${source.reason}`,
    };
  }
  const wrong = wrongUnits(audit);
  return {
    id: 'assignment',
    label,
    status: wrong === 0 ? 'pass' : wrong > WRONG_SHARE_PROBLEM * audit.units ? 'fail' : 'warn',
    detail: auditSentence(audit),
  };
}

export type AuditRow = {
  key: string;
  label: string;
  units: string;
  wrong: string;
  rate: string;
  ambiguous: string;
};

/** One breakdown's rows: units, units in a wrong arm and their share, ambiguous units. */
export function breakdownRows<T extends AuditCounts>(
  rows: readonly T[],
  label: (row: T) => string,
): AuditRow[] {
  return rows.map((row) => {
    const wrong = wrongUnits(row);
    return {
      key: label(row),
      label: label(row),
      units: formatCount(row.units),
      wrong: formatCount(wrong),
      rate: formatShare(wrong, row.units),
      ambiguous: formatCount(row.ambiguous),
    };
  });
}

/** What the layer check found: designed overlaps, pairs hashed apart, and the units seen in another's reservation. */
export function layerSentences(
  experimentKey: string,
  layerKey: string | null,
  designed: LayerOverlaps,
  audit: AssignmentAudit | null,
): string[] {
  if (!layerKey) return [];
  const lines: string[] = [];
  const other = (keys: [string, string]) => (keys[0] === experimentKey ? keys[1] : keys[0]);
  const mine = (keys: [string, string]) => keys.includes(experimentKey);
  for (const { experimentKeys, ranges } of designed.overlaps.filter((o) => mine(o.experimentKeys)))
    lines.push(
      `The reservations of this experiment and “${other(experimentKeys)}” in layer “${layerKey}” overlap in buckets ${ranges
        .map(([from, to]) => `${formatShare(from, 1)}–${formatShare(to, 1)}`)
        .join(', ')}.`,
    );
  for (const keys of designed.notComparable.filter(mine))
    lines.push(
      `“${other(keys)}” in layer “${layerKey}” is hashed with another seed or salt: bucket space cannot keep its units apart from this experiment's.`,
    );
  const seen = audit?.layer;
  if (seen) {
    const overlapping = seen.overlaps.filter((o) => o.units > 0);
    if (overlapping.length === 0)
      lines.push(
        seen.overlaps.length === 0
          ? `No other experiment of layer “${layerKey}” hashed alike was known when the files were read.`
          : `No unit seen here falls in the reservation of another experiment of layer “${layerKey}”.`,
      );
    for (const o of overlapping)
      lines.push(
        `${plural(o.units, 'unit', 'units')} seen here ${o.units === 1 ? 'falls' : 'fall'} in the reservation of “${o.experimentKey}” (layer “${layerKey}”).`,
      );
  }
  return lines;
}

// The Design tab's role picker and guardrail margin: a role is stored as `primary` plus an optional
// `guardrailMargin` (see metricRole in src/lib/domain/types.ts), so older records need no migration.
import { metricRole, type MetricDefinition, type MetricRole } from '../../lib/domain/types.ts';
import { DESIGN_LIMITS } from '../../lib/domain/text-limits.ts';

/** A new guardrail's margin: "no worse than −1%" [ours]. */
export const DEFAULT_GUARDRAIL_MARGIN = 0.01;

export { metricRole, type MetricRole };

/** The metrics with metric `index` given `role`; a new primary makes the old one secondary. */
export function withRole(
  metrics: readonly MetricDefinition[],
  index: number,
  role: MetricRole,
): MetricDefinition[] {
  return metrics.map((metric, i) => {
    if (i !== index) {
      if (role === 'primary' && metric.primary) return { ...metric, primary: false };
      return metric;
    }
    const { guardrailMargin, ...rest } = metric;
    if (role === 'guardrail')
      return {
        ...rest,
        primary: false,
        guardrailMargin: guardrailMargin ?? DEFAULT_GUARDRAIL_MARGIN,
      };
    return { ...rest, primary: role === 'primary' };
  });
}

/** A margin as typed in percent ("1" or "1%" → 0.01); blank or out of range is refused with a reason. */
export function parseMarginPercent(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/%$/, '').trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  const max = DESIGN_LIMITS.maxGuardrailMargin * 100;
  if (!Number.isFinite(value) || value < 0 || value >= max)
    return {
      ok: false,
      message: `The margin is a percentage from 0 to less than ${max} (for example 1 for “no worse than −1%”).`,
    };
  return { ok: true, value: value / 100 };
}

/** A stored margin as the percent the field shows: 0.01 → "1". */
export function marginPercentText(margin: number | undefined): string {
  return margin === undefined ? '' : String(Number((margin * 100).toPrecision(12)));
}

/** Slicing attributes as typed (comma-separated): trimmed, blanks dropped, order and repeats kept for the rules to name. */
export function parseAttributes(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

// The decision rule's settings as typed in the settings panel: percentages and a count of units.
import { ANALYSIS_LIMITS } from '../../lib/analysis/defaults.ts';
import type { ThresholdInput } from './winner-threshold.ts';

/** A percentage strictly between 0 and 100, stored as a fraction: "0.25" → 0.0025. */
export function parseOpenPercent(text: string): ThresholdInput {
  const message = 'Enter a percentage above 0 and below 100.';
  const trimmed = text.trim().replace(/%$/, '').trim();
  const percent = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(percent) || percent <= 0 || percent >= 100) return { ok: false, message };
  // Rounded to the setting's own digits so 0.1 stays 0.001, not 0.0010000000000000002.
  return { ok: true, value: Number((percent / 100).toPrecision(12)) };
}

/** A whole number of units from 0 up to the limit. */
export function parseMinimumUnits(text: string): ThresholdInput {
  const max = ANALYSIS_LIMITS.maxMinimumUnitsPerArm;
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  const units = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isSafeInteger(units) || units < 0 || units > max)
    return {
      ok: false,
      message: `Enter a whole number of units from 0 to ${max.toLocaleString('en-US')}.`,
    };
  return { ok: true, value: units };
}

/** A stored fraction as the percent the field shows: 0.0025 → "0.25". */
export function percentText(value: number): string {
  return String(Number((value * 100).toPrecision(12)));
}

// The winner threshold as typed in the settings panel: a percentage of probability to be best.
import { formatMass } from '../../lib/format/index.ts';

export const WINNER_THRESHOLD_RANGE = { minPercent: 50, maxPercent: 99.9 } as const;

export type ThresholdInput = { ok: true; value: number } | { ok: false; message: string };

export function parseWinnerThreshold(text: string): ThresholdInput {
  const { minPercent, maxPercent } = WINNER_THRESHOLD_RANGE;
  const message = `Enter a percentage from ${minPercent} to ${maxPercent}.`;
  const trimmed = text.trim().replace('−', '-');
  if (trimmed === '') return { ok: false, message };
  const percent = Number(trimmed);
  if (!Number.isFinite(percent) || percent < minPercent || percent > maxPercent)
    return { ok: false, message: `${formatPercentText(trimmed)} is outside the range. ${message}` };
  return { ok: true, value: Math.round(percent * 10) / 1000 };
}

function formatPercentText(text: string): string {
  const number = Number(text);
  return Number.isFinite(number) ? formatMass(number / 100) : `"${text}"`;
}

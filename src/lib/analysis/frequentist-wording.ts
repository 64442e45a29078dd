// The words of each frequentist mode: what the interval is, which p-value is shown, and one line that
// says how to read them.
import { formatMass } from '../format/index.ts';
import type { FrequentistSettings } from './settings.ts';

const CORRECTION_NAMES = {
  holm: 'Holm',
  'benjamini-hochberg': 'Benjamini–Hochberg',
} as const;

export type FrequentistWording = { interval: string; pValue: string; explanation: string };

export function frequentistWording(
  settings: Pick<FrequentistSettings, 'inference' | 'confidenceLevel' | 'correction'>,
): FrequentistWording {
  const level = formatMass(settings.confidenceLevel);
  const sequential = settings.inference === 'sequential';
  const interval = sequential
    ? `${level} always-valid interval (sequential)`
    : `${level} confidence interval`;
  const base = sequential ? 'always-valid p-value' : 'p-value';
  const pValue =
    settings.correction === 'none'
      ? base
      : `${base} (${CORRECTION_NAMES[settings.correction]}-adjusted)`;
  const correction =
    settings.correction === 'none'
      ? ''
      : ` p-values are ${CORRECTION_NAMES[settings.correction]}-adjusted across every treatment arm and metric.`;
  const explanation = sequential
    ? `Sequential test: the interval and p-value stay valid however often you look (tuned for about N* units).${correction}`
    : `Fixed-horizon test: read it once, at the planned sample size; looking early inflates false positives.${correction}`;
  return { interval, pValue, explanation };
}

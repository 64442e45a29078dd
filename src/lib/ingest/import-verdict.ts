// The plain judgement of one import: did it give something to analyse, and if not (or only partly),
// the main reason and what to do. Pure: the ingest diagnostics, the units found and the window in,
// a verdict out. The Data tab shows it instead of a bare "Imported N units".
import type { IngestDiagnostics } from './types.ts';

export type ImportVerdictLevel = 'ok' | 'warning' | 'error';

export type ImportWindow = { start: number | null; end: number | null };

export type ImportVerdict = {
  level: ImportVerdictLevel;
  /** A stable name of the main reason, for tests and styling. */
  code:
    | 'ok'
    | 'no-records'
    | 'all-malformed'
    | 'all-outside-window'
    | 'mostly-outside-window'
    | 'no-units'
    | 'most-rows-dropped';
  reason: string;
  fix: string;
  /** The data's own time range as a window [first, last + 1 ms), offered when the window is the cause. */
  dataWindow?: { start: number; end: number };
  /** Things to know that do not make the import wrong (sampled events). */
  notes: string[];
};

export type ImportVerdictInput = {
  diagnostics: IngestDiagnostics;
  /** Units analysed, over all arms. */
  units: number;
  window: ImportWindow;
  flagKey?: string;
  unitKind?: string;
};

/**
 * Skip reasons that mean a row was lost to the analysis rather than simply not about this experiment
 * (other flags, other events, summary and index events, evaluations outside the experiment…) [ours].
 */
const LOSS_REASONS: Record<string, string> = {
  'no-unit-key': 'carry no key for the randomization unit',
  'no-timestamp': 'have no creationDate',
  'no-kind': 'have no kind',
  'unknown-kind': 'have an unknown kind',
  'failed-evaluation': 'are failed flag evaluations',
  'unit-in-several-arms': 'belong to units exposed to several arms',
  'missing-metric-value': 'lack the metricValue a numeric metric needs',
};

// Same text as the charts' formatters (1,234 and "2026-03-02 00:00 UTC"), kept here so ingest does
// not depend on the charts layer.
const formatCount = (value: number) => Math.round(value).toLocaleString('en-US');
const formatTimestamp = (value: number | null) =>
  value === null ? '—' : `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const plural = (count: number, one: string, many = `${one}s`) =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

function dataWindowOf(d: IngestDiagnostics): { start: number; end: number } | undefined {
  if (d.firstTimestamp === null || d.lastTimestamp === null) return undefined;
  return { start: d.firstTimestamp, end: d.lastTimestamp + 1 };
}

function windowText(window: ImportWindow): string {
  const end = window.end === null ? 'now' : formatTimestamp(window.end);
  return `${window.start === null ? 'the beginning' : formatTimestamp(window.start)} to ${end}`;
}

/** True when the data's time range and the window [start, end) share no instant. */
function disjoint(d: IngestDiagnostics, window: ImportWindow): boolean {
  if (d.firstTimestamp === null || d.lastTimestamp === null) return false;
  const start = window.start ?? -Infinity;
  const end = window.end ?? Infinity;
  return d.lastTimestamp < start || d.firstTimestamp >= end;
}

/** Rows lost to the analysis, by reason, largest first. */
function losses(d: IngestDiagnostics): { label: string; count: number; code: string }[] {
  const out = [
    { code: 'outside-window', label: 'fall outside the window', count: d.eventsOutsideWindow },
    { code: 'malformed', label: 'are malformed', count: d.malformedCount },
    { code: 'duplicates', label: 'are duplicates', count: d.duplicatesDropped },
    {
      code: 'before-exposure',
      label: "come before the unit's first exposure",
      count: d.eventsBeforeExposure,
    },
  ];
  for (const [reason, count] of Object.entries(d.skipped ?? {}))
    if (reason in LOSS_REASONS) out.push({ code: reason, label: LOSS_REASONS[reason], count });
  return out.filter((loss) => loss.count > 0).sort((a, b) => b.count - a.count);
}

const FIX_FOR_LOSS: Record<string, string> = {
  'outside-window':
    "Set the iteration's window to cover the data (use the data's range), then import again.",
  malformed: 'Check the files are Data Export JSON (one object per line, or a JSON array).',
  duplicates: 'The same records were imported more than once: import each file only once.',
  'before-exposure':
    'Metric events before exposure do not count; check the exposure events are in the files.',
  'no-unit-key':
    "Check the experiment's randomization unit matches the context kind the events carry.",
  'no-timestamp': 'Export the events with their creationDate.',
  'no-kind': 'Check the files are Data Export files.',
  'unknown-kind': 'Check the files are Data Export files.',
  'failed-evaluation': 'Check the flag evaluated without errors in the SDK.',
  'unit-in-several-arms':
    'Check the assignment: a unit should see one variation for the whole iteration.',
  'missing-metric-value': "Send a metricValue with each numeric metric's events.",
};

/** Why no unit came out, when the window is not the (whole) explanation. */
function noUnitsReason(input: ImportVerdictInput): { reason: string; fix: string } {
  const d = input.diagnostics;
  const skipped = d.skipped ?? {};
  const flag = input.flagKey ? `“${input.flagKey}”` : 'the experiment’s flag';
  const notInExperiment = skipped['not-in-experiment'] ?? 0;
  const otherFlag = skipped['other-flag'] ?? 0;
  const noUnit = skipped['no-unit-key'] ?? 0;
  const several = skipped['unit-in-several-arms'] ?? 0;
  const candidates = [
    {
      count: d.eventsOutsideWindow,
      reason: `${plural(d.eventsOutsideWindow, 'event')} fall outside the iteration's window (${windowText(input.window)}).`,
      fix: FIX_FOR_LOSS['outside-window'],
    },
    {
      count: notInExperiment,
      reason: `${plural(notInExperiment, 'evaluation')} of ${flag} were not experiment exposures (no “inExperiment: true”).`,
      fix: 'For older records without “inExperiment”, tick “count every evaluation of the flag” and import again.',
    },
    {
      count: noUnit,
      reason: `${plural(noUnit, 'event')} carry no ${input.unitKind ?? 'unit'} key.`,
      fix: FIX_FOR_LOSS['no-unit-key'],
    },
    {
      count: several,
      reason: `Every exposed unit saw several variations (${plural(several, 'event')} left out).`,
      fix: FIX_FOR_LOSS['unit-in-several-arms'],
    },
  ].filter((c) => c.count > 0);
  candidates.sort((a, b) => b.count - a.count);
  if (candidates.length) return candidates[0];
  if (otherFlag > 0)
    return {
      reason: `The files hold no evaluation of ${flag}: ${plural(otherFlag, 'evaluation')} of other flags.`,
      fix: "Check the experiment's flag key, or import the export of the right project and environment.",
    };
  return {
    reason: `The files hold no experiment exposure of ${flag}.`,
    fix: 'Check the files are the Data Export of the right flag, project and environment.',
  };
}

/**
 * samplingRatio N > 1: the SDK sent about one in N such events. They are counted, not reweighted
 * (docs/data-import.md#data-export-records) [ours]; the count covers every record, this experiment's or not.
 */
function samplingNotes(d: IngestDiagnostics): string[] {
  if (!(d.sampledEvents > 0)) return [];
  return [
    `${plural(d.sampledEvents, 'record')} carry a samplingRatio above 1 (the SDK sent about one in N of them). Each is counted once, not reweighted: if they are this experiment's exposures or metric events, totals understate the traffic, and sampling that differs between arms upsets the sample-ratio check.`,
  ];
}

/** Σy or Σy² beyond a double: the analysis refuses such a metric, and the import says so first. */
function overflowNotes(d: IngestDiagnostics): string[] {
  if (!d.nonFinite?.length) return [];
  return [
    `Values too large to analyse in ${d.nonFinite.join(', ')}: a sum of squares exceeds the largest number a browser can hold (values of about 1e154 or more). Check the unit of these values (for example cents written as a very large number, or an error code).`,
  ];
}

export function importVerdict(input: ImportVerdictInput): ImportVerdict {
  const verdict = judge(input);
  return {
    ...verdict,
    notes: [...samplingNotes(input.diagnostics), ...overflowNotes(input.diagnostics)],
  };
}

function judge(input: ImportVerdictInput): Omit<ImportVerdict, 'notes'> {
  const d = input.diagnostics;
  const rows = d.recordsRead + d.malformedCount;
  if (rows === 0)
    return {
      level: 'error',
      code: 'no-records',
      reason: 'The files hold no records.',
      fix: 'Choose the Data Export files themselves (JSON Lines, JSON arrays, gzip or not).',
    };
  if (d.recordsRead === 0)
    return {
      level: 'error',
      code: 'all-malformed',
      reason: `None of the ${plural(rows, 'record')} could be read: every one is malformed.`,
      fix: FIX_FOR_LOSS.malformed,
    };
  const dataWindow = dataWindowOf(d);
  const range = dataWindow
    ? `${formatTimestamp(dataWindow.start)} to ${formatTimestamp(d.lastTimestamp)}`
    : '';
  if (input.units === 0 && disjoint(d, input.window))
    return {
      level: 'warning',
      code: 'all-outside-window',
      reason: `No units in the window: every event falls outside the iteration's window (${windowText(input.window)}); the data runs from ${range}.`,
      fix: "Use the data's range as the iteration's window and import again.",
      dataWindow,
    };
  if (input.units === 0) {
    const { reason, fix } = noUnitsReason(input);
    const windowIsCause = d.eventsOutsideWindow > 0 && reason.includes('window');
    return {
      level: 'warning',
      code: 'no-units',
      reason: `No units to analyse. ${reason}`,
      fix,
      ...(windowIsCause && dataWindow ? { dataWindow } : {}),
    };
  }
  const lost = losses(d);
  const lostTotal = lost.reduce((sum, loss) => sum + loss.count, 0);
  if (lostTotal * 2 > rows) {
    const main = lost[0];
    const windowIsCause = main.code === 'outside-window';
    return {
      level: 'warning',
      code: windowIsCause ? 'mostly-outside-window' : 'most-rows-dropped',
      reason: `More than half of the rows were dropped (${formatCount(lostTotal)} of ${formatCount(rows)}): mostly ${plural(main.count, 'row')} that ${main.label}.`,
      fix: FIX_FOR_LOSS[main.code],
      ...(windowIsCause && dataWindow ? { dataWindow } : {}),
    };
  }
  return {
    level: 'ok',
    code: 'ok',
    reason: `Imported ${plural(input.units, 'unit')}.`,
    fix: '',
  };
}

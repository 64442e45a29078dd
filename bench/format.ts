// How measurements are printed: a table where every figure stands beside its baseline, or one JSON
// object per line with exactly the keys of the contract, in the contract's order.
import type { BenchMeasurement } from './types.ts';

const JSON_KEYS = ['name', 'value', 'unit', 'baseline', 'ratio', 'goal', 'met'] as const;

export function toJsonLine(measurement: BenchMeasurement): string {
  const ordered: Record<string, unknown> = {};
  for (const key of JSON_KEYS) ordered[key] = finiteOrNull(measurement[key]);
  return JSON.stringify(ordered);
}

// JSON has no NaN or Infinity; a figure that is not finite is printed as null rather than breaking the line.
function finiteOrNull(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Three significant digits, without exponent notation for the magnitudes benchmarks produce. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

export function formatTable(measurements: BenchMeasurement[]): string {
  const header = ['name', 'value', 'baseline', 'ratio', 'goal', 'met'];
  const rows = measurements.map((m) => [
    m.name,
    `${formatNumber(m.value)} ${m.unit}`,
    m.baseline === null ? '—' : `${formatNumber(m.baseline)} ${m.unit}`,
    m.ratio === null ? '—' : `${formatNumber(m.ratio)}×`,
    m.goal,
    m.met ? '✓' : '✗',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
